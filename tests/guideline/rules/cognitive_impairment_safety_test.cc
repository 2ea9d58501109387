#include <catch2/catch.hpp>

#include "als/guideline/rule.h"
#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "cognitive-impairment-safety";


std::vector<guideline::Finding> OfKind(const Vignette& v, guideline::OutputKind kind) {
  std::vector<guideline::Finding> found;
  for (const auto& finding : v.FindingsOf(kRule, kAsOf)) {
    if (finding.kind == kind) found.push_back(finding);
  }
  return found;
}

TEST_CASE("cognitive-impairment-safety: Flag and OT home-safety activity for newly recorded FTD",
          "[rules][cognitive-impairment-safety]") {
  Vignette v;
  v.Als("2025-08-01").Condition(kSnomed, "230270009", "2026-04-01");
  auto flags = OfKind(v, guideline::OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == guideline::Priority::kMedium);
  CHECK(flags[0].flag_category == "clinical");
  CHECK(Has(flags[0].title, "cognitive/behavioural impairment"));
  CHECK(Has(flags[0].description, "first recorded 2026-04-01"));
  CHECK(Has(flags[0].description, "falls, choking episodes and injuries"));
  CHECK(Has(flags[0].description, "Do not withhold NIV, gastrostomy or other treatment"));
  CHECK(flags[0].evidence == std::vector<std::string>{"Condition/condition-2"});
  auto activities = OfKind(v, guideline::OutputKind::kActivity);
  REQUIRE(activities.size() == 1);
  CHECK(activities[0].action == "home-safety-ot");
  CHECK(activities[0].priority == guideline::Priority::kMedium);
  CHECK(Has(activities[0].description, "home-safety assessment"));
}

TEST_CASE("cognitive-impairment-safety: 'newly' means first recorded within 90 days", "[rules][cognitive-impairment-safety]") {
  Vignette day90;
  day90.Als("2025-08-01").Condition(kIcd10, "G31.09", "2026-03-03");
  CHECK(day90.Fires(kRule, kAsOf));
  Vignette day91;
  day91.Als("2025-08-01").Condition(kIcd10, "G31.09", "2026-03-02");
  CHECK_FALSE(day91.Fires(kRule, kAsOf));

  Vignette recorded_now;  // old onset, recorded last month: newly recorded
  recorded_now.Als("2025-08-01");
  recorded_now.Resource("Condition",
                        R"("clinicalStatus":)" + Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active") +
                            R"(,"verificationStatus":)" +
                            Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed") +
                            R"(,"code":)" + Concept(kSnomed, "230270009") +
                            R"(,"onsetDateTime":"2025-01-01","recordedDate":"2026-05-01")");
  auto flags = OfKind(recorded_now, guideline::OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(flags[0].description, "first recorded 2026-05-01"));
}

TEST_CASE("cognitive-impairment-safety: from screens below the cut-off", "[rules][cognitive-impairment-safety]") {
  Vignette fell;  // ECAS normal, then below the cut-off (105) last month
  fell.Als("2025-08-01");
  care::Score(fell, "ecas-total", 120, "2025-10-01");
  care::Score(fell, "ecas-total", 98, "2026-05-01");
  CHECK(fell.Fires(kRule, kAsOf));

  Vignette known;  // below the cut-off since October: not new
  known.Als("2025-08-01");
  care::Score(known, "ecas-total", 98, "2025-10-01");
  care::Score(known, "ecas-total", 97, "2026-05-01");
  CHECK_FALSE(known.Fires(kRule, kAsOf));

  Vignette coded;  // the site reports the screen as abnormal by interpretation
  coded.Als("2025-08-01");
  coded.Resource("Observation", R"("status":"final","code":)" + Concept(kLocal, "cognitive-behavioural-screen") +
                                    R"(,"effectiveDateTime":"2026-05-10","interpretation":[)" +
                                    Concept(kLocal, "cognitive-screen-abnormal") + "]");
  auto flags = OfKind(coded, guideline::OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(flags[0].description, "reported below the local cut-off"));
  CHECK(flags[0].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("cognitive-impairment-safety: an OT referral replaces the OT activity, a PT referral does not",
          "[rules][cognitive-impairment-safety]") {
  Vignette ot;
  ot.Als("2025-08-01").Condition(kSnomed, "230270009", "2026-04-01");
  care::ServiceRequest(ot, kSnomed, "308453003", "active", "2026-04-05");
  CHECK(OfKind(ot, guideline::OutputKind::kFlag).size() == 1);
  CHECK(OfKind(ot, guideline::OutputKind::kActivity).empty());

  Vignette pt;
  pt.Als("2025-08-01").Condition(kSnomed, "230270009", "2026-04-01");
  care::ServiceRequest(pt, kSnomed, "308447003", "active", "2026-04-05");
  CHECK(OfKind(pt, guideline::OutputKind::kActivity).size() == 1);

  Vignette ot_before;  // OT seen before the impairment was known: home safety still needed
  ot_before.Als("2025-08-01").Condition(kSnomed, "230270009", "2026-04-01");
  care::ServiceRequest(ot_before, kSnomed, "308453003", "completed", "2026-01-05");
  CHECK(OfKind(ot_before, guideline::OutputKind::kActivity).size() == 1);
}

TEST_CASE("cognitive impairment annotates but never suppresses other recommendations (C12)",
          "[rules][cognitive-impairment-safety]") {
  // Literal seeds ("assess cognitive function before recommending", "insistence ... may be
  // inappropriate") could drop care for this patient; every recommendation must still be made.
  Vignette v;
  v.Als("2025-08-01").Condition(kSnomed, "230270009", "2026-04-01").Condition(kSnomed, "53827007", "2026-04-01");
  v.Condition(kSnomed, "8011004", "2026-04-01").Fvc(45, "2026-05-20");
  v.Resource("RelatedPerson", R"("relationship":[)" +
                                  Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "WIFE") + "]");
  for (const char* rule : {"sialorrhea-first-line", "depression-screen", "cognitive-screen", "symptom-review",
                           "mdt-care", "palliative-care-early", "acp-initial", "acp-trigger-events",
                           "caregiver-support", "communication-aac", kRule}) {
    INFO(rule);
    CHECK(v.Fires(rule, kAsOf));
  }
  for (const char* rule : {"niv-fvc-lt50", "gastrostomy-discuss-early"}) {
    if (guideline::FindRule(rule) != nullptr) {
      INFO(rule);
      CHECK(v.Fires(rule, kAsOf));
    }
  }
  auto caregiver = v.FindingsOf("caregiver-support", kAsOf);
  REQUIRE(caregiver.size() == 1);
  CHECK(caregiver[0].priority == guideline::Priority::kMedium);
}

}  // namespace
}  // namespace als::testing
