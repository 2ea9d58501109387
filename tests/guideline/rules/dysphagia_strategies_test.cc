#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("dysphagia-strategies educates a dysphagic patient", "[rules][dysphagia-strategies]") {
  Vignette v = AlsPatient();
  v.Condition(kSnomed, "40739000", DaysAgo(30));
  auto findings = v.FindingsOf("dysphagia-strategies", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "dysphagia-strategies");
  CHECK(findings[0].priority == guideline::Priority::kLow);
  CHECK(Has(findings[0].description, "chin-tuck"));
  CHECK(Has(findings[0].description, "thicker liquids"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
}

TEST_CASE("dysphagia-strategies does not fire without dysphagia", "[rules][dysphagia-strategies]") {
  Vignette v = AlsPatient();
  v.Condition(kSnomed, "8011004", DaysAgo(30));  // dysarthria only
  CHECK_FALSE(v.Fires("dysphagia-strategies", kAsOf));
}

TEST_CASE("dysphagia-strategies: swallowing item 3 fires, 4 does not", "[rules][dysphagia-strategies]") {
  Vignette item3 = AlsPatient();
  Score(item3, "alsfrs-r-swallowing", 3, DaysAgo(30));
  CHECK(item3.Fires("dysphagia-strategies", kAsOf));
  Vignette item4 = AlsPatient();
  Score(item4, "alsfrs-r-swallowing", 4, DaysAgo(30));
  CHECK_FALSE(item4.Fires("dysphagia-strategies", kAsOf));
}

TEST_CASE("dysphagia-strategies is suppressed by a dysphagia-management plan", "[rules][dysphagia-strategies]") {
  Vignette v = AlsPatient();
  v.Condition(kSnomed, "40739000", DaysAgo(30));
  v.Resource("CarePlan", R"("status":"active","intent":"plan","period":{"start":")" + DaysAgo(20) +
                             R"("},"activity":[{"detail":{"status":"in-progress","code":)" +
                             Concept(kLocal, "dysphagia-management") + "}}]");
  CHECK_FALSE(v.Fires("dysphagia-strategies", kAsOf));
}

}  // namespace
}  // namespace als::testing
