// Vignette helpers shared by the respiratory (R22-R31) and nutrition (R32-R42)
// rule tests: resources as EHRs send them, and readers of the written CarePlan.
#ifndef ALS_TESTS_GUIDELINE_RULES_RESP_NUTRITION_FIXTURES_H_
#define ALS_TESTS_GUIDELINE_RULES_RESP_NUTRITION_FIXTURES_H_

#include <rapidjson/document.h>

#include <cctype>
#include <string>
#include <vector>

#include "als/fhir/date.h"
#include "testing/vignette.h"

namespace als::testing::fixtures {

inline constexpr char kAsOf[] = "2026-06-01";
inline constexpr char kCpt[] = "http://www.ama-assn.org/go/cpt";
inline constexpr char kHcpcs[] = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

// The date `days` before kAsOf.
inline std::string DaysAgo(int days) { return fhir::FormatDay(*fhir::ParseIsoDay(kAsOf) - days); }

inline bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// An ALS patient born in 1960, diagnosed 2025-09-01.
inline Vignette AlsPatient(const std::string& birth = "1960-01-01") {
  Vignette v;
  v.Patient(birth).Als("2025-09-01");
  return v;
}

// An ALS patient with PEG_INDICATED by weight loss: 80 kg (2025-09-10, the first
// weight within 30 days of diagnosis) to 70 kg 8 days ago (12.5%); observations 2 and 3.
inline Vignette WeightLossPatient() {
  Vignette v = AlsPatient();
  v.Weight(80, "2025-09-10").Weight(70, DaysAgo(8));
  return v;
}

inline std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A project-coded score (ALSFRS-R items, ECAS).
inline Vignette& Score(Vignette& v, const std::string& local_code, double value, const std::string& date) {
  return v.Quantity(kLocal, local_code, value, "{score}", date);
}

// A symptom or finding Observation with valueBoolean.
inline Vignette& Finding(Vignette& v, const std::string& system, const std::string& code, const std::string& date,
                         bool present = true) {
  return v.Resource("Observation", R"("status":"final","code":)" + Concept(system, code) + R"(,"effectiveDateTime":")" +
                                       date + R"(","valueBoolean":)" + (present ? "true" : "false"));
}

// A Procedure; `reason` (a local code) goes into statusReason.
inline Vignette& Procedure(Vignette& v, const std::string& system, const std::string& code, const std::string& date,
                           const std::string& status = "completed", const std::string& reason = "") {
  std::string fields =
      R"("status":")" + status + R"(","code":)" + Concept(system, code) + R"(,"performedDateTime":")" + date + "\"";
  if (!reason.empty()) fields += R"(,"statusReason":)" + Concept(kLocal, reason);
  return v.Resource("Procedure", fields);
}

inline Vignette& ServiceRequest(Vignette& v, const std::string& system, const std::string& code,
                                const std::string& status, const std::string& date) {
  return v.Resource("ServiceRequest", R"("status":")" + status + R"(","intent":"order","code":)" +
                                          Concept(system, code) + R"(,"authoredOn":")" + date + "\"");
}

// Bilevel NIV in use: DeviceUseStatement -> contained Device typed HCPCS E0470.
inline Vignette& NivInUse(Vignette& v, const std::string& since, const std::string& status = "active") {
  return v.Resource("DeviceUseStatement", R"("status":")" + status +
                                              R"(","contained":[{"resourceType":"Device","id":"bpap","type":)" +
                                              Concept(kHcpcs, "E0470") +
                                              R"(}],"device":{"reference":"#bpap"},"timingDateTime":")" + since + "\"");
}

inline Vignette& NivDeviceRequest(Vignette& v, const std::string& status, const std::string& date) {
  return v.Resource("DeviceRequest", R"("status":")" + status + R"(","intent":"order","codeCodeableConcept":)" +
                                         Concept(kSnomed, "428311008") + R"(,"authoredOn":")" + date + "\"");
}

// One activity of the written CarePlan, by action code.
struct ActivityView {
  bool found = false;
  std::string priority;  // the activity-priority extension
  std::string description;
  std::vector<std::string> rules;       // reasonCode codes
  std::vector<std::string> references;  // reasonReference
  int count = 0;                        // activities with this action code
};

inline std::string CarePlanJson(const output::PatientWriteSet& write_set) {
  for (const output::WriteEntry& entry : write_set.entries) {
    if (entry.resource_type == "CarePlan") return entry.resource;
  }
  return "";
}

inline ActivityView ActivityOf(const output::PatientWriteSet& write_set, const std::string& action) {
  ActivityView view;
  rapidjson::Document json;
  json.Parse(CarePlanJson(write_set).c_str());
  if (!json.IsObject() || !json.HasMember("activity")) return view;
  for (const auto& activity : json["activity"].GetArray()) {
    const auto& detail = activity["detail"];
    bool match = false;
    for (const auto& coding : detail["code"]["coding"].GetArray()) {
      if (std::string(coding["code"].GetString()) == action) match = true;
    }
    if (!match) continue;
    ++view.count;
    view.found = true;
    view.priority = detail["extension"][0]["valueCode"].GetString();
    view.description = detail["description"].GetString();
    for (const auto& reason : detail["reasonCode"].GetArray())
      view.rules.push_back(reason["coding"][0]["code"].GetString());
    if (detail.HasMember("reasonReference")) {
      for (const auto& reference : detail["reasonReference"].GetArray()) {
        view.references.push_back(reference["reference"].GetString());
      }
    }
  }
  return view;
}

inline bool Contains(const std::vector<std::string>& list, const std::string& value) {
  for (const std::string& item : list) {
    if (item == value) return true;
  }
  return false;
}

}  // namespace als::testing::fixtures

#endif  // ALS_TESTS_GUIDELINE_RULES_RESP_NUTRITION_FIXTURES_H_
