'use strict';
// Fault injection for the client's tests: a bounded queue of faults, each
// answering the next `count` requests whose URL contains `path`.
const zlib = require('zlib');
const { HttpError, operationOutcome, FHIR_JSON } = require('./http-util');

const STATUS_KINDS = new Set(['400', '429', '500', '502', '503', '504']);
const KINDS = new Set([
  ...STATUS_KINDS, 'stall', 'truncated', 'nonjson', 'reset', 'badgzip', 'gzipmembers', 'brotli', 'huge', 'gzipbomb',
]);
// 'huge' streams this much JSON without a Content-Length; 'gzipbomb' compresses this many spaces (about 32 KB sent).
const HUGE_BYTES = 3 * 1024 * 1024;
const BOMB_BYTES = 32 * 1024 * 1024;
const MAX_QUEUED = 1000;
// A stalled request is dropped after this long even if the client never gives up.
const STALL_LIMIT_MS = 10 * 60 * 1000;

class FaultQueue {
  constructor() {
    this.queue = [];
    this.stalled = new Set();
  }

  /** Appends faults given as `[{ kind, count, path, retryAfter }]`; throws HttpError 400 if invalid. */
  add(faults) {
    if (!Array.isArray(faults)) {
      throw new HttpError(400, 'body must be {"faults":[{"kind":...}]}');
    }
    const parsed = faults.map(parseFault);
    if (this.queue.length + parsed.length > MAX_QUEUED) {
      throw new HttpError(400, `at most ${MAX_QUEUED} faults can be queued`);
    }
    this.queue.push(...parsed);
  }

  clear() {
    this.queue = [];
  }

  list() {
    return this.queue.map((f) => ({ ...f }));
  }

  /** Takes one use of the first queued fault that matches `url` (and `body`, if it names one), if any. */
  take(url, body) {
    const text = body && body.length ? body.toString('utf8') : '';
    const index = this.queue.findIndex(
      (f) => (f.path === undefined || url.includes(f.path)) && (f.bodyContains === undefined || text.includes(f.bodyContains)));
    if (index < 0) {
      return undefined;
    }
    const fault = this.queue[index];
    fault.count--;
    if (fault.count <= 0) {
      this.queue.splice(index, 1);
    }
    return fault;
  }

  /** Answers `res` with the fault instead of a normal response. */
  apply(fault, req, res) {
    if (STATUS_KINDS.has(fault.kind)) {
      return sendStatusFault(fault, res);
    }
    switch (fault.kind) {
      case 'stall':
        return this.stall(res);
      case 'truncated':
        return sendTruncated(res);
      case 'nonjson':
        return sendHtml(res);
      case 'reset':
        return resetConnection(req.socket);
      case 'badgzip':
      case 'gzipmembers':
      case 'brotli':
        return sendEncoded(fault.kind, res);
      case 'huge':
        return sendHuge(res);
      case 'gzipbomb':
        return sendGzipBomb(res);
    }
  }

  stall(res) {
    this.stalled.add(res);
    const timer = setTimeout(() => res.destroy(), STALL_LIMIT_MS);
    res.on('close', () => {
      clearTimeout(timer);
      this.stalled.delete(res);
    });
  }

  /** Drops stalled requests (at shutdown). */
  releaseStalled() {
    for (const res of this.stalled) {
      res.destroy();
    }
  }
}

function parseFault(spec) {
  const kind = String(spec?.kind ?? '');
  if (!KINDS.has(kind)) {
    throw new HttpError(400, `unknown fault kind "${kind}"; one of ${[...KINDS].join(', ')}`);
  }
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new HttpError(400, 'fault count must be a positive integer');
  }
  if (spec.path !== undefined && typeof spec.path !== 'string') {
    throw new HttpError(400, 'fault path must be a string');
  }
  if (spec.bodyContains !== undefined && typeof spec.bodyContains !== 'string') {
    throw new HttpError(400, 'fault bodyContains must be a string');
  }
  if (spec.retryAfter !== undefined && !['string', 'number'].includes(typeof spec.retryAfter)) {
    throw new HttpError(400, 'retryAfter must be seconds or an HTTP-date');
  }
  const fault = { kind, count };
  if (spec.path !== undefined) {
    fault.path = spec.path;
  }
  if (spec.bodyContains !== undefined) {
    fault.bodyContains = spec.bodyContains;
  }
  if (spec.retryAfter !== undefined) {
    fault.retryAfter = String(spec.retryAfter);
  }
  return fault;
}

