'use strict';
// The FHIR endpoint: requests go to @medplum/fhir-router over the in-memory
// repository; this file adds paging links, headers and the CapabilityStatement.
const {
  DEFAULT_SEARCH_COUNT,
  getAllDataTypes,
  getStatus,
  globalSchema,
  isOk,
  isResourceType,
} = require('@medplum/core');
const { FhirRouter } = require('@medplum/fhir-router');
const { TestRepository } = require('./repository');
const { validateForWrite } = require('./validation');
const { HttpError } = require('./http-util');

const MAX_SEARCH_COUNT = 1000;
const MAX_CACHED_CAPABILITIES = 16;
const ROUTER_VERSION = require('./package.json').dependencies['@medplum/fhir-router'];

class FhirService {
  constructor() {
    this.repo = new TestRepository(validateForWrite);
    this.router = new FhirRouter();
    this.serialise = createLock();
    this.capabilities = new Map();
  }

  reset() {
    this.repo.clear();
  }

  /** The stats kind of a request: read, search, create, update, batch, transaction, ... */
  kindOf(method, relativeUrl, body) {
    if (method === 'GET' && pathOf(relativeUrl) === 'metadata') {
      return 'metadata';
    }
    const interaction = this.interactionOf(method, relativeUrl);
    switch (interaction) {
      case undefined:
        return 'other';
      case 'search-type':
      case 'search-system':
        return 'search';
      case 'history-instance':
        return 'history';
      case 'batch':
        return body?.type === 'transaction' ? 'transaction' : 'batch';
      default:
        return interaction;
    }
  }

  /**
   * Handles one FHIR request. `relativeUrl` is the path and query after the base
   * (`Patient/1`, `Observation?code=x`), `base` the absolute base URL the client used.
   * Returns `{ status, body, headers }`.
   */
  async handle({ method, relativeUrl, headers, body, form, base }) {
    if (pathOf(relativeUrl) === 'metadata') {
      if (method !== 'GET') {
        throw new HttpError(405, 'metadata supports GET only');
      }
      return { status: 200, body: this.capabilityStatement(base), headers: {} };
    }
    const request = this.prepare(method, relativeUrl, body, form);
    const now = new Date();
    const [outcome, resource] = await this.serialise(() =>
      this.router.handleRequest(
        {
          method: request.method,
          url: request.url,
          pathname: '',
          body: request.body,
          params: {},
          query: {},
          headers,
          config: { transactions: true },
        },
        this.repo,
      ),
    );
    const status = getStatus(outcome);
    if (!isOk(outcome) || !resource) {
      return { status, body: outcome, headers: {} };
    }
    decorate(resource, { base, searchUrl: request.searchUrl, requestBundle: request.body, now });
    if (prefersMinimal(headers) && resource.type === 'transaction-response') {
      omitWrittenResources(resource, request.body);
    }
    return { status, body: resource, headers: resourceHeaders(resource, status, base) };
  }

  // Applies the default and maximum page size to searches (also searches inside
  // a batch), since the repository itself returns every match when _count is
  // absent. POST [type]/_search becomes the equivalent GET, as the router's own
  // _search handler does the same search.
  prepare(method, relativeUrl, body, form) {
    const interaction = this.interactionOf(method, relativeUrl);
    if (method === 'POST' && interaction === 'search-type') {
      const params = queryOf(relativeUrl);
      for (const [name, value] of flatten(form ?? {})) {
        params.append(name, value);
      }
      const url = withPageSize(`${pathOf(relativeUrl).replace(/\/_search$/, '')}?${params}`);
      return { method: 'GET', url, searchUrl: url };
    }
    if (form !== undefined) {
      throw new HttpError(415, 'Form bodies are accepted only by POST [type]/_search');
    }
    if (interaction === 'search-type' || interaction === 'search-system') {
      const url = withPageSize(relativeUrl);
      return { method, url, searchUrl: url };
    }
    if (interaction === 'batch' && Array.isArray(body?.entry)) {
      for (const entry of body.entry) {
        const entryInteraction = entry?.request?.method === 'GET' && this.interactionOf('GET', entry.request.url ?? '');
        if (entryInteraction === 'search-type' || entryInteraction === 'search-system') {
          entry.request.url = withPageSize(entry.request.url);
        }
      }
    }
    return { method, url: relativeUrl, body };
  }

