#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("weight-loss-ge10 raises a High malnutrition Flag and a dietitian activity", "[rules][weight-loss-ge10]") {
  Vignette v = AlsPatient();
  v.Weight(80, "2025-09-10").Weight(70, DaysAgo(8));
  auto findings = v.FindingsOf("weight-loss-ge10", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].flag_category == "diet");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "12.5% from first weight within 30 days of diagnosis 80 kg (2025-09-10)"));
  CHECK(Has(findings[0].description, "gastrostomy-refer-fvc-ge50"));
  CHECK(findings[1].action == "dietitian-referral");
  CHECK(findings[1].priority == guideline::Priority::kHigh);
  CHECK(findings[1].evidence == std::vector<std::string>{"Observation/observation-3", "Observation/observation-2"});
}

TEST_CASE("weight-loss-ge10 does not fire at 9.9%", "[rules][weight-loss-ge10]") {
  Vignette v = AlsPatient();
  v.Weight(100, "2025-09-10").Weight(90.1, DaysAgo(8));
  CHECK_FALSE(v.Fires("weight-loss-ge10", kAsOf));
}

TEST_CASE("weight-loss-ge10 thresholds: 10% fires; the latest weight must be at most 90 days old",
          "[rules][weight-loss-ge10]") {
  Vignette at10 = AlsPatient();
  at10.Weight(100, "2025-09-10").Weight(90, DaysAgo(90));
  CHECK(at10.Fires("weight-loss-ge10", kAsOf));
  Vignette stale = AlsPatient();
  stale.Weight(100, "2025-09-10").Weight(85, DaysAgo(91));
  CHECK_FALSE(stale.Fires("weight-loss-ge10", kAsOf));
}

TEST_CASE("weight-loss-ge10 keeps the Flag when a dietitian referral is open; reviews feeding with a tube",
          "[rules][weight-loss-ge10]") {
  Vignette open = AlsPatient();
  open.Weight(80, "2025-09-10").Weight(70, DaysAgo(8));
  ServiceRequest(open, kSnomed, "103699006", "active", DaysAgo(2));
  auto findings = open.FindingsOf("weight-loss-ge10", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  Vignette tube = AlsPatient();
  tube.Weight(80, "2025-09-10").Weight(70, DaysAgo(8)).Condition(kIcd10, "Z93.1", DaysAgo(30));
  auto with_tube = tube.FindingsOf("weight-loss-ge10", kAsOf);
  REQUIRE(with_tube.size() == 2);
  CHECK(Has(with_tube[0].description, "review the feeding regimen"));
}

}  // namespace
}  // namespace als::testing
