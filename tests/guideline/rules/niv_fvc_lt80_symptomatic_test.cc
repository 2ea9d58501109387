#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-fvc-lt80-symptomatic refers a breathless patient at FVC 65%", "[rules][niv-fvc-lt80-symptomatic]") {
  Vignette v = AlsPatient();
  v.Fvc(65, DaysAgo(10)).Condition(kSnomed, "267036007", DaysAgo(20));  // dyspnoea
  auto findings = v.FindingsOf("niv-fvc-lt80-symptomatic", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "FVC 65% predicted on " + DaysAgo(10)));
  CHECK(Has(findings[0].description, "symptoms:"));
  CHECK(Contains(findings[0].evidence, "Observation/observation-2"));
  CHECK(Contains(findings[0].evidence, "Condition/condition-3"));
}

TEST_CASE("C3: a symptomatic patient is referred for NIV at FVC < 80%, not left waiting for FVC < 50%",
          "[rules][niv-fvc-lt80-symptomatic][contradiction]") {
  // The literal reading ("initiate NIV when ... FVC < 50%") gives no NIV activity at FVC 62%.
  Vignette v = AlsPatient();
  v.Fvc(62, DaysAgo(10));
  Score(v, "alsfrs-r-dyspnea", 2, DaysAgo(10));
  CHECK_FALSE(v.Fires("niv-fvc-lt50", kAsOf));
  ActivityView niv = ActivityOf(v.WriteSet(kAsOf), "niv-referral");
  REQUIRE(niv.found);
  CHECK(niv.priority == "urgent");
  CHECK(Contains(niv.rules, "niv-fvc-lt80-symptomatic"));
}

TEST_CASE("niv-fvc-lt80-symptomatic does not fire without symptoms", "[rules][niv-fvc-lt80-symptomatic]") {
  Vignette v = AlsPatient();
  v.Fvc(65, DaysAgo(10));
  Score(v, "alsfrs-r-dyspnea", 4, DaysAgo(10));  // normal item
  CHECK_FALSE(v.Fires("niv-fvc-lt80-symptomatic", kAsOf));
}

TEST_CASE("niv-fvc-lt80-symptomatic thresholds: FVC 80 vs 79.9, item 3 vs 4, symptom 90 vs 91 days",
          "[rules][niv-fvc-lt80-symptomatic]") {
  Vignette at80 = AlsPatient();
  at80.Fvc(80, DaysAgo(10)).Condition(kIcd10, "R06.00", DaysAgo(20));
  CHECK_FALSE(at80.Fires("niv-fvc-lt80-symptomatic", kAsOf));
  Vignette below80 = AlsPatient();
  below80.Fvc(79.9, DaysAgo(10)).Condition(kIcd10, "R06.00", DaysAgo(20));
  CHECK(below80.Fires("niv-fvc-lt80-symptomatic", kAsOf));
  Vignette item3 = AlsPatient();
  item3.Fvc(70, DaysAgo(10));
  Score(item3, "alsfrs-r-respiratory-insufficiency", 3, DaysAgo(10));
  CHECK(item3.Fires("niv-fvc-lt80-symptomatic", kAsOf));
  Vignette symptom90 = AlsPatient();
  symptom90.Fvc(70, DaysAgo(10));
  Finding(symptom90, kLocal, "morning-headache", DaysAgo(90));
  CHECK(symptom90.Fires("niv-fvc-lt80-symptomatic", kAsOf));
  Vignette symptom91 = AlsPatient();
  symptom91.Fvc(70, DaysAgo(10));
  Finding(symptom91, kLocal, "morning-headache", DaysAgo(91));
  CHECK_FALSE(symptom91.Fires("niv-fvc-lt80-symptomatic", kAsOf));
  Vignette denied = AlsPatient();  // the symptom recorded as absent
  denied.Fvc(70, DaysAgo(10));
  Finding(denied, kLocal, "morning-headache", DaysAgo(5), false);
  CHECK_FALSE(denied.Fires("niv-fvc-lt80-symptomatic", kAsOf));
}

TEST_CASE("niv-fvc-lt80-symptomatic is suppressed by NIV in use", "[rules][niv-fvc-lt80-symptomatic]") {
  Vignette v = AlsPatient();
  v.Fvc(65, DaysAgo(10)).Condition(kSnomed, "267036007", DaysAgo(20));
  NivInUse(v, DaysAgo(30));
  CHECK_FALSE(v.Fires("niv-fvc-lt80-symptomatic", kAsOf));
}

}  // namespace
}  // namespace als::testing
