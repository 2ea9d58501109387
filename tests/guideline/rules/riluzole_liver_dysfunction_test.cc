#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

Vignette& Bilirubin(Vignette& v, double value, std::optional<double> uln = 1.2) {
  return v.Quantity(kLoinc, "1975-2", value, "mg/dL", DaysAgo(3), uln);
}

TEST_CASE("riluzole-liver-dysfunction: bilirubin and ALT above ULN on riluzole is High",
          "[rules][riluzole-liver-dysfunction]") {
  Vignette v = OnRiluzole();
  Bilirubin(v, 2.4).Alt(60, DaysAgo(3));
  auto findings = v.FindingsOf("riluzole-liver-dysfunction", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(findings[0].flag_category == "drug");
  CHECK(Has(Own(findings[0]), "total bilirubin 2.4 mg/dL on " + DaysAgo(3) + " = 2x ULN"));
  CHECK(Has(Own(findings[0]), "ALT 60 U/L"));
  CHECK(HasEvidence(findings[0], "Observation/observation-3"));
  CHECK(HasEvidence(findings[0], "Observation/observation-4"));
  CHECK(HasEvidence(findings[0], "MedicationRequest/medicationrequest-2"));
}

TEST_CASE("riluzole-liver-dysfunction does not fire with normal transaminases or off riluzole",
          "[rules][riluzole-liver-dysfunction]") {
  Vignette normal_alt = OnRiluzole();
  Bilirubin(normal_alt, 2.4).Alt(30, DaysAgo(3));
  CHECK_FALSE(normal_alt.Fires("riluzole-liver-dysfunction", kAsOf));
  Vignette off;
  off.Als("2025-01-10");
  Bilirubin(off, 2.4).Alt(60, DaysAgo(3));
  CHECK_FALSE(off.Fires("riluzole-liver-dysfunction", kAsOf));
}

TEST_CASE("riluzole-liver-dysfunction: bilirubin exactly at ULN does not fire; default ULN 1.2",
          "[rules][riluzole-liver-dysfunction]") {
  Vignette at = OnRiluzole();
  Bilirubin(at, 1.2).Alt(60, DaysAgo(3));
  CHECK_FALSE(at.Fires("riluzole-liver-dysfunction", kAsOf));
  Vignette defaulted = OnRiluzole();
  Bilirubin(defaulted, 1.3, std::nullopt).Alt(60, DaysAgo(3));
  auto findings = defaulted.FindingsOf("riluzole-liver-dysfunction", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "ULN 1.2 mg/dL: configured default"));
}

TEST_CASE("riluzole-liver-dysfunction: jaundice after the start fires, before the start does not",
          "[rules][riluzole-liver-dysfunction]") {
  Vignette after = OnRiluzole();
  after.Condition(kSnomed, "18165001", "2026-05-01");
  auto findings = after.FindingsOf("riluzole-liver-dysfunction", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "onset 2026-05-01"));
  CHECK(Has(Own(findings[0]), "label says to discontinue riluzole"));
  Vignette before = OnRiluzole();
  before.Condition(kIcd10, "R17", "2024-05-01");
  CHECK_FALSE(before.Fires("riluzole-liver-dysfunction", kAsOf));
  Vignette refuted = OnRiluzole();
  refuted.Condition(kIcd10, "R17", "2026-05-01", "active", "refuted");
  CHECK_FALSE(refuted.Fires("riluzole-liver-dysfunction", kAsOf));
}

}  // namespace
}  // namespace als::testing
