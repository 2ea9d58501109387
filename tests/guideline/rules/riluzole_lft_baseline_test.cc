#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("riluzole-lft-baseline fires with the riluzole offer when no recent ALT/AST exists",
          "[rules][riluzole-lft-baseline]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2026-01-10");
  REQUIRE(v.Fires("riluzole-offer", kAsOf));
  auto findings = v.FindingsOf("riluzole-lft-baseline", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "liver-function-tests");
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "no ALT or AST result"));
  CHECK(Has(Own(findings[0]), "CBC with ANC"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
}

TEST_CASE("riluzole-lft-baseline does not fire with recent ALT and AST", "[rules][riluzole-lft-baseline]") {
  Vignette v;
  v.Als("2026-01-10").Alt(30, DaysAgo(10)).Ast(28, DaysAgo(10));
  CHECK_FALSE(v.Fires("riluzole-lft-baseline", kAsOf));
}

TEST_CASE("riluzole-lft-baseline: 30-day window boundary", "[rules][riluzole-lft-baseline]") {
  Vignette at;
  at.Als("2026-01-10").Alt(30, DaysAgo(30)).Ast(28, DaysAgo(30));
  CHECK_FALSE(at.Fires("riluzole-lft-baseline", kAsOf));
  Vignette beyond;
  beyond.Als("2026-01-10").Alt(30, DaysAgo(31)).Ast(28, DaysAgo(31));
  CHECK(beyond.Fires("riluzole-lft-baseline", kAsOf));
}

TEST_CASE("riluzole-lft-baseline: ALT alone is not a baseline (AST missing)", "[rules][riluzole-lft-baseline]") {
  Vignette v;
  v.Als("2026-01-10").Alt(30, DaysAgo(5));
  auto findings = v.FindingsOf("riluzole-lft-baseline", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "no AST result (ALT 30 U/L on"));
}

TEST_CASE("riluzole-lft-baseline: a new order counts from 30 days before its start", "[rules][riluzole-lft-baseline]") {
  Vignette inside;  // ordered 10 days ago; labs 30 days ago = 20 days before start
  inside.Als("2026-01-10").MedicationRequest(kRiluzole, "active", DaysAgo(10), 50, 2).Alt(30, DaysAgo(30)).Ast(
      30, DaysAgo(30));
  CHECK_FALSE(inside.Fires("riluzole-lft-baseline", kAsOf));
  Vignette outside;  // labs 41 days ago = 31 days before start
  outside.Als("2026-01-10").MedicationRequest(kRiluzole, "active", DaysAgo(10), 50, 2).Alt(30, DaysAgo(41)).Ast(
      30, DaysAgo(41));
  auto findings = outside.FindingsOf("riluzole-lft-baseline", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(HasEvidence(findings[0], "MedicationRequest/medicationrequest-2"));
  CHECK(Has(Own(findings[0]), "riluzole ordered in the last 30 days"));
  Vignette draft;  // a draft order is a pending start too
  draft.Als("2026-01-10").MedicationRequest(kRiluzole, "draft", DaysAgo(3));
  CHECK(draft.Fires("riluzole-lft-baseline", kAsOf));
}

TEST_CASE("riluzole-lft-baseline: High when on riluzole with no ALT/AST result ever", "[rules][riluzole-lft-baseline]") {
  Vignette v;
  v.Als("2024-01-10").MedicationStatement(kRiluzole, "active", "2024-02-01");
  auto findings = v.FindingsOf("riluzole-lft-baseline", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(Own(findings[0]), "no ALT or AST result is on file at all"));
  CHECK(HasEvidence(findings[0], "MedicationStatement/medicationstatement-2"));
  Vignette with_old;  // an old result exists: not "never"; the order is old: no baseline trigger (R05 monitors)
  with_old.Als("2024-01-10").MedicationStatement(kRiluzole, "active", "2024-02-01").Alt(30, "2024-01-20");
  CHECK_FALSE(with_old.Fires("riluzole-lft-baseline", kAsOf));
}

TEST_CASE("riluzole-lft-baseline is suppressed by an open ALT order", "[rules][riluzole-lft-baseline]") {
  Vignette v;
  OpenOrder(v.Als("2026-01-10"), "1742-6", DaysAgo(2));
  CHECK_FALSE(v.Fires("riluzole-lft-baseline", kAsOf));
}

}  // namespace
}  // namespace als::testing
