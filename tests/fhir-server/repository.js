'use strict';
// medplum's MemoryRepository with three additions the test server needs:
// validation of every write, atomic transactions, and a history fix.
const { MemoryRepository } = require('@medplum/fhir-router');

class TestRepository extends MemoryRepository {
  /** @param validate - called with each resource before it is stored; throws to refuse it */
  constructor(validate) {
    super();
    this.validate = validate;
    this.transactionDepth = 0;
  }

  // Every write path of MemoryRepository (create, update, patch, conditional
  // create/update, batch and transaction entries) ends in createResourceSync, so
  // validating here covers them all. Versions are pinned, so the name is stable.
  createResourceSync(resource, options, update) {
    this.validate(resource);
    return super.createResourceSync(resource, options, update);
  }

  // MemoryRepository.withTransaction just runs the callback, so a failed
  // transaction entry leaves the earlier entries written. Snapshot the storage
  // at the outermost transaction and restore it if the callback fails. Callers
  // must not interleave requests (server.js serialises them).
  async withTransaction(callback) {
    if (this.transactionDepth > 0) {
      return callback(this);
    }
    const saved = this.snapshot();
    this.transactionDepth++;
    try {
      return await callback(this);
    } catch (err) {
      this.restore(saved);
      throw err;
    } finally {
      this.transactionDepth--;
    }
  }

  // MemoryRepository.readHistory reverses the stored version list in place, so
  // every other call returns the versions oldest-first and later writes append
  // to a reversed list. Reverse it back after each read.
  async readHistory(resourceType, id, options) {
    const bundle = await super.readHistory(resourceType, id, options);
    this.history.get(resourceType)?.get(id)?.reverse();
    return bundle;
  }

  // Stored resources are never mutated (each write stores a new object), so a
  // shallow copy of the maps and history lists is a complete snapshot.
  snapshot() {
    const resources = new Map();
    for (const [type, byId] of this.resources) {
      resources.set(type, new Map(byId));
    }
    const history = new Map();
    for (const [type, byId] of this.history) {
      history.set(type, new Map([...byId].map(([id, versions]) => [id, versions.slice()])));
    }
    return { resources, history };
  }

  restore({ resources, history }) {
    replaceContents(this.resources, resources);
    replaceContents(this.history, history);
  }
}

function replaceContents(target, source) {
  target.clear();
  for (const [key, value] of source) {
    target.set(key, value);
  }
}

module.exports = { TestRepository };
