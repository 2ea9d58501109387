'use strict';
// Local FHIR R4 test server (see README.md). Usage:
//   node --experimental-websocket server.js DIR
// DIR holds the certificates, client keys and secrets made by ctl.sh; the
// server writes DIR/server.json with its URLs once all listeners are up.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { HttpError, JSON_TYPE, parseBody, parseJson, readBody, requestOrigin, send, sendError } = require('./http-util');
const { loadR4Definitions, loadProfiles } = require('./validation');
const { FhirService } = require('./fhir');
const { SmartAuth } = require('./smart');
const { FaultQueue } = require('./faults');
const { Stats, handleAdmin } = require('./admin');

const MAX_CONNECTIONS_PER_LISTENER = 256;
const SECRET_QUERY_PARAMS = /^(access_token|client_secret|client_assertion|token)$/i;

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    throw new Error('usage: node --experimental-websocket server.js DIR');
  }
  const started = Date.now();
  const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
  loadR4Definitions();
  const profileDir = process.env.ALS_PROFILES_DIR || path.resolve(__dirname, '../../profiles');
  const mappingsDir = process.env.ALS_MAPPINGS_DIR || path.resolve(__dirname, '../../mappings');
  const ctx = {
    fhir: new FhirService(),
    smart: new SmartAuth({ clients: registeredClients(read), staticToken: read('static-token').trim() }),
    faults: new FaultQueue(),
    stats: new Stats(),
    profiles: loadProfiles([profileDir, mappingsDir], log),
  };
  const tls = { key: read('server-key.pem'), cert: read('server.pem') };
  const listeners = [
    { name: 'http', scheme: 'http', server: http.createServer() },
    { name: 'https', scheme: 'https', server: https.createServer(tls) },
    {
      name: 'mtls',
      scheme: 'https',
      server: https.createServer({ ...tls, ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }),
    },
    // A certificate from the test CA for elsewhere.invalid: trusted, but not for 127.0.0.1.
    {
      name: 'wrong_name',
      scheme: 'https',
      server: https.createServer({ key: read('wrong-name-key.pem'), cert: read('wrong-name.pem') }),
    },
  ];
  const urls = {};
  for (const listener of listeners) {
    listener.server.maxConnections = MAX_CONNECTIONS_PER_LISTENER;
    listener.server.on('request', (req, res) => onRequest(ctx, listener, req, res));
    const port = await listen(listener.server);
    urls[listener.name] = `${listener.scheme}://127.0.0.1:${port}`;
  }
  writeAtomically(path.join(dir, 'server.json'), JSON.stringify({ ...urls, dir: path.resolve(dir) }, null, 2) + '\n');
  log(`ready in ${Date.now() - started} ms: ${JSON.stringify(urls)}`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => shutdown(ctx, listeners, signal));
  }
}

