#include <catch2/catch.hpp>

#include "als/guideline/definitions.h"
#include "testing/vignette.h"

namespace als::testing {
namespace {

using model::Measure;

constexpr char kAsOf[] = "2026-06-01";

const model::DataIssue* IssueContaining(const model::PatientRecord& record, const std::string& text) {
  for (const auto& issue : record.issues) {
    if (issue.message.find(text) != std::string::npos || issue.source.find(text) != std::string::npos) return &issue;
  }
  return nullptr;
}

TEST_CASE("ALS diagnosis and dxDate from SNOMED or ICD-10-CM; onset else recordedDate", "[model]") {
  Vignette icd;
  icd.Resource("Condition", R"("clinicalStatus":{"coding":[{"code":"active"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"G12.21"}]},"recordedDate":"2025-11-03")");
  model::PatientRecord record = icd.Record(kAsOf);
  CHECK(record.has_als_diagnosis);
  REQUIRE(record.dx_date);
  CHECK(fhir::FormatDay(*record.dx_date) == "2025-11-03");
}

TEST_CASE("Refuted, entered-in-error and unconfirmed ALS diagnoses do not count", "[model]") {
  for (const char* verification : {"refuted", "entered-in-error", "provisional", "unconfirmed"}) {
    Vignette v;
    v.Condition(kSnomed, "86044005", "2025-01-01", "active", verification);
    INFO(verification);
    CHECK_FALSE(v.Record(kAsOf).has_als_diagnosis);
  }
  Vignette resolved;
  resolved.Condition(kSnomed, "86044005", "2025-01-01", "resolved", "confirmed");
  CHECK_FALSE(resolved.Record(kAsOf).has_als_diagnosis);
  CHECK(IssueContaining(resolved.Record(kAsOf), "only an active, confirmed ALS diagnosis counts") == nullptr);
}

TEST_CASE("FVC % predicted: recorded, computed from litres, inside a spirometry panel", "[model]") {
  Vignette litres;
  litres.Quantity(kLoinc, "19868-9", 1.84, "L", "2026-03-02").Quantity(kLoinc, "19869-7", 4.0, "L", "2026-03-02");
  model::PatientRecord from_litres = litres.Record(kAsOf);
  const model::Sample* fvc = from_litres.Latest(Measure::kFvcPercent);
  REQUIRE(fvc != nullptr);
  CHECK(fvc->value == Approx(46));
  CHECK(fvc->computed);

  Vignette millilitres;
  millilitres.Quantity(kLoinc, "19868-9", 1840, "mL", "2026-03-02").Quantity(kLoinc, "19869-7", 4.0, "L", "2026-03-02");
  model::PatientRecord from_millilitres = millilitres.Record(kAsOf);
  REQUIRE(from_millilitres.Latest(Measure::kFvcPercent) != nullptr);
  CHECK(from_millilitres.Latest(Measure::kFvcPercent)->value == Approx(46));

  Vignette panel;
  panel.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"81459-0"}],"text":"Spirometry panel"},"effectiveDateTime":"2026-03-02","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"valueQuantity":{"value":46,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}])");
  model::PatientRecord from_panel = panel.Record(kAsOf);
  REQUIRE(from_panel.Latest(Measure::kFvcPercent) != nullptr);
  CHECK(from_panel.Latest(Measure::kFvcPercent)->value == Approx(46));
}

TEST_CASE("Panel components become samples; an unusable one is an issue naming its path", "[model]") {
  Vignette v;
  v.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"81459-0"}]},"effectiveDateTime":"2026-03-02","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"valueQuantity":{"value":70,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"valueQuantity":{"value":46,"unit":"furlong"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8302-2"}]},"valueString":"tall"}])");
  model::PatientRecord record = v.Record(kAsOf);
  REQUIRE(record.Latest(Measure::kWeight) != nullptr);
  CHECK(record.Latest(Measure::kWeight)->value == Approx(70));
  CHECK(record.Latest(Measure::kFvcPercent) == nullptr);
  const model::DataIssue* unit = IssueContaining(record, "furlong");
  REQUIRE(unit != nullptr);
  CHECK(unit->message.rfind("Observation.component[1].valueQuantity: unit 'furlong'", 0) == 0);
  CHECK(terminology::Contains(unit->concepts, "fvc-percent-predicted"));
  const model::DataIssue* height = IssueContaining(record, "component[2]");
  REQUIRE(height != nullptr);
  CHECK(height->message == "Observation.component[2].value[x]: expected a Quantity or integer for height");
}

TEST_CASE("VC % predicted is taken as FVC % predicted", "[model]") {
  Vignette v;
  v.Quantity(kLoinc, "98088-8", 55, "%", "2026-03-02");
  model::PatientRecord record = v.Record(kAsOf);
  REQUIRE(record.Latest(Measure::kFvcPercent) != nullptr);
  CHECK(record.Latest(Measure::kFvcPercent)->value == Approx(55));
}

