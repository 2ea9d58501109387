#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "pba-treat";


// A CNS-LS score as EHRs send it: valueInteger and an interpretation array.
Vignette& CnsLs(Vignette& v, int score, const std::string& date, bool positive) {
  std::string fields = R"("status":"final","code":)" + Concept(kLocal, "cns-ls-total") + R"(,"effectiveDateTime":")" +
                       date + R"(","valueInteger":)" + std::to_string(score);
  if (positive) fields += R"(,"interpretation":[)" + Concept(kLocal, "pba-screen-positive") + "]";
  return v.Resource("Observation", fields);
}

TEST_CASE("pba-treat fires for an untreated pseudobulbar affect", "[rules][pba-treat]") {
  Vignette v;
  v.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "pba-treatment");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
  CHECK(Has(findings[0].description, "dextromethorphan 20 mg/quinidine 10 mg"));
  CHECK(Has(findings[0].description, "SSRI or tricyclic"));
  CHECK(Has(findings[0].description, "QT interval"));
  CHECK(Has(findings[0].description, "2026-03-15"));

  Vignette icd;
  icd.Als("2025-10-01").Condition(kIcd10, "F48.2", "2026-03-15");
  CHECK(icd.Fires(kRule, kAsOf));
}

TEST_CASE("pba-treat: crying/laughing Observation and positive screen within 90 days", "[rules][pba-treat]") {
  Vignette day90;
  day90.Als("2025-10-01");
  care::Observed(day90, kLocal, "uncontrolled-crying-laughing", "2026-03-03");
  CHECK(day90.Fires(kRule, kAsOf));
  Vignette day91;
  day91.Als("2025-10-01");
  care::Observed(day91, kLocal, "uncontrolled-crying-laughing", "2026-03-02");
  CHECK_FALSE(day91.Fires(kRule, kAsOf));
  Vignette denied;  // "no" answer
  denied.Als("2025-10-01");
  care::Observed(denied, kLocal, "uncontrolled-crying-laughing", "2026-05-03", R"(,"valueBoolean":false)");
  CHECK_FALSE(denied.Fires(kRule, kAsOf));

  Vignette positive;
  positive.Als("2025-10-01");
  CnsLs(positive, 21, "2026-05-01", true);
  auto findings = positive.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "positive PBA screen"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});

  Vignette rescreened;  // the latest screen is negative
  rescreened.Als("2025-10-01");
  CnsLs(rescreened, 21, "2026-03-01", true);
  CnsLs(rescreened, 9, "2026-05-01", false);
  CHECK_FALSE(rescreened.Fires(kRule, kAsOf));
}

TEST_CASE("pba-treat does not fire when PBA is already treated", "[rules][pba-treat]") {
  Vignette nuedexta;  // Nuedexta product code rolls up to dextromethorphan/quinidine
  nuedexta.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15");
  nuedexta.MedicationRequest("1040054", "active", "2026-04-01");
  CHECK_FALSE(nuedexta.Fires(kRule, kAsOf));

  Vignette citalopram;
  citalopram.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15").MedicationStatement("2556", "active", "2026-01-01");
  CHECK_FALSE(citalopram.Fires(kRule, kAsOf));

  Vignette stopped;
  stopped.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15").MedicationStatement("2556", "stopped", "2025-06-01");
  CHECK(stopped.Fires(kRule, kAsOf));

  Vignette cough_syrup;  // dextromethorphan alone is not PBA treatment
  cough_syrup.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15").MedicationStatement("3289", "active", "2026-05-01");
  CHECK(cough_syrup.Fires(kRule, kAsOf));
}

TEST_CASE("pba-treat does not fire without PBA", "[rules][pba-treat]") {
  Vignette v;
  v.Als("2025-10-01").Condition(kSnomed, "432776007", "2026-03-15", "inactive");
  CHECK_FALSE(v.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
