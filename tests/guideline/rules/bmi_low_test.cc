#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("bmi-low flags BMI 17.9 at age 50", "[rules][bmi-low]") {
  Vignette v = AlsPatient("1976-01-01");
  v.Quantity(kLoinc, "39156-5", 17.9, "kg/m2", DaysAgo(20));
  auto findings = v.FindingsOf("bmi-low", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].title == "Malnutrition by BMI");
  CHECK(findings[0].flag_category == "diet");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "BMI 17.9 kg/m2 on " + DaysAgo(20) + ", below 18.5 kg/m2 (age 50"));
  CHECK(findings[1].action == "dietitian-referral");
  CHECK(findings[1].priority == guideline::Priority::kHigh);
  CHECK(findings[1].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("bmi-low does not fire at BMI 22", "[rules][bmi-low]") {
  Vignette v = AlsPatient("1976-01-01");
  v.Quantity(kLoinc, "39156-5", 22, "kg/m2", DaysAgo(20));
  CHECK_FALSE(v.Fires("bmi-low", kAsOf));
}

TEST_CASE("bmi-low thresholds by age band: 18.5 at 18-65, 20 above 65", "[rules][bmi-low]") {
  Vignette adult_at = AlsPatient("1976-01-01");
  adult_at.Quantity(kLoinc, "39156-5", 18.5, "kg/m2", DaysAgo(20));
  CHECK_FALSE(adult_at.Fires("bmi-low", kAsOf));
  Vignette age66 = AlsPatient("1960-06-01");  // 66 on the evaluation day
  age66.Quantity(kLoinc, "39156-5", 19.5, "kg/m2", DaysAgo(20));
  CHECK(age66.Fires("bmi-low", kAsOf));
  Vignette sixty_five = AlsPatient("1961-01-01");  // 65
  sixty_five.Quantity(kLoinc, "39156-5", 19.5, "kg/m2", DaysAgo(20));
  CHECK_FALSE(sixty_five.Fires("bmi-low", kAsOf));
  Vignette older_at = AlsPatient("1950-01-01");
  older_at.Quantity(kLoinc, "39156-5", 20, "kg/m2", DaysAgo(20));
  CHECK_FALSE(older_at.Fires("bmi-low", kAsOf));
  Vignette stale = AlsPatient("1976-01-01");
  stale.Quantity(kLoinc, "39156-5", 16, "kg/m2", DaysAgo(91));
  CHECK_FALSE(stale.Fires("bmi-low", kAsOf));
}

TEST_CASE("bmi-low computes BMI from weight in pounds and height", "[rules][bmi-low]") {
  Vignette v = AlsPatient("1976-01-01");
  v.Quantity(kLoinc, "8302-2", 175, "cm", "2025-01-01").Quantity(kLoinc, "29463-7", 120, "[lb_av]", DaysAgo(5));
  auto findings = v.FindingsOf("bmi-low", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(Has(findings[0].description, "BMI 17.8 kg/m2"));
  CHECK(Has(findings[0].description, "computed from weight and height"));
}

}  // namespace
}  // namespace als::testing