  interactionOf(method, url) {
    try {
      return this.router.find(method, url)?.data?.interaction;
    } catch {
      return undefined;
    }
  }

  capabilityStatement(base) {
    let statement = this.capabilities.get(base);
    if (!statement) {
      if (this.capabilities.size >= MAX_CACHED_CAPABILITIES) {
        this.capabilities.clear(); // one entry per base URL; bounded against odd Host headers
      }
      statement = buildCapabilityStatement(base);
      this.capabilities.set(base, statement);
    }
    return statement;
  }
}

/** Runs async functions one at a time, in call order. */
function createLock() {
  let tail = Promise.resolve();
  return (fn) => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
}

function pathOf(relativeUrl) {
  const q = relativeUrl.indexOf('?');
  return (q < 0 ? relativeUrl : relativeUrl.slice(0, q)).replace(/^\/+|\/+$/g, '');
}

function queryOf(relativeUrl) {
  const q = relativeUrl.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : relativeUrl.slice(q + 1));
}

/** Sets _count to the page size the search will use (0 for _summary=count). */
function withPageSize(relativeUrl) {
  const params = queryOf(relativeUrl);
  params.set('_count', String(pageSizeOf(params)));
  return `${pathOf(relativeUrl)}?${params}`;
}

function pageSizeOf(params) {
  if (params.getAll('_summary').includes('count')) {
    return 0;
  }
  const n = Number.parseInt(params.getAll('_count').at(-1) ?? '', 10);
  if (Number.isNaN(n)) {
    return DEFAULT_SEARCH_COUNT;
  }
  return Math.min(Math.max(n, 0), MAX_SEARCH_COUNT);
}

function flatten(query) {
  return Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
}

/** Adds paging links, fullUrls and meta.lastUpdated to search results, also inside batch responses. */
function decorate(resource, { base, searchUrl, requestBundle, now }) {
  if (resource.resourceType !== 'Bundle') {
    return;
  }
  if (resource.type === 'searchset' && searchUrl) {
    decorateSearchset(resource, base, searchUrl, now);
  } else if (resource.type === 'batch-response' || resource.type === 'transaction-response') {
    resource.entry?.forEach((entry, i) => {
      const inner = entry?.resource;
      if (inner?.resourceType === 'Bundle' && inner.type === 'searchset') {
        decorateSearchset(inner, base, requestBundle?.entry?.[i]?.request?.url, now);
      }
      addVersionInfo(entry);
    });
  }
}

function decorateSearchset(bundle, base, searchUrl, now) {
  bundle.meta = { ...bundle.meta, lastUpdated: now.toISOString() };
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.id) {
      entry.fullUrl ??= `${base}/${entry.resource.resourceType}/${entry.resource.id}`;
    }
  }
  if (!searchUrl) {
    return;
  }
  const path = pathOf(searchUrl);
  const params = queryOf(searchUrl);
  const count = pageSizeOf(params);
  const offset = Math.max(Number.parseInt(params.get('_offset') ?? '0', 10) || 0, 0);
  const linkTo = (newOffset) => {
    const p = new URLSearchParams(params);
    p.set('_count', String(count));
    p.set('_offset', String(newOffset));
    return `${base}${path ? `/${path}` : ''}?${p}`;
  };
  const link = [{ relation: 'self', url: linkTo(offset) }];
  if (count > 0 && offset + count < (bundle.total ?? 0)) {
    link.push({ relation: 'next', url: linkTo(offset + count) });
  }
  if (count > 0 && offset > 0) {
    link.push({ relation: 'previous', url: linkTo(Math.max(offset - count, 0)) });
  }
  bundle.link = link;
}