TEST_CASE("Weights in pounds are normalised to kg", "[model]") {
  Vignette v;
  v.Quantity(kLoinc, "29463-7", 150, "[lb_av]", "2026-05-01");
  model::PatientRecord record = v.Record(kAsOf);
  REQUIRE(record.Latest(Measure::kWeight) != nullptr);
  CHECK(record.Latest(Measure::kWeight)->value == Approx(68.04).epsilon(0.001));
}

TEST_CASE("ALT keeps its own reference range; without one the ULN is absent (rules use the default)", "[model]") {
  Vignette v;
  v.Alt(120, "2026-05-01", 35).Alt(80, "2026-05-10", std::nullopt);
  model::PatientRecord record = v.Record(kAsOf);
  const auto& series = record.Series(Measure::kAlt);
  REQUIRE(series.size() == 2);
  CHECK(series[0].upper_limit == Approx(35));
  CHECK_FALSE(series[1].upper_limit.has_value());
}

TEST_CASE("Partial and period dates place results in time", "[model]") {
  Vignette v;
  v.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"effectivePeriod":{"start":"2026-02-01","end":"2026-02-03"},"valueQuantity":{"value":70,"unit":"%","system":"http://unitsofmeasure.org","code":"%"})");
  v.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-03","valueQuantity":{"value":70,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"})");
  model::PatientRecord record = v.Record(kAsOf);
  CHECK(fhir::FormatDay(record.Latest(Measure::kFvcPercent)->day) == "2026-02-03");
  CHECK(fhir::FormatDay(record.Latest(Measure::kWeight)->day) == "2026-03-01");
}

TEST_CASE("Only final, amended and corrected Observations count", "[model]") {
  for (const char* status : {"preliminary", "registered", "cancelled", "entered-in-error"}) {
    Vignette v;
    v.Resource("Observation", std::string(R"("status":")") + status + R"(","code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"effectiveDateTime":"2026-03-02","valueQuantity":{"value":40,"unit":"%","system":"http://unitsofmeasure.org","code":"%"})");
    INFO(status);
    model::PatientRecord record = v.Record(kAsOf);
    CHECK(record.Latest(Measure::kFvcPercent) == nullptr);
  }
}

TEST_CASE("Unusable inputs become named data issues, never crashes", "[model]") {
  Vignette v;
  v.Als("2025-01-01");
  v.Resource("Observation", R"("status":"final","effectiveDateTime":"2026-03-02","valueQuantity":{"value":46,"unit":"%"})");  // no code
  v.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"effectiveDateTime":"2026-03-02","valueQuantity":{"value":46,"unit":"furlong"})");
  v.Resource("Observation", R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"effectiveDateTime":"last Tuesday","valueQuantity":{"value":46,"unit":"%"})");
  v.Resource("MedicationRequest", R"("status":"active","intent":"order","medicationReference":{"reference":"Medication/nowhere"},"authoredOn":"2026-01-01")");
  model::PatientRecord record = v.Record(kAsOf);
  const model::DataIssue* no_code = IssueContaining(record, "Observation.code");
  REQUIRE(no_code != nullptr);
  CHECK(no_code->source.find("observation-2") != std::string::npos);
  const model::DataIssue* unit = IssueContaining(record, "furlong");
  REQUIRE(unit != nullptr);
  CHECK(unit->message.find("Observation.valueQuantity") != std::string::npos);
  CHECK(terminology::Contains(unit->concepts, "fvc-percent-predicted"));
  REQUIRE(IssueContaining(record, "last Tuesday") != nullptr);
  CHECK(IssueContaining(record, "last Tuesday")->message.find("Observation.effectiveDateTime") != std::string::npos);
  REQUIRE(IssueContaining(record, "Medication/nowhere") != nullptr);
  CHECK(record.Latest(Measure::kFvcPercent) == nullptr);
  // The unusable FVC is said in the respiratory recommendation, not silently ignored.
  auto findings = v.FindingsOf("riluzole-offer", kAsOf);
  CHECK(findings.size() == 1);
}

TEST_CASE("medicationReference to a contained Medication", "[model]") {
  Vignette v;
  v.Resource("MedicationRequest", R"("contained":[{"resourceType":"Medication","id":"med1","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"199206"}]}}],"status":"active","intent":"order","medicationReference":{"reference":"#med1"},"authoredOn":"2026-01-01")");
  model::PatientRecord record = v.Record(kAsOf);
  CHECK(guideline::OnDrug(record, "riluzole"));
}

TEST_CASE("Stopped and entered-in-error medication requests are not current", "[model]") {
  Vignette v;
  v.MedicationRequest("35623", "stopped", "2026-01-01").MedicationRequest("35623", "entered-in-error", "2026-01-02");
  model::PatientRecord record = v.Record(kAsOf);
  CHECK_FALSE(guideline::OnDrug(record, "riluzole"));
  CHECK(record.Medications("riluzole").size() == 1);
}

TEST_CASE("Resources dated after the evaluation day are not used, and said so", "[model]") {
  Vignette v;
  v.Fvc(40, "2026-07-01");
  model::PatientRecord record = v.Record(kAsOf);
  CHECK(record.Latest(Measure::kFvcPercent) == nullptr);
  CHECK(IssueContaining(record, "after the evaluation date") != nullptr);
}

}  // namespace
}  // namespace als::testing
