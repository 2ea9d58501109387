#include <catch2/catch.hpp>

#include "als/guideline/rule.h"
#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "cognitive-screen";


TEST_CASE("cognitive-screen: every ALS patient is screened, without any suspicion of impairment (C9)",
          "[rules][cognitive-screen]") {
  // A reading that screens only when impairment is suspected ("up to 40%") would not fire here.
  Vignette v;
  v.Patient("1961-03-01").Als("2026-01-10").Fvc(92, "2026-05-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "cognitive-screen");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  CHECK(Has(findings[0].description, "No cognitive or behavioural screen on file since the ALS diagnosis (2026-01-10)"));
  CHECK(Has(findings[0].description, "ECAS"));
  CHECK(Has(findings[0].description, "formal neuropsychological assessment"));
}

TEST_CASE("cognitive-screen: a screen on or after the diagnosis date counts", "[rules][cognitive-screen]") {
  Vignette ecas;
  ecas.Als("2026-01-10");
  care::Score(ecas, "ecas-total", 118, "2026-02-01");
  CHECK_FALSE(ecas.Fires(kRule, kAsOf));

  Vignette same_day;  // MoCA (LOINC 72172-0) on the diagnosis day
  same_day.Als("2026-01-10").Quantity(kLoinc, "72172-0", 27, "{score}", "2026-01-10");
  CHECK_FALSE(same_day.Fires(kRule, kAsOf));

  Vignette before;  // the day before the diagnosis: does not count
  before.Als("2026-01-10").Quantity(kLoinc, "72172-0", 27, "{score}", "2026-01-09");
  auto findings = before.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "predates it"));

  Vignette procedure;  // cognitive testing procedure (SNOMED 113024001)
  procedure.Als("2026-01-10");
  care::Procedure(procedure, kSnomed, "113024001", "completed", "2026-03-01");
  CHECK_FALSE(procedure.Fires(kRule, kAsOf));
  Vignette not_done;
  not_done.Als("2026-01-10");
  care::Procedure(not_done, kSnomed, "113024001", "entered-in-error", "2026-03-01");
  CHECK(not_done.Fires(kRule, kAsOf));

  Vignette ordered;  // an open order for the screen
  ordered.Als("2026-01-10");
  care::ServiceRequest(ordered, kSnomed, "113024001", "active", "2026-05-01");
  CHECK_FALSE(ordered.Fires(kRule, kAsOf));
}

TEST_CASE("cognitive-screen: re-screen after 180 days when a gastrostomy or NIV decision is pending",
          "[rules][cognitive-screen]") {
  Vignette day181;
  day181.Als("2025-06-01");
  care::Score(day181, "ecas-total", 118, "2025-12-02");
  care::ServiceRequest(day181, kSnomed, "235159007", "active", "2026-05-20");
  auto findings = day181.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "more than 180 days old"));
  CHECK(Has(findings[0].description, "gastrostomy (open request ServiceRequest/servicerequest-3)"));
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"Condition/condition-1", "ServiceRequest/servicerequest-3", "Observation/observation-2"});

  Vignette day180;
  day180.Als("2025-06-01");
  care::Score(day180, "ecas-total", 118, "2025-12-03");
  care::ServiceRequest(day180, kSnomed, "235159007", "active", "2026-05-20");
  CHECK_FALSE(day180.Fires(kRule, kAsOf));

  Vignette draft_niv;  // a draft NIV order (HCPCS E0471)
  draft_niv.Als("2025-06-01");
  care::Score(draft_niv, "ecas-total", 118, "2025-10-01");
  care::DeviceRequest(draft_niv, care::kHcpcs, "E0471", "draft", "2026-05-25");
  CHECK(draft_niv.Fires(kRule, kAsOf));

  Vignette nothing_pending;  // old screen, no decision pending
  nothing_pending.Als("2025-06-01");
  care::Score(nothing_pending, "ecas-total", 118, "2025-10-01");
  CHECK_FALSE(nothing_pending.Fires(kRule, kAsOf));

  if (guideline::FindRule("niv-fvc-lt50") != nullptr) {  // once the respiratory rules are in the catalogue
    Vignette niv;
    niv.Als("2025-06-01").Fvc(45, "2026-05-20");
    care::Score(niv, "ecas-total", 118, "2025-10-01");
    auto niv_findings = niv.FindingsOf(kRule, kAsOf);
    REQUIRE(niv_findings.size() == 1);
    CHECK(Has(niv_findings[0].description, "NIV (niv-fvc-lt50)"));
  }
}

TEST_CASE("cognitive-screen: re-screen when the caregiver reports a change after the last screen",
          "[rules][cognitive-screen]") {
  Vignette v;
  v.Als("2026-01-10");
  care::Score(v, "ecas-total", 118, "2026-02-01");
  care::Observed(v, kLocal, "caregiver-reported-change", "2026-05-15");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "the caregiver reported a change"));
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"Condition/condition-1", "Observation/observation-3", "Observation/observation-2"});

  Vignette same_day;  // reported at the screening visit: the screen took it into account
  same_day.Als("2026-01-10");
  care::Score(same_day, "ecas-total", 118, "2026-02-01");
  care::Observed(same_day, kLocal, "caregiver-reported-change", "2026-02-01");
  CHECK_FALSE(same_day.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
