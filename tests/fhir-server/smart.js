'use strict';
// SMART Backend Services: the token endpoint (client_credentials with a
// private_key_jwt assertion signed RS384/ES384, or client_secret_basic), the
// smart-configuration document, and bearer token checks for the FHIR prefixes.
const crypto = require('node:crypto');

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300;
const CLOCK_LEEWAY_S = 5;
const MAX_LIVE_TOKENS = 10000;
const MAX_SEEN_JTIS = 100000;
const MAX_ASSERTION_CHARS = 16384;

class OAuthError extends Error {
  constructor(status, error, description, headers = {}) {
    super(description);
    this.status = status;
    this.body = { error, error_description: description };
    this.headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers };
  }
}

const invalidClient = (description) => new OAuthError(401, 'invalid_client', description);
const invalidRequest = (description) => new OAuthError(400, 'invalid_request', description);

class SmartAuth {
  /**
   * @param clients - `[{ id, alg, kid, publicKey }]` for private_key_jwt and `[{ id, secret }]` for client_secret_basic
   * @param staticToken - the token accepted on /bearer/fhir/
   */
  constructor({ clients, staticToken }) {
    this.clients = new Map(clients.map((c) => [c.id, c]));
    this.staticToken = staticToken;
    this.tokenLifetimeSeconds = 300;
    this.tokens = new Map(); // access token -> { clientId, scope, expiresAt (ms) }
    this.seenJtis = new Map(); // jti -> expiry (ms) of the assertion that used it
  }

