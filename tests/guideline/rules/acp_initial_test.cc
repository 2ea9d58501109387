#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "acp-initial";


Vignette& AdvanceDirectiveConsent(Vignette& v, const std::string& status, const std::string& provision = "") {
  std::string fields = R"("status":")" + status + R"(","scope":)" +
                       Concept("http://terminology.hl7.org/CodeSystem/consentscope", "adr") + R"(,"category":[)" +
                       Concept("http://terminology.hl7.org/CodeSystem/consentcategorycodes", "acd") +
                       R"(],"dateTime":"2026-02-01")";
  if (!provision.empty()) fields += R"(,"provision":{"type":")" + provision + R"("})";
  return v.Resource("Consent", fields);
}

Vignette& Document(Vignette& v, const std::string& loinc, const std::string& status) {
  return v.Resource("DocumentReference", R"("status":")" + status + R"(","type":)" + Concept(kLoinc, loinc) +
                                             R"(,"date":"2026-02-01T10:30:00+01:00")");
}

TEST_CASE("acp-initial starts advance care planning when none is on file", "[rules][acp-initial]") {
  Vignette v;
  v.Als("2026-05-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "advance-care-planning");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  for (const char* topic : {"ideally at diagnosis", "tracheostomy", "feeding tube", "resuscitation",
                            "preferred place of care", "POLST"}) {
    INFO(topic);
    CHECK(Has(findings[0].description, topic));
  }
}

TEST_CASE("acp-initial: advance directive Consent and documents count as ACP", "[rules][acp-initial]") {
  Vignette consent;
  consent.Als("2026-01-01");
  AdvanceDirectiveConsent(consent, "active");
  CHECK_FALSE(consent.Fires(kRule, kAsOf));

  Vignette dnr;  // a deny provision (e.g. do not resuscitate) is the directive's content, not a refusal of ACP
  dnr.Als("2026-01-01");
  AdvanceDirectiveConsent(dnr, "active", "deny");
  CHECK_FALSE(dnr.Fires(kRule, kAsOf));

  Vignette rejected;
  rejected.Als("2026-01-01");
  AdvanceDirectiveConsent(rejected, "rejected");
  CHECK(rejected.Fires(kRule, kAsOf));

  Vignette polst;
  polst.Als("2026-01-01");
  Document(polst, "100821-8", "current");
  CHECK_FALSE(polst.Fires(kRule, kAsOf));
  Vignette superseded;
  superseded.Als("2026-01-01");
  Document(superseded, "42348-3", "superseded");
  CHECK_FALSE(superseded.Fires(kRule, kAsOf));
  Vignette in_error;
  in_error.Als("2026-01-01");
  Document(in_error, "42348-3", "entered-in-error");
  CHECK(in_error.Fires(kRule, kAsOf));

  Vignette goals;  // a documented goals-of-care discussion
  goals.Als("2026-01-01");
  goals.Resource("Communication", R"("status":"completed","category":[)" + Concept(kLocal, "goals-of-care-discussion") +
                                      R"(],"sent":"2026-03-01")");
  CHECK_FALSE(goals.Fires(kRule, kAsOf));
}

TEST_CASE("acp-initial: an open request or a recent refusal suppresses it", "[rules][acp-initial]") {
  Vignette open;
  open.Als("2026-01-01");
  care::ServiceRequest(open, kSnomed, "713603004", "active", "2026-05-01");
  CHECK_FALSE(open.Fires(kRule, kAsOf));

  Vignette declined90;  // declined 90 days ago: still suppressed
  declined90.Als("2026-01-01");
  care::Procedure(declined90, kSnomed, "713603004", "not-done", "2026-03-03");
  CHECK_FALSE(declined90.Fires(kRule, kAsOf));
  Vignette declined91;
  declined91.Als("2026-01-01");
  care::Procedure(declined91, kSnomed, "713603004", "not-done", "2026-03-02");
  CHECK(declined91.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
