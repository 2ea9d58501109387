#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-snip-mip fires for a negative-signed MIP of -55 cmH2O (absolute 55)", "[rules][niv-snip-mip]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "mip", -55, "cm[H2O]", DaysAgo(20));
  auto findings = v.FindingsOf("niv-snip-mip", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "MIP 55 cmH2O on " + DaysAgo(20) + " as an absolute value (below 60)"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("niv-snip-mip does not fire with normal pressures", "[rules][niv-snip-mip]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "mip", -85, "cm[H2O]", DaysAgo(20)).Quantity(kLocal, "snip", 70, "cm[H2O]", DaysAgo(20));
  CHECK_FALSE(v.Fires("niv-snip-mip", kAsOf));
}

TEST_CASE("niv-snip-mip thresholds: MIP 60 vs 59.9, SNIP 40 vs 39.9, 90 vs 91 days", "[rules][niv-snip-mip]") {
  Vignette mip60 = AlsPatient();
  mip60.Quantity(kLocal, "mip", -60, "cm[H2O]", DaysAgo(20));
  CHECK_FALSE(mip60.Fires("niv-snip-mip", kAsOf));
  Vignette mip599 = AlsPatient();
  mip599.Quantity(kLocal, "mip", 59.9, "cm[H2O]", DaysAgo(20));  // stored positive
  CHECK(mip599.Fires("niv-snip-mip", kAsOf));
  Vignette snip40 = AlsPatient();
  snip40.Quantity(kLocal, "snip", 40, "cm[H2O]", DaysAgo(20));
  CHECK_FALSE(snip40.Fires("niv-snip-mip", kAsOf));
  Vignette snip399 = AlsPatient();
  snip399.Quantity(kLocal, "snip", -39.9, "cm[H2O]", DaysAgo(90));
  CHECK(snip399.Fires("niv-snip-mip", kAsOf));
  Vignette old = AlsPatient();
  old.Quantity(kLocal, "snip", 30, "cm[H2O]", DaysAgo(91));
  CHECK_FALSE(old.Fires("niv-snip-mip", kAsOf));
}

TEST_CASE("niv-snip-mip converts kPa and lists both criteria", "[rules][niv-snip-mip]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "snip", 3.5, "kPa", DaysAgo(10));  // 35.7 cmH2O
  v.Quantity(kLocal, "mip", -5.0, "kPa", DaysAgo(10));  // 51 cmH2O
  auto findings = v.FindingsOf("niv-snip-mip", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "SNIP 35.7 cmH2O"));
  CHECK(Has(findings[0].description, "MIP 51 cmH2O"));
  CHECK(findings[0].evidence.size() == 2);
}

}  // namespace
}  // namespace als::testing
