#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("gastrostomy-refer-fvc-ge50 refers in the low-risk window (FVC 70%)", "[rules][gastrostomy-refer-fvc-ge50]") {
  Vignette v = WeightLossPatient();
  v.Fvc(70, DaysAgo(10));
  auto findings = v.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "gastrostomy-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "PEG_INDICATED: weight loss 12.5%"));
  CHECK(Has(findings[0].description, "FVC 70% predicted on " + DaysAgo(10)));
  CHECK(Has(findings[0].description, "low-risk window"));
  CHECK(Contains(findings[0].evidence, "Observation/observation-3"));
  CHECK(Contains(findings[0].evidence, "Observation/observation-4"));
  CHECK_FALSE(v.Fires("gastrostomy-fvc-30to50", kAsOf));
  CHECK_FALSE(v.Fires("gastrostomy-fvc-lt30", kAsOf));
}

TEST_CASE("gastrostomy-refer-fvc-ge50 does not fire without an indication or with a tube in place",
          "[rules][gastrostomy-refer-fvc-ge50]") {
  Vignette none = AlsPatient();
  none.Fvc(70, DaysAgo(10)).Weight(80, "2025-09-10").Weight(78, DaysAgo(8));
  CHECK_FALSE(none.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  Vignette tube = WeightLossPatient();
  tube.Fvc(70, DaysAgo(10));
  Procedure(tube, kSnomed, "235159007", DaysAgo(30));
  CHECK_FALSE(tube.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  Vignette requested = WeightLossPatient();  // already requested
  requested.Fvc(70, DaysAgo(10));
  ServiceRequest(requested, kSnomed, "235159007", "active", DaysAgo(3));
  CHECK_FALSE(requested.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
}

TEST_CASE("gastrostomy-refer-fvc-ge50 thresholds: FVC 50 routes here, 49.9 to 30-50; High below 60 (window closing)",
          "[rules][gastrostomy-refer-fvc-ge50]") {
  Vignette at50 = WeightLossPatient();
  at50.Fvc(50, DaysAgo(10));
  REQUIRE(at50.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  CHECK(at50.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf)[0].priority == guideline::Priority::kHigh);
  Vignette below50 = WeightLossPatient();
  below50.Fvc(49.9, DaysAgo(10));
  CHECK_FALSE(below50.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  CHECK(below50.Fires("gastrostomy-fvc-30to50", kAsOf));
  Vignette at60 = WeightLossPatient();
  at60.Fvc(60, DaysAgo(10));
  CHECK(at60.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf)[0].priority == guideline::Priority::kMedium);
  Vignette fall = WeightLossPatient();  // 76 -> 66 within 90 days: window closing
  fall.Fvc(76, DaysAgo(70)).Fvc(66, DaysAgo(5));
  auto findings = fall.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "FVC fell 10 points"));
}

TEST_CASE("gastrostomy-refer-fvc-ge50 with a stale FVC: 'FVC needed for risk stratification' and R22 first",
          "[rules][gastrostomy-refer-fvc-ge50]") {
  Vignette v = WeightLossPatient();
  v.Fvc(28, DaysAgo(120));
  auto findings = v.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "FVC needed for risk stratification"));
  CHECK(Has(findings[0].description, "(last FVC 28% predicted on " + DaysAgo(120) + ")"));
  CHECK_FALSE(v.Fires("gastrostomy-fvc-lt30", kAsOf));  // the stale 28% does not route
  REQUIRE(v.Fires("resp-monitoring-due", kAsOf));
  auto all = v.Findings(kAsOf);
  auto position = [&](const char* rule) {
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i].rule_id == rule) return i;
    }
    return all.size();
  };
  CHECK(position("resp-monitoring-due") < position("gastrostomy-refer-fvc-ge50"));
}

TEST_CASE("gastrostomy-refer-fvc-ge50: PEG_INDICATED by dysphagia with poor intake, by agreement, by low BMI",
          "[rules][gastrostomy-refer-fvc-ge50]") {
  Vignette intake = AlsPatient();
  intake.Fvc(70, DaysAgo(10)).Condition(kSnomed, "40739000", DaysAgo(50));
  Finding(intake, kLocal, "inadequate-oral-intake", DaysAgo(6));
  REQUIRE(intake.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  CHECK(Has(intake.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf)[0].description, "inadequate oral intake"));
  Vignette dysphagia_only = AlsPatient();
  dysphagia_only.Fvc(70, DaysAgo(10)).Condition(kSnomed, "40739000", DaysAgo(50));
  CHECK_FALSE(dysphagia_only.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  Vignette agreed = AlsPatient();
  agreed.Fvc(70, DaysAgo(10));
  Finding(agreed, kLocal, "gastrostomy-agreed", DaysAgo(6));
  CHECK(agreed.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  Vignette bmi = AlsPatient("1976-01-01");
  bmi.Fvc(70, DaysAgo(10)).Quantity(kLoinc, "39156-5", 17.5, "kg/m2", DaysAgo(6));
  REQUIRE(bmi.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  CHECK(Has(bmi.FindingsOf("gastrostomy-refer-fvc-ge50", kAsOf)[0].description, "low BMI (bmi-low)"));
  Vignette declined = AlsPatient();
  declined.Fvc(70, DaysAgo(10));
  Finding(declined, kLocal, "gastrostomy-agreed", DaysAgo(60));
  Finding(declined, kLocal, "gastrostomy-declined", DaysAgo(20));
  CHECK_FALSE(declined.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
}

}  // namespace
}  // namespace als::testing
