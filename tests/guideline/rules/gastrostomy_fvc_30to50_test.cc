#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("gastrostomy-fvc-30to50 gives precautions at FVC 40%", "[rules][gastrostomy-fvc-30to50]") {
  Vignette v = WeightLossPatient();
  v.Fvc(40, DaysAgo(10));
  auto findings = v.FindingsOf("gastrostomy-fvc-30to50", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].title == "Moderate procedural risk for gastrostomy (FVC 30-50%)");
  CHECK(findings[1].action == "gastrostomy-referral");
  CHECK(findings[1].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[1].description, "radiologically inserted gastrostomy"));
  CHECK(Has(findings[1].description, "NIV available during the procedure"));
  CHECK(Contains(findings[1].evidence, "Observation/observation-4"));
  CHECK_FALSE(v.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
}

TEST_CASE("gastrostomy-fvc-30to50 does not fire without an indication or request", "[rules][gastrostomy-fvc-30to50]") {
  Vignette v = AlsPatient();
  v.Fvc(40, DaysAgo(10));
  CHECK_FALSE(v.Fires("gastrostomy-fvc-30to50", kAsOf));
}

TEST_CASE("gastrostomy-fvc-30to50 thresholds: 30 routes here, 29.9 to the high-risk rule",
          "[rules][gastrostomy-fvc-30to50]") {
  Vignette at30 = WeightLossPatient();
  at30.Fvc(30, DaysAgo(10));
  CHECK(at30.Fires("gastrostomy-fvc-30to50", kAsOf));
  CHECK_FALSE(at30.Fires("gastrostomy-fvc-lt30", kAsOf));
  Vignette below30 = WeightLossPatient();
  below30.Fvc(29.9, DaysAgo(10));
  CHECK_FALSE(below30.Fires("gastrostomy-fvc-30to50", kAsOf));
  CHECK(below30.Fires("gastrostomy-fvc-lt30", kAsOf));
}

TEST_CASE("gastrostomy-fvc-30to50 with an open request: the Flag carries the precautions, no duplicate referral",
          "[rules][gastrostomy-fvc-30to50]") {
  Vignette v = AlsPatient();  // no PEG_INDICATED data: the open request alone routes
  v.Fvc(42, DaysAgo(10));
  ServiceRequest(v, kLocal, "gastrostomy-referral", "active", DaysAgo(4));
  auto findings = v.FindingsOf("gastrostomy-fvc-30to50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(Has(findings[0].description, "Open gastrostomy request"));
  CHECK(Contains(findings[0].evidence, "ServiceRequest/servicerequest-3"));
}

}  // namespace
}  // namespace als::testing
