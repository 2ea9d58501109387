#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

TEST_CASE("riluzole-alt-3to5: ALT 4x ULN gives a Medium Flag and a repeat-LFT activity", "[rules][riluzole-alt-3to5]") {
  Vignette v = OnRiluzole();
  v.Alt(160, DaysAgo(3));
  auto findings = v.FindingsOf("riluzole-alt-3to5", kAsOf);
  REQUIRE(findings.size() == 2);
  auto flags = OfKind(findings, OutputKind::kFlag);
  auto activities = OfKind(findings, OutputKind::kActivity);
  REQUIRE(flags.size() == 1);
  REQUIRE(activities.size() == 1);
  CHECK(flags[0].priority == Priority::kMedium);
  CHECK(flags[0].flag_category == "lab");
  CHECK(Has(Own(flags[0]), "ALT 160 U/L on " + DaysAgo(3) + " = 4x ULN"));
  CHECK(activities[0].action == "liver-function-tests");
  CHECK(Has(Own(activities[0]), "within 14 days"));
  CHECK(HasEvidence(flags[0], "Observation/observation-3"));
  CHECK(HasEvidence(flags[0], "MedicationRequest/medicationrequest-2"));
}

TEST_CASE("riluzole-alt-3to5 does not fire below 3x ULN or off riluzole", "[rules][riluzole-alt-3to5]") {
  Vignette low = OnRiluzole();
  low.Alt(90, DaysAgo(3));
  CHECK_FALSE(low.Fires("riluzole-alt-3to5", kAsOf));
  Vignette off;
  off.Als("2025-01-10").Alt(160, DaysAgo(3));
  CHECK_FALSE(off.Fires("riluzole-alt-3to5", kAsOf));
}

TEST_CASE("riluzole-alt-3to5: boundaries 3x (no) and exactly 5x (yes, not riluzole-alt-gt5)", "[rules][riluzole-alt-3to5]") {
  Vignette three = OnRiluzole();
  three.Alt(120, DaysAgo(3));
  CHECK_FALSE(three.Fires("riluzole-alt-3to5", kAsOf));
  Vignette just_above = OnRiluzole();
  just_above.Alt(121, DaysAgo(3));
  CHECK(just_above.Fires("riluzole-alt-3to5", kAsOf));
  Vignette five = OnRiluzole();
  five.Alt(200, DaysAgo(3));
  CHECK(five.Fires("riluzole-alt-3to5", kAsOf));
  CHECK_FALSE(five.Fires("riluzole-alt-gt5", kAsOf));
}

TEST_CASE("riluzole-alt-3to5: AST in ukat/L without a reference range uses the default ULN",
          "[rules][riluzole-alt-3to5]") {
  Vignette v = OnRiluzole();
  v.Quantity(kLoinc, "1920-8", 2.5, "ukat/L", DaysAgo(2));  // 150 U/L
  auto findings = v.FindingsOf("riluzole-alt-3to5", kAsOf);
  REQUIRE_FALSE(findings.empty());
  CHECK(Has(Own(findings[0]), "AST 150 U/L"));
  CHECK(Has(Own(findings[0]), "configured default"));
}

TEST_CASE("riluzole-alt-3to5: the latest result decides; an open ALT order suppresses only the activity",
          "[rules][riluzole-alt-3to5]") {
  Vignette normalised = OnRiluzole();
  normalised.Alt(160, DaysAgo(20)).Alt(60, DaysAgo(3));
  CHECK_FALSE(normalised.Fires("riluzole-alt-3to5", kAsOf));
  Vignette ordered = OnRiluzole();
  OpenOrder(ordered.Alt(160, DaysAgo(3)), "1742-6", DaysAgo(1));
  auto findings = ordered.FindingsOf("riluzole-alt-3to5", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == OutputKind::kFlag);
}

}  // namespace
}  // namespace als::testing
