#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "depression-screen";


std::vector<guideline::Finding> WithAction(const Vignette& v, const std::string& action) {
  std::vector<guideline::Finding> found;
  for (const auto& finding : v.FindingsOf(kRule, kAsOf)) {
    if (finding.action == action) found.push_back(finding);
  }
  return found;
}

Vignette& Phq9(Vignette& v, int score, const std::string& date) {
  return v.Resource("Observation", R"("status":"final","code":)" + Concept(kLoinc, "44261-6") +
                                       R"(,"effectiveDateTime":")" + date + R"(","valueInteger":)" +
                                       std::to_string(score));
}

TEST_CASE("depression-screen branch 1: screen when none in 90 days (Low)", "[rules][depression-screen]") {
  Vignette v;
  v.Als("2025-12-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "depression-screen");
  CHECK(findings[0].priority == guideline::Priority::kLow);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  CHECK(Has(findings[0].description, "No depression screen"));
  CHECK(Has(findings[0].description, "Source: Seed 001_660b7d635bcbe986.txt"));
}

TEST_CASE("depression-screen branch 1 boundary: a PHQ-9 90 days old counts, 91 does not", "[rules][depression-screen]") {
  Vignette day90;
  day90.Als("2025-12-01");
  Phq9(day90, 4, "2026-03-03");
  CHECK(WithAction(day90, "depression-screen").empty());
  Vignette day91;
  day91.Als("2025-12-01");
  Phq9(day91, 4, "2026-03-02");
  CHECK(WithAction(day91, "depression-screen").size() == 1);
  Vignette phq2;  // PHQ-2 also counts as a screen
  phq2.Als("2025-12-01").Quantity(kLoinc, "55758-7", 1, "{score}", "2026-05-01");
  CHECK(WithAction(phq2, "depression-screen").empty());
  Vignette ordered;  // a screening order is open
  ordered.Als("2025-12-01");
  care::ServiceRequest(ordered, kSnomed, "171207006", "active", "2026-05-20");
  CHECK(WithAction(ordered, "depression-screen").empty());
}

TEST_CASE("depression-screen branch 2: treat or refer on active depression (Medium)", "[rules][depression-screen]") {
  Vignette v;
  v.Als("2025-12-01").Condition(kIcd10, "F32.A", "2026-04-02");
  Phq9(v, 8, "2026-05-10");
  auto refer = WithAction(v, "psychology-referral");
  REQUIRE(refer.size() == 1);
  CHECK(refer[0].priority == guideline::Priority::kMedium);
  CHECK(Has(refer[0].description, "Depression indicated"));
  CHECK(Has(refer[0].description, "refer to psychology or psychiatry"));
  CHECK(refer[0].evidence == std::vector<std::string>{"Condition/condition-2"});
  CHECK(WithAction(v, "depression-screen").empty());  // screened 22 days ago

  Vignette remission;  // F32.5 (full remission) is not in the depression set
  remission.Als("2025-12-01").Condition(kIcd10, "F32.5", "2026-04-02");
  CHECK(WithAction(remission, "psychology-referral").empty());
}

TEST_CASE("depression-screen branch 2: PHQ-9 cut-off 10 and a coded positive screen", "[rules][depression-screen]") {
  Vignette ten;
  ten.Als("2025-12-01");
  Phq9(ten, 10, "2026-05-10");
  auto refer = WithAction(ten, "psychology-referral");
  REQUIRE(refer.size() == 1);
  CHECK(Has(refer[0].description, "PHQ-9 total 10 points on 2026-05-10"));
  Vignette nine;
  nine.Als("2025-12-01");
  Phq9(nine, 9, "2026-05-10");
  CHECK(WithAction(nine, "psychology-referral").empty());

  Vignette hads;  // HADS depression with a positive interpretation
  hads.Als("2025-12-01");
  hads.Resource("Observation", R"("status":"final","code":)" + Concept(kLocal, "hads-depression") +
                                   R"(,"effectiveDateTime":"2026-05-10","valueInteger":12,"interpretation":[)" +
                                   Concept(kLocal, "depression-screen-positive") + "]");
  CHECK(WithAction(hads, "psychology-referral").size() == 1);
}

TEST_CASE("depression-screen branch 2 is suppressed by treatment or a referral", "[rules][depression-screen]") {
  Vignette sertraline;
  sertraline.Als("2025-12-01").Condition(kSnomed, "35489007", "2026-04-02").MedicationRequest("36437", "active", "2026-04-05");
  CHECK(WithAction(sertraline, "psychology-referral").empty());

  Vignette referred;
  referred.Als("2025-12-01").Condition(kSnomed, "35489007", "2026-04-02");
  care::ServiceRequest(referred, kLocal, "psychiatry-referral", "active", "2026-04-05");
  CHECK(WithAction(referred, "psychology-referral").empty());

  Vignette seen;  // referral completed 180 days ago: still counts; 181 days: no longer
  seen.Als("2025-01-01").Condition(kSnomed, "35489007", "2026-04-02");
  care::ServiceRequest(seen, kLocal, "psychology-referral", "completed", "2025-12-03");
  CHECK(WithAction(seen, "psychology-referral").empty());
  Vignette old;
  old.Als("2025-01-01").Condition(kSnomed, "35489007", "2026-04-02");
  care::ServiceRequest(old, kLocal, "psychology-referral", "completed", "2025-12-02");
  CHECK(WithAction(old, "psychology-referral").size() == 1);
}

}  // namespace
}  // namespace als::testing
