#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("riluzole-baseline-liver: baseline ALT > 5x ULN replaces the riluzole offer by a High Flag",
          "[rules][riluzole-baseline-liver]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2026-01-10").Alt(250, DaysAgo(10));
  auto findings = v.FindingsOf("riluzole-baseline-liver", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(findings[0].title, "specialist review before starting"));
  CHECK(Has(Own(findings[0]), "ALT 250 U/L on " + DaysAgo(10) + " = 6.25x ULN (ULN 40 U/L from the result's reference range)"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
  CHECK_FALSE(v.Fires("riluzole-offer", kAsOf));
}

TEST_CASE("riluzole-baseline-liver does not fire with normal liver tests", "[rules][riluzole-baseline-liver]") {
  Vignette v;
  v.Als("2026-01-10").Alt(35, DaysAgo(10)).Ast(30, DaysAgo(10));
  CHECK_FALSE(v.Fires("riluzole-baseline-liver", kAsOf));
  CHECK(v.Fires("riluzole-offer", kAsOf));
}

TEST_CASE("riluzole-baseline-liver: strictly above 5x ULN, within 30 days", "[rules][riluzole-baseline-liver]") {
  Vignette at;  // exactly 5x
  at.Als("2026-01-10").Alt(200, DaysAgo(10));
  CHECK_FALSE(at.Fires("riluzole-baseline-liver", kAsOf));
  Vignette above;
  above.Als("2026-01-10").Ast(201, DaysAgo(10));
  CHECK(above.Fires("riluzole-baseline-liver", kAsOf));
  Vignette old;  // 31 days ago: outside the baseline window
  old.Als("2026-01-10").Alt(250, DaysAgo(31));
  CHECK_FALSE(old.Fires("riluzole-baseline-liver", kAsOf));
  Vignette edge;  // 30 days ago: inside
  edge.Als("2026-01-10").Alt(250, DaysAgo(30));
  CHECK(edge.Fires("riluzole-baseline-liver", kAsOf));
}

TEST_CASE("riluzole-baseline-liver: default ULN when the result has no reference range (Q4)",
          "[rules][riluzole-baseline-liver]") {
  Vignette v;
  v.Als("2026-01-10").Alt(210, DaysAgo(3), std::nullopt);
  auto findings = v.FindingsOf("riluzole-baseline-liver", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "ULN 40 U/L: configured default, because the result has no reference range"));
  Vignette own_range;  // the lab's own ULN of 50: 210 is 4.2x, not above 5x
  own_range.Als("2026-01-10").Alt(210, DaysAgo(3), 50);
  CHECK_FALSE(own_range.Fires("riluzole-baseline-liver", kAsOf));
}

TEST_CASE("riluzole-baseline-liver: bilirubin above ULN or hepatic impairment", "[rules][riluzole-baseline-liver]") {
  Vignette bilirubin;
  bilirubin.Als("2026-01-10").Quantity(kLoinc, "1975-2", 2.1, "mg/dL", DaysAgo(5), 1.2);
  auto findings = bilirubin.FindingsOf("riluzole-baseline-liver", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "total bilirubin 2.1 mg/dL"));
  Vignette at_uln;
  at_uln.Als("2026-01-10").Quantity(kLoinc, "1975-2", 1.2, "mg/dL", DaysAgo(5), 1.2);
  CHECK_FALSE(at_uln.Fires("riluzole-baseline-liver", kAsOf));
  Vignette cirrhosis;  // ICD-10-CM K74.60
  cirrhosis.Als("2026-01-10").Condition(kIcd10, "K74.60", "2020-01-01");
  CHECK(cirrhosis.Fires("riluzole-baseline-liver", kAsOf));
  CHECK_FALSE(cirrhosis.Fires("riluzole-offer", kAsOf));
  Vignette resolved;
  resolved.Als("2026-01-10").Condition(kIcd10, "K74.60", "2020-01-01", "resolved");
  CHECK_FALSE(resolved.Fires("riluzole-baseline-liver", kAsOf));
}

// C4: the baseline precaution and the on-treatment rule are separate rules.
TEST_CASE("riluzole-baseline-liver C4: on riluzole the same ALT is the on-treatment rule, not the baseline one",
          "[rules][riluzole-baseline-liver][C4]") {
  Vignette off;
  off.Als("2025-01-10").Alt(250, DaysAgo(5));
  CHECK(off.Fires("riluzole-baseline-liver", kAsOf));
  CHECK_FALSE(off.Fires("riluzole-alt-gt5", kAsOf));
  Vignette on;
  on.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2025-02-01", 50, 2).Alt(250, DaysAgo(5));
  CHECK_FALSE(on.Fires("riluzole-baseline-liver", kAsOf));
  CHECK(on.Fires("riluzole-alt-gt5", kAsOf));
}

TEST_CASE("riluzole-baseline-liver: not for a patient who cannot have riluzole, but for a draft order",
          "[rules][riluzole-baseline-liver]") {
  Vignette allergic;
  allergic.Als("2026-01-10").Allergy(kRxNorm, kRiluzole).Alt(250, DaysAgo(5));
  CHECK_FALSE(allergic.Fires("riluzole-baseline-liver", kAsOf));
  allergic.MedicationRequest(kRiluzole, "draft", DaysAgo(1));
  CHECK(allergic.Fires("riluzole-baseline-liver", kAsOf));
}

}  // namespace
}  // namespace als::testing
