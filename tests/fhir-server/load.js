#!/usr/bin/env node
// Loads transaction Bundles (files in a directory) into a FHIR server, split
// into transactions of at most 50 entries (the router refuses larger ones).
// Usage: node load.js DIR BASE_URL
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const MAX_ENTRIES = 50;
const PARALLEL = 4;

async function post(base, bundle) {
  const response = await fetch(base, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(bundle),
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
}

async function loadFile(base, file) {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  const entries = bundle.entry || [];
  for (let i = 0; i < entries.length; i += MAX_ENTRIES) {
    await post(base, { resourceType: 'Bundle', type: 'transaction', entry: entries.slice(i, i + MAX_ENTRIES) });
  }
  return entries.length;
}

async function main() {
  const [dir, base] = process.argv.slice(2);
  if (!dir || !base) {
    console.error('usage: node load.js DIR BASE_URL');
    process.exit(2);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
  let next = 0;
  let resources = 0;
  const failures = [];
  async function worker() {
    while (next < files.length) {
      const file = files[next++];
      try {
        // Not `resources += await ...`: that reads `resources` before the await and loses the other workers' counts.
        const loaded = await loadFile(base, file);
        resources += loaded;
      } catch (error) {
        failures.push(`${file}: ${error.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  console.log(`load: ${files.length} bundles, ${resources} resources, ${failures.length} failed`);
  for (const failure of failures.slice(0, 10)) console.error(`load: ${failure}`);
  process.exit(failures.length ? 1 : 0);
}

main();
