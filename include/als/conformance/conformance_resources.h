// The FHIR conformance resources the adapter publishes (profiles/): the rule
// CodeSystem and its ValueSet, the PlanDefinition of the catalogue, the action
// ValueSet, the adapter-tag CodeSystem, and the StructureDefinitions of what it
// writes (CarePlan, Flag, Provenance, the activity-priority extension).
//
// Everything is built from the code's catalogue and the canonical base, so the
// published artefacts cannot drift from what the adapter emits. The
// StructureDefinitions carry a differential only; tests/fhir-server/snapshot.js
// adds the snapshot from the R4 base definitions (`make profiles`).
#ifndef ALS_CONFORMANCE_CONFORMANCE_RESOURCES_H_
#define ALS_CONFORMANCE_CONFORMANCE_RESOURCES_H_

#include <string>
#include <vector>

#include "als/common/result.h"

namespace als::conformance {

struct ConformanceResource {
  std::string file_name;  // "CodeSystem-als-guideline-rule.json"
  std::string json;       // pretty-printed, two-space indent, ending in a newline
};

// All artefacts under `canonical_base` (no trailing slash), versioned with the
// adapter's version.
Result<std::vector<ConformanceResource>> BuildConformanceResources(const std::string& canonical_base);

}  // namespace als::conformance

#endif  // ALS_CONFORMANCE_CONFORMANCE_RESOURCES_H_