  smartConfiguration(origin) {
    return {
      issuer: origin,
      token_endpoint: `${origin}/smart/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      scopes_supported: ['system/*.read', 'system/*.write', 'system/*.rs', 'system/*.cruds'],
      capabilities: [
        'client-confidential-asymmetric',
        'client-confidential-symmetric',
        'permission-v1',
        'permission-v2',
      ],
    };
  }

  /** POST /smart/token. Returns `{ status, body, headers }`; errors are OAuth JSON. */
  token({ authorization, form, tokenUrl }) {
    try {
      const { clientId } = this.authenticateClient(authorization, form, tokenUrl);
      const scope = form.scope;
      const token = crypto.randomBytes(32).toString('base64url');
      this.remember(token, { clientId, scope, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
      return {
        status: 200,
        body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds, scope },
        headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      };
    } catch (err) {
      if (err instanceof OAuthError) {
        return { status: err.status, body: err.body, headers: err.headers };
      }
      throw err;
    }
  }

  authenticateClient(authorization, form, tokenUrl) {
    if (!form) {
      throw invalidRequest('body must be application/x-www-form-urlencoded');
    }
    for (const name of Object.keys(form)) {
      if (Array.isArray(form[name])) {
        throw invalidRequest(`parameter ${name} repeated`);
      }
    }
    if (form.grant_type !== 'client_credentials') {
      throw new OAuthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    }
    if (!form.scope) {
      throw new OAuthError(400, 'invalid_scope', 'scope is required');
    }
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic && form.client_assertion) {
      throw invalidRequest('use either client_secret_basic or a client assertion, not both');
    }
    if (basic) {
      return this.checkClientSecret(basic[1]);
    }
    if (form.client_assertion_type !== ASSERTION_TYPE) {
      throw invalidClient(`no client authentication: send HTTP Basic or client_assertion_type=${ASSERTION_TYPE}`);
    }
    if (!form.client_assertion) {
      throw invalidRequest('client_assertion is missing');
    }
    return this.checkAssertion(form.client_assertion, form.client_id, tokenUrl);
  }

  checkClientSecret(encoded) {
    const challenge = { 'WWW-Authenticate': 'Basic realm="smart"' };
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new OAuthError(401, 'invalid_client', 'HTTP Basic credentials are not client_id:client_secret', challenge);
    }
    // RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding.
    const [clientId, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)].map(decodeFormComponent);
    const client = this.clients.get(clientId);
    if (!client?.secret) {
      throw new OAuthError(401, 'invalid_client', `client ${clientId} has no client secret registered`, challenge);
    }
    if (!timingSafeEqualStrings(secret, client.secret)) {
      throw new OAuthError(401, 'invalid_client', 'client secret does not match', challenge);
    }
    return { clientId };
  }

  checkAssertion(assertion, formClientId, tokenUrl) {
    const { header, payload, signingInput, signature } = parseJwt(assertion);
    if (header.alg !== 'RS384' && header.alg !== 'ES384') {
      throw invalidClient(`alg ${header.alg} not supported: use RS384 or ES384`);
    }
    if (typeof header.kid !== 'string' || header.kid === '') {
      throw invalidClient('kid missing from the JWT header');
    }
    const clientId = payload.iss;
    const client = this.clients.get(clientId);
    if (!client) {
      throw invalidClient(`iss ${clientId} is not a registered client`);
    }
    if (!client.publicKey) {
      throw invalidClient(`client ${clientId} has no public key registered (use client_secret_basic)`);
    }
    if (header.kid !== client.kid) {
      throw invalidClient(`kid ${header.kid} is not the registered key of ${clientId} (${client.kid})`);
    }
    if (header.alg !== client.alg) {
      throw invalidClient(`alg ${header.alg} does not match the registered key of ${clientId} (${client.alg})`);
    }
    verifySignature(client, signingInput, signature);
    if (payload.sub !== clientId) {
      throw invalidClient('sub must equal iss (the client id)');
    }
    if (formClientId !== undefined && formClientId !== clientId) {
      throw invalidClient('client_id does not match iss');
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(tokenUrl)) {
      throw invalidClient(`aud must be the token URL ${tokenUrl}`);
    }
    this.checkExpiry(payload.exp);
    this.checkJti(payload.jti, payload.exp);
    return { clientId };
  }

  checkExpiry(exp) {
    const now = Date.now() / 1000;
    if (typeof exp !== 'number') {
      throw invalidClient('exp missing or not a number');
    }
    if (exp <= now) {
      throw invalidClient('exp is in the past (assertion expired)');
    }
    if (exp > now + MAX_ASSERTION_LIFETIME_S + CLOCK_LEEWAY_S) {
      throw invalidClient('exp is more than 5 minutes in the future');
    }
  }

  checkJti(jti, exp) {
    const now = Date.now();
    for (const [seen, expiresAt] of this.seenJtis) {
      if (expiresAt > now && this.seenJtis.size <= MAX_SEEN_JTIS) {
        break; // insertion order roughly follows expiry; stop at the first live one
      }
      this.seenJtis.delete(seen);
    }
    if (typeof jti !== 'string' || jti === '') {
      throw invalidClient('jti missing');
    }
    if (this.seenJtis.has(jti)) {
      throw invalidClient('jti already used (replayed assertion)');
    }
    this.seenJtis.set(jti, exp * 1000);
  }

  remember(token, info) {
    const now = Date.now();
    for (const [known, { expiresAt }] of this.tokens) {
      if (expiresAt > now && this.tokens.size < MAX_LIVE_TOKENS) {
        break;
      }
      this.tokens.delete(known);
    }
    this.tokens.set(token, info);
  }

  revokeAll() {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  setTokenLifetime(seconds) {
    this.tokenLifetimeSeconds = seconds;
  }

  /**
   * Checks the Authorization header for a FHIR prefix ('static' or 'smart').
   * Returns undefined when accepted, else `{ message, challenge }` for a 401.
   */
  checkBearer(authorization, mode) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      return { message: 'Bearer token required', challenge: 'Bearer realm="als-test"' };
    }
    const token = match[1];
    const invalid = (message) => ({
      message,
      challenge: `Bearer realm="als-test", error="invalid_token", error_description="${message}"`,
    });
    if (mode === 'static') {
      return timingSafeEqualStrings(token, this.staticToken) ? undefined : invalid('Invalid bearer token');
    }
    const info = this.tokens.get(token);
    if (!info) {
      return invalid('Unknown or revoked access token');
    }
    if (info.expiresAt <= Date.now()) {
      return invalid('Access token expired');
    }
    return undefined;
  }
}

function parseJwt(assertion) {
  if (typeof assertion !== 'string' || assertion.length > MAX_ASSERTION_CHARS) {
    throw invalidClient('client_assertion is not a JWT');
  }
  const parts = assertion.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw invalidClient('client_assertion is not a compact JWS (three base64url parts)');
  }
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw invalidClient('JWT header or payload is not base64url JSON');
  }
  if (!isObject(header) || !isObject(payload)) {
    throw invalidClient('JWT header and payload must be JSON objects');
  }
  return {
    header,
    payload,
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

function verifySignature(client, signingInput, signature) {
  let key = client.publicKey;
  if (client.alg === 'ES384') {
    if (signature.length !== 96) {
      throw invalidClient(`ES384 signature must be 96 bytes (JOSE r||s), got ${signature.length}`);
    }
    key = { key: client.publicKey, dsaEncoding: 'ieee-p1363' };
  }
  if (!crypto.verify('sha384', signingInput, key, signature)) {
    throw invalidClient(`signature does not verify against the registered ${client.alg} key`);
  }
}

function decodeFormComponent(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function timingSafeEqualStrings(a, b) {
  const x = crypto.createHash('sha256').update(String(a)).digest();
  const y = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(x, y);
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

module.exports = { SmartAuth };
