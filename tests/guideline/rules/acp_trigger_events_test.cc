#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "acp-trigger-events";


// ALS since June 2025, advance care planning reviewed on 2026-01-15 (Procedure/procedure-2).
Vignette Reviewed() {
  Vignette v;
  v.Patient("1957-04-01").Als("2025-06-01");
  care::Procedure(v, kSnomed, "713603004", "completed", "2026-01-15");
  return v;
}

std::string DescriptionOf(const Vignette& v) {
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "advance-care-planning");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  return findings[0].description;
}

TEST_CASE("acp-trigger-events: FVC first below 50% since the last review", "[rules][acp-trigger-events]") {
  Vignette v = Reviewed();
  v.Fvc(62, "2026-01-10").Fvc(46, "2026-05-20");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "trigger: FVC first below 50%: FVC 46% predicted on 2026-05-20"));
  CHECK(Has(findings[0].description, "since the last advance care planning review"));
  CHECK(Has(findings[0].description, "2026-01-15"));
  CHECK_FALSE(Has(findings[0].description, "FVC fell"));  // 16 points, but over 130 days
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-4", "Procedure/procedure-2"});

  Vignette fifty = Reviewed();  // exactly 50 is not below 50
  fifty.Fvc(62, "2026-01-10").Fvc(50, "2026-05-20");
  CHECK_FALSE(fifty.Fires(kRule, kAsOf));

  Vignette already = Reviewed();  // below 50 before the review: not a new event
  already.Fvc(48, "2026-01-10").Fvc(45, "2026-05-20");
  CHECK_FALSE(already.Fires(kRule, kAsOf));
}

TEST_CASE("acp-trigger-events: FVC fall of 10 points within 90 days", "[rules][acp-trigger-events]") {
  Vignette ten = Reviewed();
  ten.Fvc(80, "2026-03-02").Fvc(70, "2026-05-31");
  CHECK(Has(DescriptionOf(ten), "FVC fell 10 points in 90 days, from FVC 80% predicted on 2026-03-02"));

  Vignette nine = Reviewed();
  nine.Fvc(80, "2026-03-02").Fvc(70.1, "2026-05-31");
  CHECK_FALSE(nine.Fires(kRule, kAsOf));

  Vignette slow = Reviewed();  // 91 days apart
  slow.Fvc(80, "2026-03-01").Fvc(70, "2026-05-31");
  CHECK_FALSE(slow.Fires(kRule, kAsOf));
}