function sendStatusFault(fault, res) {
  const body = JSON.stringify(
    operationOutcome('error', { 400: 'too-costly', 429: 'throttled' }[fault.kind] ?? 'transient', `Injected fault ${fault.kind}`),
  );
  const headers = { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(body) };
  if (fault.retryAfter !== undefined) {
    headers['Retry-After'] = fault.retryAfter;
  }
  res.writeHead(Number(fault.kind), headers);
  res.end(body);
}

// Content-Length announces the whole body, half of it is sent, then the
// connection is closed: the client sees a 200 whose body ends early.
function sendTruncated(res) {
  const entry = Array.from({ length: 20 }, (_, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    resource: { resourceType: 'Basic', id: `truncated-${i}`, code: { text: 'injected truncated response' } },
  }));
  const body = Buffer.from(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: entry.length, entry }));
  res.writeHead(200, { 'Content-Type': FHIR_JSON, 'Content-Length': body.length });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

// A small searchset Bundle, encoded as `kind` says: 'gzipmembers' (valid:
// two gzip members one after the other, RFC 1952), 'badgzip' (a gzip header,
// then bytes that are not deflate), 'brotli' (Content-Encoding: br, which no
// client asked for; the body is plain JSON).
function sendEncoded(kind, res) {
  const body = Buffer.from(
    JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: { resourceType: 'Basic', id: kind } }] }),
  );
  let payload = body;
  let encoding = 'gzip';
  if (kind === 'gzipmembers') {
    const half = Math.floor(body.length / 2);
    payload = Buffer.concat([zlib.gzipSync(body.subarray(0, half)), zlib.gzipSync(body.subarray(half))]);
  } else if (kind === 'badgzip') {
    payload = Buffer.concat([zlib.gzipSync(body).subarray(0, 10), Buffer.alloc(64, 0xff)]);
  } else {
    encoding = 'br';
  }
  res.writeHead(200, { 'Content-Type': FHIR_JSON, 'Content-Encoding': encoding, 'Content-Length': payload.length });
  res.end(payload);
}

// A searchset Bundle of HUGE_BYTES, chunked (no Content-Length): the client
// learns its size only by reading it.
function sendHuge(res) {
  res.writeHead(200, { 'Content-Type': FHIR_JSON });
  const filler = Buffer.alloc(64 * 1024, 0x20);
  res.write('{"resourceType":"Bundle","type":"searchset","entry":[]');
  for (let sent = 0; sent < HUGE_BYTES; sent += filler.length) res.write(filler);
  res.end('}');
}

// Valid gzip of a small Bundle padded with BOMB_BYTES of spaces: about 1000:1.
function sendGzipBomb(res) {
  const body = Buffer.concat([
    Buffer.from('{"resourceType":"Bundle","type":"searchset","entry":[]'),
    Buffer.alloc(BOMB_BYTES, 0x20),
    Buffer.from('}'),
  ]);
  const payload = zlib.gzipSync(body, { level: 9 });
  res.writeHead(200, { 'Content-Type': FHIR_JSON, 'Content-Encoding': 'gzip', 'Content-Length': payload.length });
  res.end(payload);
}

function sendHtml(res) {
  const body =
    '<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>' +
    '<body><h1>Injected fault</h1><p>This is not FHIR JSON.</p></body></html>\n';
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Closes the connection without an answer (TCP RST where possible). */
function resetConnection(socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy(); // TLS sockets cannot send a bare RST
  }
}

module.exports = { FaultQueue, KINDS };
