'use strict';
// /_admin/ endpoints (HTTP listener only, no auth): faults, stats, token
// config and revocation, repository reset, validation.
const { HttpError } = require('./http-util');
const { validateDocument } = require('./validation');

class Stats {
  constructor() {
    this.reset();
  }

  reset() {
    this.requests = 0;
    this.byMethod = {};
    this.byKind = {};
  }

  count(method, kind) {
    this.requests++;
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }

  toJSON() {
    return { requests: this.requests, byMethod: this.byMethod, byKind: this.byKind };
  }
}

/**
 * Returns `{ status, body }` for an admin request, or throws HttpError.
 * @param ctx - `{ fhir, smart, faults, stats, profiles }`
 */
function handleAdmin(ctx, method, path, json) {
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /_admin/faults':
      ctx.faults.add(json?.faults);
      return ok({ queued: ctx.faults.list() });
    case 'GET /_admin/faults':
      return ok({ queued: ctx.faults.list() });
    case 'DELETE /_admin/faults':
      ctx.faults.clear();
      return ok({ queued: [] });
    case 'GET /_admin/stats':
      return ok(ctx.stats);
    case 'DELETE /_admin/stats':
      ctx.stats.reset();
      return ok(ctx.stats);
    case 'POST /_admin/config':
      return ok(configure(ctx.smart, json));
    case 'POST /_admin/revoke-tokens':
      return ok({ revoked: ctx.smart.revokeAll() });
    case 'POST /_admin/reset':
      ctx.fhir.reset();
      return ok({ reset: true });
    case 'POST /_admin/validate':
      if (!json || typeof json !== 'object') {
        throw new HttpError(400, 'body must be a FHIR resource or Bundle');
      }
      return ok(validateDocument(json, ctx.profiles));
    case 'GET /_admin/profiles':
      return ok({ loaded: [...ctx.profiles.profiles.keys()], failed: Object.fromEntries(ctx.profiles.failures) });
    default:
      throw new HttpError(404, `No admin endpoint ${route}`);
  }
}

function configure(smart, json) {
  if (json?.tokenLifetimeSeconds !== undefined) {
    const seconds = json.tokenLifetimeSeconds;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86400) {
      throw new HttpError(400, 'tokenLifetimeSeconds must be an integer from 0 to 86400');
    }
    smart.setTokenLifetime(seconds);
  }
  return { tokenLifetimeSeconds: smart.tokenLifetimeSeconds };
}

function ok(body) {
  return { status: 200, body };
}

module.exports = { Stats, handleAdmin };
