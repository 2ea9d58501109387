'use strict';
// HTTP plumbing shared by the FHIR, SMART and admin handlers: bounded body reading,
// body parsing, JSON/gzip responses and OperationOutcome errors.
const zlib = require('node:zlib');

const MAX_BODY_BYTES = 50 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** An error that is answered with `status` and `body` (an OperationOutcome unless given). */
class HttpError extends Error {
  constructor(status, message, { body, headers, code = 'processing' } = {}) {
    super(message);
    this.status = status;
    this.body = body ?? operationOutcome('error', code, message);
    this.headers = headers ?? {};
  }
}

function operationOutcome(severity, code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

/** Reads the request body into a Buffer (gunzipped if sent gzip), at most MAX_BODY_BYTES. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      reject(tooLarge());
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(decodeContent(req, Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function tooLarge() {
  return new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`, {
    code: 'too-costly',
    headers: { Connection: 'close' },
  });
}

function decodeContent(req, buf) {
  const encoding = (req.headers['content-encoding'] || 'identity').toLowerCase();
  if (encoding === 'identity' || buf.length === 0) {
    return buf;
  }
  if (encoding !== 'gzip') {
    throw new HttpError(415, `Unsupported Content-Encoding: ${encoding}`);
  }
  try {
    return zlib.gunzipSync(buf, { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    if (err.code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge();
    }
    throw new HttpError(400, `Invalid gzip body: ${err.message}`);
  }
}

/**
 * Parses a body by its Content-Type: `{ json }` for JSON types, `{ form }` for
 * application/x-www-form-urlencoded (values repeated in the form become arrays),
 * `{ jsonError }` when a JSON body does not parse, `{}` when empty.
 */
function parseBody(req, buf) {
  if (buf.length === 0) {
    return {};
  }
  const type = (req.headers['content-type'] || '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { form: parseForm(buf.toString('utf8')) };
  }
  if (type === '' || type.includes('json')) {
    return parseJson(buf);
  }
  return { unsupportedType: type };
}

/** `{ json }`, `{ jsonError }`, or `{}` for an empty body, whatever the Content-Type. */
function parseJson(buf) {
  if (buf.length === 0) {
    return {};
  }
  try {
    return { json: JSON.parse(buf.toString('utf8')) };
  } catch (err) {
    return { jsonError: `Invalid JSON body: ${err.message}` };
  }
}

function parseForm(text) {
  const form = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = form[name];
    if (existing === undefined) {
      form[name] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      form[name] = [existing, value];
    }
  }
  return form;
}

function acceptsGzip(req) {
  return (req.headers['accept-encoding'] || '')
    .split(',')
    .map((part) =>
      part
        .trim()
        .toLowerCase()
        .split(/\s*;\s*/),
    )
    .some(([coding, ...params]) => coding === 'gzip' && !params.some((p) => /^q=0(\.0*)?$/.test(p)));
}

/**
 * Sends `body` (an object is JSON-encoded, a string or Buffer is sent as is),
 * gzip-compressed when the client accepts it.
 */
function send(req, res, status, body, { headers = {}, contentType } = {}) {
  let payload = body;
  let type = contentType;
  if (payload !== undefined && !Buffer.isBuffer(payload) && typeof payload !== 'string') {
    payload = JSON.stringify(payload);
    type ??= FHIR_JSON;
  }
  payload = payload === undefined ? Buffer.alloc(0) : Buffer.from(payload);
  const out = { ...headers };
  if (type && payload.length > 0) {
    out['Content-Type'] = type;
  }
  out.Vary = 'Accept-Encoding';
  if (payload.length > 0 && acceptsGzip(req)) {
    payload = zlib.gzipSync(payload);
    out['Content-Encoding'] = 'gzip';
  }
  out['Content-Length'] = payload.length;
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function sendError(req, res, err) {
  send(req, res, err.status, err.body, { headers: err.headers });
}

/** The origin the client used (scheme of the listener, Host header), for absolute URLs. */
function requestOrigin(req, scheme) {
  const host = req.headers.host || `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${scheme}://${host}`;
}

module.exports = {
  FHIR_JSON,
  JSON_TYPE,
  MAX_BODY_BYTES,
  HttpError,
  operationOutcome,
  readBody,
  parseBody,
  parseJson,
  send,
  sendError,
  requestOrigin,
};
