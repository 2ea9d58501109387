// Whether a server's CapabilityStatement offers what the adapter needs.
#ifndef ALS_CLIENT_CAPABILITY_H_
#define ALS_CLIENT_CAPABILITY_H_

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::client {

struct CapabilityRequirements {
  bool batch = false;
  bool transaction = false;
  std::vector<std::string> conditional_update_types;
  // Resource type -> search parameters (by name) that must be supported.
  std::vector<std::pair<std::string, std::vector<std::string>>> search_params;
};

// What the sync job uses: batch reads, one transaction per patient,
// conditional updates of CarePlan and Flag, and its searches.
CapabilityRequirements AdapterCapabilityRequirements();

struct CapabilityReport {
  std::string fhir_version;
  std::string software;  // "name version", when the server says
  // What the server lacks, one item each ("batch", "conditional update of Flag",
  // "search parameter Observation.date").
  std::vector<std::string> missing;
};

// Reads a CapabilityStatement. An error when it is not one, or its
// fhirVersion is not 4.0.x; what is lacking is listed in the report.
Result<CapabilityReport> AssessCapabilities(const rapidjson::Value& statement,
                                            const CapabilityRequirements& requirements);

}  // namespace als::client

#endif  // ALS_CLIENT_CAPABILITY_H_