function registeredClients(read) {
  return [
    {
      id: 'rs384-client',
      alg: 'RS384',
      kid: 'rs384-key',
      publicKey: crypto.createPublicKey(read('rs384-client.pub.pem')),
    },
    {
      id: 'es384-client',
      alg: 'ES384',
      kid: 'es384-key',
      publicKey: crypto.createPublicKey(read('es384-client.pub.pem')),
    },
    { id: 'secret-client', secret: read('secret-client.secret').trim() },
  ];
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function shutdown(ctx, listeners, signal) {
  log(`${signal}: shutting down`);
  ctx.faults.releaseStalled();
  for (const { server } of listeners) {
    server.close();
    server.closeAllConnections();
  }
  setTimeout(() => process.exit(0), 200).unref();
}

async function onRequest(ctx, listener, req, res) {
  const started = process.hrtime.bigint();
  res.on('close', () => logRequest(listener, req, res, started));
  try {
    await dispatch(ctx, listener, req, res);
  } catch (err) {
    let error = err;
    if (!(error instanceof HttpError)) {
      log(`internal error on ${req.method} ${redactUrl(req.url)}: ${err?.stack ?? err}`);
      error = new HttpError(500, 'Internal server error', { code: 'exception' });
    }
    if (res.headersSent) {
      res.destroy();
    } else {
      sendError(req, res, error);
    }
  }
}

async function dispatch(ctx, listener, req, res) {
  const [pathname, query] = splitUrl(req.url);
  if (pathname.startsWith('/_admin/')) {
    if (listener.name !== 'http') {
      throw new HttpError(404, 'Admin endpoints are served on the HTTP port only');
    }
    const body = parseJson(await readBody(req)); // JSON whatever the Content-Type, for curl -d
    if (body.jsonError) {
      throw new HttpError(400, body.jsonError);
    }
    const result = handleAdmin(ctx, req.method, pathname, body.json);
    return send(req, res, result.status, result.body, { contentType: JSON_TYPE });
  }

  const raw = await readBody(req);
  const body = parseBody(req, raw);
  const target = resolveTarget(pathname);
  ctx.stats.count(req.method, kindOf(ctx, req.method, target, query, body));
  const fault = ctx.faults.take(req.url, raw);
  if (fault) {
    res.faultKind = fault.kind;
    return ctx.faults.apply(fault, req, res);
  }
  if (!target) {
    throw new HttpError(404, `No endpoint at ${pathname}`, { code: 'not-found' });
  }
  const origin = requestOrigin(req, listener.scheme);
  if (target.area === 'token') {
    return tokenRequest(ctx, req, res, body, origin);
  }
  return fhirRequest(ctx, req, res, body, origin, target, query);
}

function splitUrl(url) {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}

/** `{ area: 'token' }`, `{ area: 'fhir', prefix: '' | 'bearer/' | 'smart/', rest }` or undefined. */
function resolveTarget(pathname) {
  if (pathname === '/smart/token') {
    return { area: 'token' };
  }
  const match = /^\/(bearer\/|smart\/)?fhir(?:\/(.*))?$/.exec(pathname);
  return match ? { area: 'fhir', prefix: match[1] ?? '', rest: match[2] ?? '' } : undefined;
}

function kindOf(ctx, method, target, query, body) {
  if (!target) {
    return 'other';
  }
  if (target.area === 'token') {
    return 'token';
  }
  if (target.rest === '.well-known/smart-configuration') {
    return 'smart-configuration';
  }
  return ctx.fhir.kindOf(method, target.rest + query, body.json);
}

function tokenRequest(ctx, req, res, body, origin) {
  if (req.method !== 'POST') {
    throw new HttpError(405, 'The token endpoint accepts POST only', { headers: { Allow: 'POST' } });
  }
  const result = ctx.smart.token({
    authorization: req.headers.authorization,
    form: body.form,
    tokenUrl: `${origin}/smart/token`,
  });
  send(req, res, result.status, result.body, { headers: result.headers, contentType: JSON_TYPE });
}

const AUTH_MODES = { '': undefined, 'bearer/': 'static', 'smart/': 'smart' };

async function fhirRequest(ctx, req, res, body, origin, target, query) {
  if (target.prefix === 'smart/' && target.rest === '.well-known/smart-configuration') {
    if (req.method !== 'GET') {
      throw new HttpError(405, 'GET only', { headers: { Allow: 'GET' } });
    }
    return send(req, res, 200, ctx.smart.smartConfiguration(origin), { contentType: JSON_TYPE });
  }
  const mode = AUTH_MODES[target.prefix];
  if (mode) {
    const denied = ctx.smart.checkBearer(req.headers.authorization, mode);
    if (denied) {
      throw new HttpError(401, denied.message, { code: 'login', headers: { 'WWW-Authenticate': denied.challenge } });
    }
  }
  if (body.jsonError) {
    throw new HttpError(400, body.jsonError, { code: 'structure' });
  }
  if (body.unsupportedType) {
    throw new HttpError(415, `Unsupported Content-Type ${body.unsupportedType}`);
  }
  const result = await ctx.fhir.handle({
    method: req.method,
    relativeUrl: target.rest + query,
    headers: req.headers,
    body: body.json,
    form: body.form,
    base: `${origin}/${target.prefix}fhir`,
  });
  send(req, res, result.status, result.body, { headers: result.headers });
}

function logRequest(listener, req, res, started) {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const outcome = res.faultKind ? `fault=${res.faultKind}` : String(res.statusCode);
  log(`${listener.name} ${req.method} ${redactUrl(req.url)} ${outcome} ${ms.toFixed(1)}ms`);
}

function redactUrl(url) {
  const [pathname, query] = splitUrl(url);
  if (!query) {
    return pathname;
  }
  const params = new URLSearchParams(query.slice(1));
  for (const name of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.test(name)) {
      params.set(name, 'REDACTED');
    }
  }
  return `${pathname}?${params}`;
}

function log(message) {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

main().catch((err) => {
  log(`failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