TEST_CASE("acp-trigger-events: NIV started or declined, gastrostomy considered or declined",
          "[rules][acp-trigger-events]") {
  Vignette niv = Reviewed();
  niv.Resource("DeviceUseStatement",
               R"("contained":[{"resourceType":"Device","id":"d1","type":)" + Concept(care::kHcpcs, "E0471") +
                   R"(}],"status":"active","device":{"reference":"#d1"},"timingPeriod":{"start":"2026-04-01"})");
  CHECK(Has(DescriptionOf(niv), "NIV started"));

  Vignette niv_before = Reviewed();  // started before the review
  niv_before.Resource("DeviceUseStatement",
                      R"("contained":[{"resourceType":"Device","id":"d1","type":)" + Concept(care::kHcpcs, "E0471") +
                          R"(}],"status":"active","device":{"reference":"#d1"},"timingPeriod":{"start":"2026-01-02"})");
  CHECK_FALSE(niv_before.Fires(kRule, kAsOf));

  Vignette niv_declined = Reviewed();
  care::Observed(niv_declined, kLocal, "niv-declined", "2026-05-02");
  CHECK(Has(DescriptionOf(niv_declined), "NIV declined or not tolerated"));

  Vignette gastrostomy = Reviewed();
  care::ServiceRequest(gastrostomy, kSnomed, "235159007", "active", "2026-05-02");
  CHECK(Has(DescriptionOf(gastrostomy), "gastrostomy considered"));

  Vignette gastrostomy_declined = Reviewed();
  care::Procedure(gastrostomy_declined, kSnomed, "235159007", "not-done", "2026-05-02",
                  R"(,"statusReason":)" + Concept(kLocal, "patient-declined"));
  CHECK(Has(DescriptionOf(gastrostomy_declined), "gastrostomy declined"));
}

TEST_CASE("acp-trigger-events: new cognitive impairment, distress, a request, a respiratory admission",
          "[rules][acp-trigger-events]") {
  Vignette cognition = Reviewed();
  cognition.Condition(kSnomed, "230270009", "2026-03-01");
  CHECK(Has(DescriptionOf(cognition), "new cognitive/behavioural impairment (first recorded 2026-03-01)"));
  Vignette old_cognition = Reviewed();  // known before the review
  old_cognition.Condition(kSnomed, "230270009", "2025-09-01");
  CHECK_FALSE(old_cognition.Fires(kRule, kAsOf));

  Vignette distress = Reviewed();
  care::Observed(distress, kLocal, "distress", "2026-01-16");
  CHECK(Has(DescriptionOf(distress), "distress recorded"));
  Vignette same_day = Reviewed();  // distress raised at the review itself
  care::Observed(same_day, kLocal, "distress", "2026-01-15");
  CHECK_FALSE(same_day.Fires(kRule, kAsOf));

  Vignette asks = Reviewed();
  asks.Resource("Communication", R"("status":"completed","topic":)" + Concept(kLocal, "acp-discussion-requested") +
                                     R"(,"sent":"2026-05-30T09:00:00Z")");
  CHECK(Has(DescriptionOf(asks), "the patient asked to discuss end-of-life care"));

  // Inpatient stay with a respiratory-failure reason (ICD-10-CM J96.00) and an unmapped type.
  Vignette admitted = Reviewed();
  care::Encounter(admitted, kSnomed, "183452005", "finished", "2026-04-10", "IMP",
                  R"(,"reasonCode":[)" + Concept(kIcd10, "J96.00") + "]");
  CHECK(Has(DescriptionOf(admitted), "respiratory hospital admission"));
  Vignette clinic = Reviewed();  // an outpatient visit for the same reason is not an admission
  care::Encounter(clinic, kSnomed, "183452005", "finished", "2026-04-10", "AMB",
                  R"(,"reasonCode":[)" + Concept(kIcd10, "J96.00") + "]");
  CHECK_FALSE(clinic.Fires(kRule, kAsOf));
}

TEST_CASE("acp-trigger-events: with no ACP review, events since diagnosis count and merge with acp-initial",
          "[rules][acp-trigger-events]") {
  Vignette v;
  v.Als("2025-06-01").Fvc(72, "2025-12-01").Fvc(44, "2026-05-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "since diagnosis (2025-06-01), with no advance care planning review on file"));
  CHECK(v.Fires("acp-initial", kAsOf));
  // One CarePlan activity for both rules (same action code).
  output::PatientWriteSet write_set = v.WriteSet(kAsOf);
  size_t activities = 0;
  for (const auto& entry : write_set.entries) {
    if (entry.resource_type != "CarePlan") continue;
    const std::string& json = entry.resource;
    for (size_t at = json.find("\"advance-care-planning\""); at != std::string::npos;
         at = json.find("\"advance-care-planning\"", at + 1)) {
      ++activities;
    }
    CHECK(Has(json, "acp-initial"));
    CHECK(Has(json, "acp-trigger-events"));
  }
  CHECK(activities == 1);
}

TEST_CASE("acp-trigger-events does not fire without a new event or with an open ACP request",
          "[rules][acp-trigger-events]") {
  Vignette quiet = Reviewed();
  quiet.Fvc(88, "2026-05-01");
  CHECK_FALSE(quiet.Fires(kRule, kAsOf));

  Vignette booked = Reviewed();
  booked.Fvc(62, "2026-01-10").Fvc(46, "2026-05-20");
  care::ServiceRequest(booked, kSnomed, "713603004", "active", "2026-05-21");
  CHECK_FALSE(booked.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
