#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("resp-low-spo2-gas asks for a blood gas at SpO2 93%", "[rules][resp-low-spo2-gas]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "59408-5", 93, "%", DaysAgo(4));
  auto findings = v.FindingsOf("resp-low-spo2-gas", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "blood-gas");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "Awake SpO2 93% on " + DaysAgo(4) + ", below 94%"));
  CHECK(Has(findings[0].description, "consider overnight oximetry"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("resp-low-spo2-gas does not fire at SpO2 97%", "[rules][resp-low-spo2-gas]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "2708-6", 97, "%", DaysAgo(4));
  CHECK_FALSE(v.Fires("resp-low-spo2-gas", kAsOf));
}

TEST_CASE("resp-low-spo2-gas thresholds: 94 vs 93.9; 92 with chronic lung disease", "[rules][resp-low-spo2-gas]") {
  Vignette at94 = AlsPatient();
  at94.Quantity(kLoinc, "59408-5", 94, "%", DaysAgo(4));
  CHECK_FALSE(at94.Fires("resp-low-spo2-gas", kAsOf));
  Vignette below94 = AlsPatient();
  below94.Quantity(kLoinc, "59408-5", 93.9, "%", DaysAgo(4));
  CHECK(below94.Fires("resp-low-spo2-gas", kAsOf));
  Vignette copd93 = AlsPatient();
  copd93.Condition(kIcd10, "J44.9", "2020-01-01").Quantity(kLoinc, "59408-5", 93, "%", DaysAgo(4));
  CHECK_FALSE(copd93.Fires("resp-low-spo2-gas", kAsOf));
  Vignette copd91 = AlsPatient();
  copd91.Condition(kSnomed, "13645005", "2020-01-01").Quantity(kLoinc, "59408-5", 91, "%", DaysAgo(4));
  auto findings = copd91.FindingsOf("resp-low-spo2-gas", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "below 92% (the cut-off for chronic lung disease"));
  CHECK(Contains(findings[0].evidence, "Condition/condition-2"));
}

TEST_CASE("resp-low-spo2-gas: a blood gas within 7 days suppresses, one 8 days ago does not; SpO2 window 30 days",
          "[rules][resp-low-spo2-gas]") {
  Vignette gas7 = AlsPatient();
  gas7.Quantity(kLoinc, "59408-5", 90, "%", DaysAgo(2)).Quantity(kLoinc, "2019-8", 42, "mm[Hg]", DaysAgo(7));
  CHECK_FALSE(gas7.Fires("resp-low-spo2-gas", kAsOf));
  Vignette gas8 = AlsPatient();
  gas8.Quantity(kLoinc, "59408-5", 90, "%", DaysAgo(2)).Quantity(kLoinc, "2019-8", 42, "mm[Hg]", DaysAgo(8));
  CHECK(gas8.Fires("resp-low-spo2-gas", kAsOf));
  Vignette po2 = AlsPatient();  // an arterial pO2 result is a blood gas too
  po2.Quantity(kLoinc, "59408-5", 90, "%", DaysAgo(2)).Quantity(kLoinc, "2703-7", 70, "mm[Hg]", DaysAgo(1));
  CHECK_FALSE(po2.Fires("resp-low-spo2-gas", kAsOf));
  Vignette old_spo2 = AlsPatient();
  old_spo2.Quantity(kLoinc, "59408-5", 90, "%", DaysAgo(31));
  CHECK_FALSE(old_spo2.Fires("resp-low-spo2-gas", kAsOf));
}

}  // namespace
}  // namespace als::testing
