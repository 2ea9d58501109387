'use strict';
// Unit checks of the conformance tooling: snapshot generation (snapshot.js) and
// the code and binding checks (terminology.js).
//   cd tests/fhir-server && npm test
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it } = require('node:test');
const { addSnapshots, loadBaseDefinitions } = require('../snapshot');
const { Terminology } = require('../terminology');

const PROFILES = path.join(__dirname, '..', '..', '..', 'profiles');
const SNAPSHOT = path.join(__dirname, '..', 'snapshot.js');
const read = (name) => JSON.parse(fs.readFileSync(path.join(PROFILES, name), 'utf8'));

describe('snapshot.js', () => {
  const base = loadBaseDefinitions();

  it('expands slices, their fixed urls and complex-type children', () => {
    const flag = read('StructureDefinition-als-flag.json');
    const [done] = addSnapshots([{ ...flag, snapshot: undefined }], base);
    const byId = new Map(done.snapshot.element.map((e) => [e.id, e]));
    assert.equal(byId.get('Flag.extension:priority.url').fixedUri, 'http://hl7.org/fhir/StructureDefinition/flag-priority');
    assert.equal(byId.get('Flag.code.coding:rule').min, 1);
    assert.equal(byId.get('Flag.identifier:adapter.system').fixedUri, 'http://als-adapter.org/fhir/identifier/flag');
    assert.equal(byId.get('Flag.period.start').min, 1);
    // Base constraints are kept, the profile's appended.
    const keys = byId.get('Flag').constraint.map((c) => c.key);
    assert.ok(keys.includes('dom-2') && keys.includes('als-flag-1'));
  });

  it('--check fails on a stale snapshot and passes after regeneration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'als-snapshot-'));
    try {
      const flag = read('StructureDefinition-als-flag.json');
      flag.differential.element.find((e) => e.id === 'Flag.period').min = 0;
      fs.writeFileSync(path.join(dir, 'flag.json'), JSON.stringify(flag));
      const stale = spawnSync('node', [SNAPSHOT, '--check', dir], { encoding: 'utf8' });
      assert.equal(stale.status, 1);
      assert.match(stale.stderr, /flag\.json: snapshot missing or stale/);
      assert.equal(spawnSync('node', [SNAPSHOT, dir]).status, 0);
      assert.equal(spawnSync('node', [SNAPSHOT, '--check', dir]).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the element of a differential it cannot place', () => {
    const bad = {
      ...read('StructureDefinition-als-flag.json'),
      differential: { element: [{ id: 'Flag.nonsense.child', path: 'Flag.nonsense.child' }] },
    };
    assert.throws(() => addSnapshots([bad], base), /Flag\.nonsense\.child: parent element Flag\.nonsense not found/);
  });
});

describe('terminology.js', () => {
  const terminology = new Terminology().addR4();
  terminology.add(read('CodeSystem-als-guideline-rule.json'));
  terminology.add(read('ValueSet-als-guideline-rule.json'));

  it('expands a whole-system ValueSet of ours and an R4 one', () => {
    assert.ok(terminology.expand('http://als-adapter.org/fhir/ValueSet/als-guideline-rule').has(
      'http://als-adapter.org/fhir/CodeSystem/als-guideline-rule|riluzole-offer'));
    assert.ok(terminology.expand('http://hl7.org/fhir/ValueSet/flag-status|4.0.1').has('http://hl7.org/fhir/flag-status|active'));
  });

  it('reports an unknown code of a known complete CodeSystem, with its path', () => {
    const issues = terminology.unknownCodes({
      resourceType: 'Flag',
      code: { coding: [{ system: 'http://als-adapter.org/fhir/CodeSystem/als-guideline-rule', code: 'nope' }] },
      category: [{ coding: [{ system: 'http://example.org/local', code: 'anything' }] }],
    });
    assert.deepEqual(issues, [
      "Flag.code.coding[0]: Unknown code 'nope' in CodeSystem http://als-adapter.org/fhir/CodeSystem/als-guideline-rule",
    ]);
  });

  it('checks required bindings for code, Coding and CodeableConcept values', () => {
    const url = 'http://hl7.org/fhir/ValueSet/flag-status|4.0.1';
    assert.deepEqual(terminology.bindingIssues({ [url]: [{ type: 'code', value: 'active', path: 'Flag.status' }] }), []);
    assert.equal(terminology.bindingIssues({ [url]: [{ type: 'code', value: 'open', path: 'Flag.status' }] }).length, 1);
  });
});
