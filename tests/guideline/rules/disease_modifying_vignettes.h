// Vignette building blocks for the disease-modifying therapy rule tests
// (riluzole, edaravone, tofersen, Relyvrio): medication orders and
// administrations with dose, frequency, route and infusion time as EHRs send
// them, genomic SOD1 results, and small helpers for finding content.
#ifndef ALS_TESTS_GUIDELINE_RULES_DISEASE_MODIFYING_VIGNETTES_H_
#define ALS_TESTS_GUIDELINE_RULES_DISEASE_MODIFYING_VIGNETTES_H_

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "als/fhir/date.h"
#include "testing/vignette.h"

namespace als::testing::dmt {

inline constexpr char kAsOf[] = "2026-06-01";
inline constexpr char kRiluzole[] = "35623";
inline constexpr char kRiluzoleTablet[] = "199206";
inline constexpr char kRiluzoleSuspension[] = "2058147";
inline constexpr char kEdaravone[] = "1921877";
inline constexpr char kTofersen[] = "2634995";
inline constexpr char kIv[] = "47625008";
inline constexpr char kOral[] = "26643006";
inline constexpr char kGastrostomyRoute[] = "127490009";
inline constexpr char kIntrathecal[] = "72607000";
inline constexpr char kUnii[] = "http://fdasis.nlm.nih.gov";

// A dosage as EHRs send it; every part optional.
struct Dose {
  Dose(std::optional<double> mg_ = {}, std::optional<double> ml_ = {}, std::optional<double> per_day_ = {},
       std::string route_ = "", std::optional<double> infusion_minutes_ = {})
      : mg(mg_), ml(ml_), per_day(per_day_), route(std::move(route_)), infusion_minutes(infusion_minutes_) {}
  std::optional<double> mg;
  std::optional<double> ml;
  std::optional<double> per_day;
  std::string route;  // SNOMED route code
  std::optional<double> infusion_minutes;
};

inline std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

inline std::string DoseQuantity(const Dose& dose) {
  if (dose.mg) return R"({"value":)" + Number(*dose.mg) + R"(,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"})";
  return R"({"value":)" + Number(*dose.ml) + R"(,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"})";
}

// One dosageInstruction element (MedicationRequest) or dosage (statement).
inline std::string DosageJson(const Dose& dose) {
  std::string json = "{";
  std::string sep;
  if (dose.mg || dose.ml) {
    json += R"("doseAndRate":[{"doseQuantity":)" + DoseQuantity(dose) + "}]";
    sep = ",";
  }
  if (dose.per_day || dose.infusion_minutes) {
    json += sep + R"("timing":{"repeat":{)";
    std::string inner;
    if (dose.per_day) inner += R"("frequency":)" + Number(*dose.per_day) + R"(,"period":1,"periodUnit":"d")";
    if (dose.infusion_minutes) {
      inner += (inner.empty() ? "" : ",") + std::string(R"("duration":)") + Number(*dose.infusion_minutes) +
               R"(,"durationUnit":"min")";
    }
    json += inner + "}}";
    sep = ",";
  }
  if (!dose.route.empty()) json += sep + R"("route":)" + Concept(kSnomed, dose.route);
  return json + "}";
}

// MedicationRequest for an RxNorm code with a full dosage.
inline Vignette& Order(Vignette& v, const std::string& rxnorm, const std::string& status, const std::string& authored,
                       const Dose& dose = {}) {
  return v.Resource("MedicationRequest", R"("status":")" + status + R"(","intent":"order","medicationCodeableConcept":)" +
                                             Concept(kRxNorm, rxnorm) + R"(,"authoredOn":")" + authored +
                                             R"(","dosageInstruction":[)" + DosageJson(dose) + "]");
}

// MedicationAdministration (completed) with dose and route.
inline Vignette& Given(Vignette& v, const std::string& rxnorm, const std::string& date, const Dose& dose = {}) {
  std::string fields = R"("status":"completed","medicationCodeableConcept":)" + Concept(kRxNorm, rxnorm) +
                       R"(,"effectiveDateTime":")" + date + "\"";
  if (dose.mg || dose.ml || !dose.route.empty()) {
    fields += R"(,"dosage":{)";
    std::string inner;
    if (dose.mg || dose.ml) inner += R"("dose":)" + DoseQuantity(dose);
    if (!dose.route.empty()) inner += (inner.empty() ? "" : ",") + std::string(R"("route":)") + Concept(kSnomed, dose.route);
    fields += inner + "}";
  }
  return v.Resource("MedicationAdministration", fields);
}

