#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-orthopnea fires for orthopnoea whatever the FVC", "[rules][niv-orthopnea]") {
  Vignette v = AlsPatient();
  v.Fvc(95, DaysAgo(10)).Condition(kIcd10, "R06.01", DaysAgo(15));
  auto findings = v.FindingsOf("niv-orthopnea", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "NIV criterion met: orthopnoea"));
  CHECK(Has(findings[0].description, "Latest FVC 95% predicted"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-3"});
}

TEST_CASE("niv-orthopnea does not fire without orthopnoea", "[rules][niv-orthopnea]") {
  Vignette v = AlsPatient();
  v.Fvc(60, DaysAgo(10)).Condition(kSnomed, "267036007", DaysAgo(15));  // dyspnoea, not orthopnoea
  CHECK_FALSE(v.Fires("niv-orthopnea", kAsOf));
}

TEST_CASE("niv-orthopnea: ALSFRS-R orthopnoea item 3 fires, 4 does not; no fresh FVC asks for tests",
          "[rules][niv-orthopnea]") {
  Vignette item3 = AlsPatient();
  Score(item3, "alsfrs-r-orthopnea", 3, DaysAgo(12));
  auto findings = item3.FindingsOf("niv-orthopnea", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "ALSFRS-R orthopnoea item 3"));
  CHECK(Has(findings[0].description, "No fresh FVC/VC % predicted: get respiratory tests"));
  Vignette item4 = AlsPatient();
  Score(item4, "alsfrs-r-orthopnea", 4, DaysAgo(12));
  CHECK_FALSE(item4.Fires("niv-orthopnea", kAsOf));
}

TEST_CASE("niv-orthopnea ignores a resolved orthopnoea and NIV already in place", "[rules][niv-orthopnea]") {
  Vignette resolved = AlsPatient();
  resolved.Condition(kSnomed, "62744007", DaysAgo(15), "resolved");
  CHECK_FALSE(resolved.Fires("niv-orthopnea", kAsOf));
  Vignette on_niv = AlsPatient();
  on_niv.Condition(kSnomed, "62744007", DaysAgo(15));
  NivInUse(on_niv, DaysAgo(100));
  CHECK_FALSE(on_niv.Fires("niv-orthopnea", kAsOf));
}

}  // namespace
}  // namespace als::testing