/** Whether the request says `Prefer: return=minimal` (RFC 7240). */
function prefersMinimal(headers) {
  const prefer = headers?.prefer;
  const values = Array.isArray(prefer) ? prefer : [prefer ?? ''];
  return values.some((value) => value.split(/[,;]/).some((token) => token.trim().toLowerCase() === 'return=minimal'));
}

// Under return=minimal a transaction-response keeps, for each write, only its
// response (status, location, etag, lastModified), as FHIR leaves it to the
// client's preference; read entries keep what they read.
function omitWrittenResources(responseBundle, requestBundle) {
  responseBundle.entry?.forEach((entry, i) => {
    const method = requestBundle?.entry?.[i]?.request?.method;
    if (entry && method && method !== 'GET' && method !== 'HEAD') {
      delete entry.resource;
    }
  });
}

function addVersionInfo(entry) {
  const meta = entry?.resource?.meta;
  if (entry?.response && meta?.versionId) {
    entry.response.etag ??= `W/"${meta.versionId}"`;
    entry.response.lastModified ??= meta.lastUpdated;
  }
}

function resourceHeaders(resource, status, base) {
  const headers = {};
  const { versionId, lastUpdated } = resource.meta ?? {};
  if (versionId) {
    headers.ETag = `W/"${versionId}"`;
  }
  if (lastUpdated) {
    headers['Last-Modified'] = new Date(lastUpdated).toUTCString();
  }
  if (status === 201 && resource.id) {
    headers.Location = `${base}/${resource.resourceType}/${resource.id}${versionId ? `/_history/${versionId}` : ''}`;
  }
  return headers;
}

// Search parameter types the in-memory repository does not evaluate (they are
// silently ignored), so they are not advertised.
const UNSUPPORTED_SEARCH_TYPES = new Set(['quantity', 'composite', 'special']);
const ABSTRACT_TYPES = new Set(['Resource', 'DomainResource']);

function buildCapabilityStatement(base) {
  const resourceTypes = Object.keys(getAllDataTypes())
    .filter((type) => isResourceType(type) && !ABSTRACT_TYPES.has(type))
    .sort();
  const interactions = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'als-adapter test server (@medplum/fhir-router)', version: ROUTER_VERSION },
    implementation: { description: 'In-memory FHIR R4 server for tests', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Paging with _count (default 20, max 1000) and _offset; _include, _revinclude, _summary=count and _sort work.',
        ...securityOf(base),
        resource: resourceTypes.map((type) => ({
          type,
          profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
          interaction: interactions.map((code) => ({ code })),
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'single',
          searchInclude: ['*'],
          searchRevInclude: ['*'],
          searchParam: searchParamsOf(type),
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
      },
    ],
  };
}

const R4_SEARCH_PARAMETER = 'http://hl7.org/fhir/SearchParameter/';
// R4 parameters on every resource; medplum indexes them without a url.
const COMMON_SEARCH_PARAMS = new Set(['_id', '_lastUpdated', '_profile', '_security', '_source', '_tag']);

function searchParamsOf(type) {
  const params = [];
  for (const [code, sp] of Object.entries(globalSchema.types[type]?.searchParams ?? {})) {
    const definition =
      sp.url ?? (COMMON_SEARCH_PARAMS.has(code) ? `${R4_SEARCH_PARAMETER}Resource-${code.slice(1)}` : '');
    if (definition.startsWith(R4_SEARCH_PARAMETER) && !UNSUPPORTED_SEARCH_TYPES.has(sp.type)) {
      params.push({ name: code, definition, type: sp.type });
    }
  }
  return params;
}

function securityOf(base) {
  if (base.endsWith('/smart/fhir')) {
    const tokenUrl = base.replace(/\/fhir$/, '/token');
    return {
      security: {
        service: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
            ],
          },
        ],
        extension: [
          {
            url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
            extension: [{ url: 'token', valueUri: tokenUrl }],
          },
        ],
      },
    };
  }
  if (base.endsWith('/bearer/fhir')) {
    return { security: { description: 'Static bearer token (DIR/static-token)' } };
  }
  return {};
}

module.exports = { FhirService };
