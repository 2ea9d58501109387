// Resource builders for the vignettes of the 1D/1E rule tests (symptoms,
// cognition, mood, care organisation): the FHIR shapes EHRs send for
// referrals, encounters, procedures, devices and coded findings.
#ifndef ALS_TESTS_GUIDELINE_RULES_CARE_VIGNETTE_H_
#define ALS_TESTS_GUIDELINE_RULES_CARE_VIGNETTE_H_

#include <algorithm>
#include <cctype>
#include <string>

#include "testing/vignette.h"

namespace als::testing::care {

inline constexpr char kAsOf[] = "2026-06-01";
inline constexpr char kHcpcs[] = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

inline bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
inline std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// A finding Observation with no value ("present"), status final.
inline Vignette& Observed(Vignette& v, const std::string& system, const std::string& code, const std::string& date,
                          const std::string& extra = "") {
  return v.Resource("Observation", R"("status":"final","code":)" + Concept(system, code) +
                                       R"(,"effectiveDateTime":")" + date + "\"" + extra);
}

// An ALSFRS-R item (or another score) sent as valueInteger.
inline Vignette& Score(Vignette& v, const std::string& code, int value, const std::string& date) {
  return v.Resource("Observation", R"("status":"final","code":)" + Concept(kLocal, code) + R"(,"effectiveDateTime":")" +
                                       date + R"(","valueInteger":)" + std::to_string(value));
}

inline Vignette& ServiceRequest(Vignette& v, const std::string& system, const std::string& code,
                                const std::string& status, const std::string& authored,
                                const std::string& priority = "") {
  std::string fields = R"("status":")" + status + R"(","intent":"order","code":)" + Concept(system, code) +
                       R"(,"authoredOn":")" + authored + "\"";
  if (!priority.empty()) fields += R"(,"priority":")" + priority + "\"";
  return v.Resource("ServiceRequest", fields);
}

inline Vignette& DeviceRequest(Vignette& v, const std::string& system, const std::string& code,
                               const std::string& status, const std::string& authored,
                               const std::string& priority = "") {
  std::string fields = R"("status":")" + status + R"(","intent":"order","codeCodeableConcept":)" +
                       Concept(system, code) + R"(,"authoredOn":")" + authored + "\"";
  if (!priority.empty()) fields += R"(,"priority":")" + priority + "\"";
  return v.Resource("DeviceRequest", fields);
}

inline Vignette& Procedure(Vignette& v, const std::string& system, const std::string& code, const std::string& status,
                           const std::string& date, const std::string& extra = "") {
  return v.Resource("Procedure", R"("status":")" + status + R"(","code":)" + Concept(system, code) +
                                     R"(,"performedDateTime":")" + date + "\"" + extra);
}

// An Encounter with a type, a v3 ActCode class and a period start.
inline Vignette& Encounter(Vignette& v, const std::string& system, const std::string& code, const std::string& status,
                           const std::string& start, const std::string& encounter_class = "AMB",
                           const std::string& extra = "") {
  return v.Resource("Encounter", R"("status":")" + status +
                                     R"(","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":")" +
                                     encounter_class + R"("},"type":[)" + Concept(system, code) +
                                     R"(],"period":{"start":")" + start + "\"}" + extra);
}

}  // namespace als::testing::care

#endif  // ALS_TESTS_GUIDELINE_RULES_CARE_VIGNETTE_H_
