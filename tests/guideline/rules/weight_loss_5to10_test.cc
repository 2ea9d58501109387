#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("weight-loss-5to10 fires at 7.5% loss from usual weight", "[rules][weight-loss-5to10]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "usual-body-weight", 80, "kg", "2025-06-01").Weight(74, DaysAgo(10));
  auto findings = v.FindingsOf("weight-loss-5to10", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "dietitian-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "Weight loss 7.5% from usual/premorbid weight 80 kg (2025-06-01) to 74 kg"));
  CHECK(Has(findings[0].description, "gastrostomy-discuss-early"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-3", "Observation/observation-2"});
}

TEST_CASE("weight-loss-5to10 does not fire with stable weight", "[rules][weight-loss-5to10]") {
  Vignette v = AlsPatient();
  v.Weight(80, "2025-09-05").Weight(79, DaysAgo(10));
  CHECK_FALSE(v.Fires("weight-loss-5to10", kAsOf));
}

TEST_CASE("weight-loss-5to10 thresholds: 4.9% no, 5% yes, 10% is the next tier", "[rules][weight-loss-5to10]") {
  Vignette below = AlsPatient();
  below.Weight(100, "2025-09-05").Weight(95.1, DaysAgo(10));
  CHECK_FALSE(below.Fires("weight-loss-5to10", kAsOf));
  Vignette at5 = AlsPatient();
  at5.Weight(100, "2025-09-05").Weight(95, DaysAgo(10));
  CHECK(at5.Fires("weight-loss-5to10", kAsOf));
  Vignette at10 = AlsPatient();
  at10.Weight(100, "2025-09-05").Weight(90, DaysAgo(10));
  CHECK_FALSE(at10.Fires("weight-loss-5to10", kAsOf));
  CHECK(at10.Fires("weight-loss-ge10", kAsOf));
}

TEST_CASE("weight-loss-5to10 reads pounds and skips a dietitian already seen since the weight",
          "[rules][weight-loss-5to10]") {
  Vignette pounds = AlsPatient();  // 176.4 lb = 80 kg, 165.3 lb = 75 kg
  pounds.Quantity(kLoinc, "29463-7", 176.37, "[lb_av]", "2025-09-03")
      .Quantity(kLoinc, "29463-7", 165.35, "[lb_av]", DaysAgo(10));
  CHECK(pounds.Fires("weight-loss-5to10", kAsOf));
  Vignette seen = AlsPatient();
  seen.Weight(80, "2025-09-05").Weight(75, DaysAgo(10));
  Procedure(seen, kSnomed, "1759002", DaysAgo(3));
  CHECK_FALSE(seen.Fires("weight-loss-5to10", kAsOf));
  Vignette seen_before = AlsPatient();
  seen_before.Weight(80, "2025-09-05").Weight(75, DaysAgo(10));
  Procedure(seen_before, kSnomed, "1759002", DaysAgo(40));
  CHECK(seen_before.Fires("weight-loss-5to10", kAsOf));
}

}  // namespace
}  // namespace als::testing
