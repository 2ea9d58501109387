#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

// On riluzole since `started_days_ago`, with ALT `alt_days_ago` (or none).
Vignette Course(int started_days_ago, std::optional<int> alt_days_ago) {
  Vignette v;
  v.Als("2024-01-10").MedicationRequest(kRiluzole, "active", DaysAgo(started_days_ago), 50, 2);
  v.Alt(30, DaysAgo(started_days_ago + 5)).Ast(30, DaysAgo(started_days_ago + 5));  // baseline
  if (alt_days_ago) v.Alt(32, DaysAgo(*alt_days_ago));
  return v;
}

TEST_CASE("riluzole-lft-monitoring (a): first 3 months, no ALT in 35 days is Medium",
          "[rules][riluzole-lft-monitoring]") {
  Vignette v = Course(60, std::nullopt);
  auto findings = v.FindingsOf("riluzole-lft-monitoring", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "liver-function-tests");
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "first 3 months"));
  CHECK(Has(Own(findings[0]), "no ALT or AST in the last 35 days"));
  CHECK(HasEvidence(findings[0], "MedicationRequest/medicationrequest-2"));
}

TEST_CASE("riluzole-lft-monitoring does not fire with a recent ALT, or off riluzole", "[rules][riluzole-lft-monitoring]") {
  CHECK_FALSE(Course(60, 20).Fires("riluzole-lft-monitoring", kAsOf));
  Vignette off;
  off.Als("2024-01-10").MedicationRequest(kRiluzole, "completed", DaysAgo(60), 50, 2);
  CHECK_FALSE(off.Fires("riluzole-lft-monitoring", kAsOf));
}

TEST_CASE("riluzole-lft-monitoring (a): ALT 35 vs 36 days ago", "[rules][riluzole-lft-monitoring]") {
  CHECK_FALSE(Course(60, 35).Fires("riluzole-lft-monitoring", kAsOf));
  CHECK(Course(60, 36).Fires("riluzole-lft-monitoring", kAsOf));
}

TEST_CASE("riluzole-lft-monitoring: day 92 is phase (a), day 93 phase (b)", "[rules][riluzole-lft-monitoring]") {
  // ALT 50 days ago: overdue in phase (a) (35 d), current in phase (b) (100 d).
  CHECK(Course(92, 50).Fires("riluzole-lft-monitoring", kAsOf));
  CHECK_FALSE(Course(93, 50).Fires("riluzole-lft-monitoring", kAsOf));
}

TEST_CASE("riluzole-lft-monitoring (b) and (c) are Low at 100 and 190 days", "[rules][riluzole-lft-monitoring]") {
  CHECK_FALSE(Course(200, 100).Fires("riluzole-lft-monitoring", kAsOf));
  auto b = Course(200, 101).FindingsOf("riluzole-lft-monitoring", kAsOf);
  REQUIRE(b.size() == 1);
  CHECK(b[0].priority == Priority::kLow);
  CHECK(Has(Own(b[0]), "months 4-12"));
  CHECK_FALSE(Course(400, 190).Fires("riluzole-lft-monitoring", kAsOf));
  auto c = Course(400, 191).FindingsOf("riluzole-lft-monitoring", kAsOf);
  REQUIRE(c.size() == 1);
  CHECK(c[0].priority == Priority::kLow);
  CHECK(Has(Own(c[0]), "after the first year"));
  // Day 365 is still phase (b); day 366 phase (c).
  CHECK(Course(365, 150).Fires("riluzole-lft-monitoring", kAsOf));
  CHECK_FALSE(Course(366, 150).Fires("riluzole-lft-monitoring", kAsOf));
}

TEST_CASE("riluzole-lft-monitoring: an AST alone counts; start from a MedicationStatement period",
          "[rules][riluzole-lft-monitoring]") {
  Vignette ast;
  ast.Als("2024-01-10").MedicationStatement(kRiluzole, "active", DaysAgo(40)).Ast(30, DaysAgo(10));
  CHECK_FALSE(ast.Fires("riluzole-lft-monitoring", kAsOf));
  Vignette statement;
  statement.Als("2024-01-10").MedicationStatement(kRiluzole, "active", DaysAgo(40)).Alt(30, DaysAgo(45));
  auto findings = statement.FindingsOf("riluzole-lft-monitoring", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "started " + DaysAgo(40)));
  CHECK(Has(Own(findings[0]), "last result ALT 30 U/L on " + DaysAgo(45)));
}

}  // namespace
}  // namespace als::testing
