#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("C2: FVC < 30% gives a high-risk Flag with mitigations and keeps the gastrostomy route; never a refusal",
          "[rules][gastrostomy-fvc-lt30][contradiction]") {
  // The literal reading ("gastrostomy should be refused when FVC falls below 30%") would output a refusal
  // and no gastrostomy referral.
  Vignette v = WeightLossPatient();
  v.Fvc(25, DaysAgo(10));
  auto findings = v.FindingsOf("gastrostomy-fvc-lt30", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(findings[0].title == "High procedural risk for gastrostomy (FVC below 30% predicted)");
  for (const char* mitigation : {"anaesthesia evaluation", "experienced gastroenterologist", "NIV during the procedure",
                                 "informed patient choice", "palliative nasogastric feeding", "palliative hydration",
                                 "radiologically inserted gastrostomy"}) {
    CHECK(Has(findings[0].description, mitigation));
  }
  CHECK(findings[1].action == "gastrostomy-referral");
  auto write_set = v.WriteSet(kAsOf);
  ActivityView referral = ActivityOf(write_set, "gastrostomy-referral");
  REQUIRE(referral.found);
  CHECK(referral.priority == "urgent");
  CHECK(Contains(write_set.flag_rules, "gastrostomy-fvc-lt30"));
  // Every gastrostomy-related text the adapter writes for this patient.
  std::string all = Lower(referral.description);
  for (const auto& finding : v.Findings(kAsOf)) {
    if (finding.rule_id.rfind("gastrostomy-", 0) == 0 || finding.action == "gastrostomy-referral") {
      all += Lower(finding.title + " " + finding.description);
    }
  }
  CHECK(Has(all, "case by case"));
  for (const char* banned : {"refuse", "refusal", "deny", "denied", "contraindicated", "contra-indicated"}) {
    CHECK_FALSE(Has(all, banned));
  }
}

TEST_CASE("gastrostomy-fvc-lt30 does not fire at FVC 45%", "[rules][gastrostomy-fvc-lt30]") {
  Vignette v = WeightLossPatient();
  v.Fvc(45, DaysAgo(10));
  CHECK_FALSE(v.Fires("gastrostomy-fvc-lt30", kAsOf));
}

TEST_CASE("gastrostomy-fvc-lt30: NIV-dependent routes here whatever the FVC; stale FVC does not",
          "[rules][gastrostomy-fvc-lt30]") {
  Vignette dependent = WeightLossPatient();
  dependent.Fvc(55, DaysAgo(10)).Condition(kSnomed, "713655003", DaysAgo(100));
  auto findings = dependent.FindingsOf("gastrostomy-fvc-lt30", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].title == "High procedural risk for gastrostomy (NIV-dependent)");
  CHECK_FALSE(dependent.Fires("gastrostomy-refer-fvc-ge50", kAsOf));
  Vignette day91 = WeightLossPatient();
  day91.Fvc(20, DaysAgo(91));
  CHECK_FALSE(day91.Fires("gastrostomy-fvc-lt30", kAsOf));
  Vignette day90 = WeightLossPatient();
  day90.Fvc(20, DaysAgo(90));
  CHECK(day90.Fires("gastrostomy-fvc-lt30", kAsOf));
}

TEST_CASE("gastrostomy-fvc-lt30: a recent decline stops the route; an open request keeps the Flag only",
          "[rules][gastrostomy-fvc-lt30]") {
  Vignette declined = WeightLossPatient();
  declined.Fvc(25, DaysAgo(10));
  Procedure(declined, kSnomed, "235159007", DaysAgo(15), "not-done", "patient-declined");
  CHECK_FALSE(declined.Fires("gastrostomy-fvc-lt30", kAsOf));
  Vignette requested = WeightLossPatient();
  requested.Fvc(25, DaysAgo(10));
  ServiceRequest(requested, kSnomed, "235159007", "draft", DaysAgo(3));
  auto findings = requested.FindingsOf("gastrostomy-fvc-lt30", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(Contains(findings[0].evidence, "ServiceRequest/servicerequest-5"));
}

}  // namespace
}  // namespace als::testing
