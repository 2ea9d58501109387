#include "als/client/capability.h"

#include "json_text.h"

namespace als::client {
namespace {

using internal::ArrayMember;
using internal::StringMember;

// Whether `array` (of objects) holds one whose `key` is `wanted`.
bool ListsValue(const rapidjson::Value* array, const char* key, const std::string& wanted) {
  if (array == nullptr) return false;
  for (const rapidjson::Value& item : array->GetArray()) {
    if (StringMember(item, key) == wanted) return true;
  }
  return false;
}

const rapidjson::Value* FindResource(const rapidjson::Value& rest, const std::string& type) {
  const rapidjson::Value* resources = ArrayMember(rest, "resource");
  if (resources == nullptr) return nullptr;
  for (const rapidjson::Value& resource : resources->GetArray()) {
    if (StringMember(resource, "type") == type) return &resource;
  }
  return nullptr;
}

}  // namespace

CapabilityRequirements AdapterCapabilityRequirements() {
  CapabilityRequirements requirements;
  requirements.batch = true;
  requirements.transaction = true;
  requirements.conditional_update_types = {"CarePlan", "Flag"};
  requirements.search_params = {
      {"Condition", {"patient", "code"}},
      {"Observation", {"patient", "code", "date"}},
      {"MedicationRequest", {"patient"}},
      {"AllergyIntolerance", {"patient"}},
      {"CarePlan", {"identifier"}},
      {"Flag", {"identifier"}},
  };
  return requirements;
}

Result<CapabilityReport> AssessCapabilities(const rapidjson::Value& statement,
                                            const CapabilityRequirements& requirements) {
  const std::string location = "CapabilityStatement";
  if (StringMember(statement, "resourceType") != "CapabilityStatement") {
    return MakeError(ErrorCode::kInvalidData, location,
                     "the server's /metadata is not a CapabilityStatement");
  }
  CapabilityReport report;
  report.fhir_version = StringMember(statement, "fhirVersion");
  if (statement.HasMember("software")) {
    const rapidjson::Value& software = statement["software"];
    report.software = StringMember(software, "name");
    std::string version = StringMember(software, "version");
    if (!version.empty()) report.software += " " + version;
  }
  if (report.fhir_version.rfind("4.0.", 0) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition, location + ".fhirVersion",
                     "the server speaks FHIR " +
                         (report.fhir_version.empty() ? "(unstated)" : report.fhir_version) +
                         "; the adapter needs FHIR R4 (4.0.x)");
  }

  static const rapidjson::Value kEmpty(rapidjson::kObjectType);
  const rapidjson::Value* server_rest = &kEmpty;
  if (const rapidjson::Value* rests = ArrayMember(statement, "rest")) {
    for (const rapidjson::Value& rest : rests->GetArray()) {
      if (StringMember(rest, "mode") == "server") server_rest = &rest;
    }
  }
  const rapidjson::Value* system_interactions = ArrayMember(*server_rest, "interaction");
  if (requirements.batch && !ListsValue(system_interactions, "code", "batch")) {
    report.missing.push_back("batch");
  }
  if (requirements.transaction && !ListsValue(system_interactions, "code", "transaction")) {
    report.missing.push_back("transaction");
  }
  for (const std::string& type : requirements.conditional_update_types) {
    const rapidjson::Value* resource = FindResource(*server_rest, type);
    auto it = resource ? resource->FindMember("conditionalUpdate") : kEmpty.MemberEnd();
    bool supported = resource && it != resource->MemberEnd() && it->value.IsBool() &&
                     it->value.GetBool();
    if (!supported) report.missing.push_back("conditional update of " + type);
  }
  const rapidjson::Value* common_params = ArrayMember(*server_rest, "searchParam");
  for (const auto& [type, names] : requirements.search_params) {
    const rapidjson::Value* resource = FindResource(*server_rest, type);
    if (resource == nullptr) {
      report.missing.push_back("resource type " + type);
      continue;
    }
    const rapidjson::Value* interactions = ArrayMember(*resource, "interaction");
    if (interactions != nullptr && !ListsValue(interactions, "code", "search-type")) {
      report.missing.push_back("search of " + type);
      continue;
    }
    const rapidjson::Value* params = ArrayMember(*resource, "searchParam");
    for (const std::string& name : names) {
      if (!ListsValue(params, "name", name) && !ListsValue(common_params, "name", name)) {
        report.missing.push_back("search parameter " + type + "." + name);
      }
    }
  }
  return report;
}

}  // namespace als::client
