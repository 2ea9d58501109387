#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

TEST_CASE("riluzole-neutropenia: ANC below 0.5 x10^9/L on riluzole is High", "[rules][riluzole-neutropenia]") {
  Vignette v = OnRiluzole(DaysAgo(200));
  v.Quantity(kLoinc, "751-8", 0.4, "10*3/uL", DaysAgo(1));  // 400/mm3
  auto flags = OfKind(v.FindingsOf("riluzole-neutropenia", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == Priority::kHigh);
  CHECK(Has(flags[0].title, "urgent CBC"));
  CHECK(Has(Own(flags[0]), "ANC 0.4"));
  CHECK(HasEvidence(flags[0], "Observation/observation-3"));
}

TEST_CASE("riluzole-neutropenia: ANC exactly 0.5 does not fire; nothing off riluzole", "[rules][riluzole-neutropenia]") {
  Vignette at = OnRiluzole(DaysAgo(200));
  at.Quantity(kLoinc, "751-8", 0.5, "10*9/L", DaysAgo(1));
  CHECK_FALSE(at.Fires("riluzole-neutropenia", kAsOf));
  Vignette off;
  off.Als("2025-01-10").Quantity(kLoinc, "751-8", 0.3, "10*9/L", DaysAgo(1));
  CHECK_FALSE(off.Fires("riluzole-neutropenia", kAsOf));
}

TEST_CASE("riluzole-neutropenia: fever in the first 60 days, with the education activity", "[rules][riluzole-neutropenia]") {
  Vignette v = OnRiluzole(DaysAgo(30));
  v.Quantity(kLoinc, "8310-5", 100.6, "[degF]", DaysAgo(2));  // 38.1 C
  auto findings = v.FindingsOf("riluzole-neutropenia", kAsOf);
  auto flags = OfKind(findings, OutputKind::kFlag);
  auto activities = OfKind(findings, OutputKind::kActivity);
  REQUIRE(flags.size() == 1);
  REQUIRE(activities.size() == 1);
  CHECK(Has(Own(flags[0]), "temperature 38.1"));
  CHECK(activities[0].action == "patient-education-febrile-illness");
  CHECK(activities[0].priority == Priority::kLow);
  // A CBC after the fever answers it: the ANC branch decides.
  v.Quantity(kLoinc, "751-8", 2.1, "10*9/L", DaysAgo(1));
  CHECK(OfKind(v.FindingsOf("riluzole-neutropenia", kAsOf), OutputKind::kFlag).empty());
}

TEST_CASE("riluzole-neutropenia: day 60 vs 61 for the febrile branch and education", "[rules][riluzole-neutropenia]") {
  Vignette early = OnRiluzole(DaysAgo(60));
  early.Condition(kSnomed, "386661006", DaysAgo(1));  // fever
  auto findings = early.FindingsOf("riluzole-neutropenia", kAsOf);
  CHECK(OfKind(findings, OutputKind::kFlag).size() == 1);
  CHECK(OfKind(findings, OutputKind::kActivity).size() == 1);
  Vignette later = OnRiluzole(DaysAgo(61));
  later.Condition(kSnomed, "386661006", DaysAgo(1));
  CHECK_FALSE(later.Fires("riluzole-neutropenia", kAsOf));
  Vignette normal = OnRiluzole(DaysAgo(10));  // afebrile: education only
  normal.Quantity(kLoinc, "8310-5", 37.9, "Cel", DaysAgo(1));
  findings = normal.FindingsOf("riluzole-neutropenia", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == OutputKind::kActivity);
}

}  // namespace
}  // namespace als::testing
