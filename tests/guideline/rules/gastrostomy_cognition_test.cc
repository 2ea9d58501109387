#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("C12: cognitive impairment annotates the gastrostomy referral and never blocks it",
          "[rules][gastrostomy-cognition][contradiction]") {
  // The literal reading ("insistence on ... feeding tube placement ... may be inappropriate") would drop
  // the gastrostomy referral of a patient with FTD.
  Vignette v = WeightLossPatient();
  v.Fvc(65, DaysAgo(10));
  v.Condition(kSnomed, "1259124000", DaysAgo(100));  // ALS with FTD
  auto findings = v.FindingsOf("gastrostomy-cognition", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "gastrostomy-refer-fvc-ge50"));
  CHECK(Has(findings[0].description, "assess capacity"));
  CHECK(Has(findings[0].description, "Do not withhold gastrostomy on this ground alone"));
  CHECK(Contains(findings[0].evidence, "Condition/condition-5"));
  ActivityView referral = ActivityOf(v.WriteSet(kAsOf), "gastrostomy-referral");
  REQUIRE(referral.found);
  CHECK(Contains(referral.rules, "gastrostomy-refer-fvc-ge50"));
}

TEST_CASE("gastrostomy-cognition does not fire without cognitive impairment", "[rules][gastrostomy-cognition]") {
  Vignette v = WeightLossPatient();
  v.Fvc(65, DaysAgo(10));
  Score(v, "ecas-total", 110, DaysAgo(30));
  CHECK(v.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  CHECK_FALSE(v.Fires("gastrostomy-cognition", kAsOf));
}

TEST_CASE("gastrostomy-cognition: an open request counts as considered; ECAS 104 vs 105",
          "[rules][gastrostomy-cognition]") {
  Vignette impaired = AlsPatient();
  ServiceRequest(impaired, kSnomed, "235159007", "active", DaysAgo(3));
  Score(impaired, "ecas-total", 104, DaysAgo(30));
  auto findings = impaired.FindingsOf("gastrostomy-cognition", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "open request"));
  Vignette normal = AlsPatient();
  ServiceRequest(normal, kSnomed, "235159007", "active", DaysAgo(3));
  Score(normal, "ecas-total", 105, DaysAgo(30));
  CHECK_FALSE(normal.Fires("gastrostomy-cognition", kAsOf));
  Vignette nothing = AlsPatient("1960-01-01");  // impaired but no gastrostomy under consideration
  nothing.Condition(kSnomed, "230270009", DaysAgo(100));
  nothing.Resource("Communication", R"("status":"completed","topic":)" + Concept(kLocal, "gastrostomy-discussion") +
                                        R"(,"sent":")" + DaysAgo(40) + "\"");
  CHECK_FALSE(nothing.Fires("gastrostomy-cognition", kAsOf));
}

}  // namespace
}  // namespace als::testing
