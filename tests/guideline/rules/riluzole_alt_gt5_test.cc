#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

// Q3/C4: "continued use not recommended; prescriber review" (current label),
// never the seed's "discontinue"; High Flag and a prescriber-review activity.
TEST_CASE("riluzole-alt-gt5: ALT > 5x ULN is a High review alert, never a stop order",
          "[rules][riluzole-alt-gt5][C4]") {
  Vignette v = OnRiluzole();
  v.Alt(201, DaysAgo(2));
  auto findings = v.FindingsOf("riluzole-alt-gt5", kAsOf);
  auto flags = OfKind(findings, OutputKind::kFlag);
  auto activities = OfKind(findings, OutputKind::kActivity);
  REQUIRE(flags.size() == 1);
  REQUIRE(activities.size() == 2);
  CHECK(flags[0].priority == Priority::kHigh);
  CHECK(Has(flags[0].title, "continued use not recommended; prescriber review"));
  CHECK(activities[0].action == "prescriber-review");
  CHECK(activities[1].action == "liver-function-tests");
  CHECK(activities[0].priority == Priority::kHigh);
  for (const auto& finding : findings) {
    CHECK_FALSE(Has(Lower(Own(finding)), "discontinue"));
    CHECK_FALSE(Has(Lower(Own(finding)), "stop riluzole"));
    CHECK_FALSE(Has(Lower(finding.title), "discontinue"));
    CHECK(HasEvidence(finding, "Observation/observation-3"));
  }
  // No rule changes the prescription: the write set holds only adapter resources.
  for (const auto& entry : v.WriteSet(kAsOf).entries) {
    CHECK((entry.resource_type == "CarePlan" || entry.resource_type == "Flag" || entry.resource_type == "Provenance"));
  }
}

TEST_CASE("riluzole-alt-gt5 does not fire at 5x ULN or off riluzole", "[rules][riluzole-alt-gt5]") {
  Vignette at = OnRiluzole();
  at.Alt(200, DaysAgo(2)).Ast(200, DaysAgo(2));
  CHECK_FALSE(at.Fires("riluzole-alt-gt5", kAsOf));
  Vignette off;
  off.Als("2025-01-10").Alt(400, DaysAgo(2));
  CHECK_FALSE(off.Fires("riluzole-alt-gt5", kAsOf));
}

TEST_CASE("riluzole-alt-gt5: AST alone above 5x ULN fires (ALT or AST)", "[rules][riluzole-alt-gt5]") {
  Vignette v = OnRiluzole();
  v.Alt(35, DaysAgo(2)).Ast(300, DaysAgo(2));
  auto flags = OfKind(v.FindingsOf("riluzole-alt-gt5", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "AST 300 U/L"));
  CHECK_FALSE(Has(Own(flags[0]), "ALT 35"));
}

TEST_CASE("riluzole-alt-gt5: the ULN comes from the result, else the default (Q4)", "[rules][riluzole-alt-gt5]") {
  Vignette own = OnRiluzole();  // ULN 25 from referenceRange: 150 is 6x
  own.Alt(150, DaysAgo(2), 25);
  auto flags = OfKind(own.FindingsOf("riluzole-alt-gt5", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "= 6x ULN (ULN 25 U/L from the result's reference range)"));
  Vignette defaulted = OnRiluzole();  // no range: default 40, 150 is 3.75x
  defaulted.Alt(150, DaysAgo(2), std::nullopt);
  CHECK_FALSE(defaulted.Fires("riluzole-alt-gt5", kAsOf));
  CHECK(defaulted.Fires("riluzole-alt-3to5", kAsOf));
  Vignette ukat = OnRiluzole();  // 4 ukat/L = 240 U/L, default ULN
  ukat.Quantity(kLoinc, "1742-6", 4, "ukat/L", DaysAgo(2));
  flags = OfKind(ukat.FindingsOf("riluzole-alt-gt5", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "ALT 240 U/L"));
  CHECK(Has(Own(flags[0]), "configured default"));
}

TEST_CASE("riluzole-alt-gt5: a later normal result ends the alert; amended counts, preliminary does not",
          "[rules][riluzole-alt-gt5]") {
  Vignette normalised = OnRiluzole();
  normalised.Alt(250, DaysAgo(20)).Alt(45, DaysAgo(2));
  CHECK_FALSE(normalised.Fires("riluzole-alt-gt5", kAsOf));
  Vignette preliminary = OnRiluzole();
  ResultWithStatus(preliminary, "preliminary", "1742-6", 300, "U/L", DaysAgo(2));
  CHECK_FALSE(preliminary.Fires("riluzole-alt-gt5", kAsOf));
  Vignette amended = OnRiluzole();
  ResultWithStatus(amended, "amended", "1742-6", 300, "U/L", DaysAgo(2));
  CHECK(amended.Fires("riluzole-alt-gt5", kAsOf));
}

}  // namespace
}  // namespace als::testing