// The day `days` after `date` ("2026-04-01" + 3 = "2026-04-04").
inline std::string Plus(const std::string& date, int days) {
  return fhir::FormatDay(*fhir::ParseIsoDay(date) + days);
}
// The day `days` before the evaluation date.
inline std::string DaysAgo(int days) { return Plus(kAsOf, -days); }

// A genomic variant Observation (Genomics Reporting): gene studied SOD1 and an
// ACMG clinical significance answer (LA6668-3 pathogenic, LA26332-9 likely
// pathogenic, LA26333-7 VUS, LA6675-8 benign).
inline Vignette& Sod1Variant(Vignette& v, const std::string& significance, const std::string& date = "2025-11-01") {
  return v.Resource(
      "Observation",
      R"("status":"final","code":)" + Concept(kLoinc, "69548-6") + R"(,"effectiveDateTime":")" + date +
          R"(","component":[{"code":)" + Concept(kLoinc, "48018-6") + R"(,"valueCodeableConcept":)" +
          Concept("http://www.genenames.org/geneId", "HGNC:11179") + R"(},{"code":)" + Concept(kLoinc, "53037-8") +
          R"(,"valueCodeableConcept":)" + Concept(kLoinc, significance) + "}]");
}

// An ALS patient born `birth` with an SOD1 result of `significance` ("" = no
// genetic result): Condition/condition-1 and Observation/observation-2.
inline Vignette Sod1Patient(const std::string& significance, const std::string& birth = "1970-03-01") {
  Vignette v;
  v.Patient(birth).Als("2026-01-10");
  if (!significance.empty()) Sod1Variant(v, significance);
  return v;
}

// An open order (ServiceRequest, active) for a LOINC test.
inline Vignette& OpenOrder(Vignette& v, const std::string& loinc, const std::string& authored) {
  return v.Resource("ServiceRequest", R"("status":"active","intent":"order","code":)" + Concept(kLoinc, loinc) +
                                          R"(,"authoredOn":")" + authored + "\"");
}

// A numeric Observation with a given status (preliminary, amended...).
inline Vignette& ResultWithStatus(Vignette& v, const std::string& status, const std::string& loinc, double value,
                                  const std::string& ucum, const std::string& date) {
  return v.Resource("Observation", R"("status":")" + status + R"(","code":)" + Concept(kLoinc, loinc) +
                                       R"(,"effectiveDateTime":")" + date + R"(","valueQuantity":)" +
                                       QuantityJson(value, ucum));
}

// An AllergyIntolerance with a recorded date (the Vignette helper fixes 2025-01-01).
inline Vignette& AllergyOn(Vignette& v, const std::string& system, const std::string& code, const std::string& recorded,
                           const std::string& clinical = "active") {
  return v.Resource("AllergyIntolerance",
                    R"("clinicalStatus":)" +
                        Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", clinical) +
                        R"(,"verificationStatus":)" +
                        Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed") +
                        R"(,"code":)" + Concept(system, code) + R"(,"recordedDate":")" + recorded + "\"");
}

// A completed (or other status) Procedure.
inline Vignette& ProcedureOn(Vignette& v, const std::string& system, const std::string& code, const std::string& date,
                             const std::string& status = "completed") {
  return v.Resource("Procedure", R"("status":")" + status + R"(","code":)" + Concept(system, code) +
                                     R"(,"performedDateTime":")" + date + "\"");
}

// An ALS patient on riluzole 50 mg twice daily (MedicationRequest/medicationrequest-2).
inline Vignette OnRiluzole(const std::string& authored = "2025-02-01") {
  Vignette v;
  v.Als("2025-01-10").MedicationRequest(kRiluzole, "active", authored, 50, 2);
  return v;
}

inline std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The finding's own words, without the citation the engine appends.
inline std::string Own(const guideline::Finding& finding) {
  return finding.description.substr(0, finding.description.find(" Source: "));
}
inline bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
inline bool HasEvidence(const guideline::Finding& finding, const std::string& reference) {
  return std::find(finding.evidence.begin(), finding.evidence.end(), reference) != finding.evidence.end();
}
// Findings of a rule of one kind.
inline std::vector<guideline::Finding> OfKind(const std::vector<guideline::Finding>& findings,
                                              guideline::OutputKind kind) {
  std::vector<guideline::Finding> found;
  for (const guideline::Finding& finding : findings) {
    if (finding.kind == kind) found.push_back(finding);
  }
  return found;
}

}  // namespace als::testing::dmt

#endif  // ALS_TESTS_GUIDELINE_RULES_DISEASE_MODIFYING_VIGNETTES_H_
