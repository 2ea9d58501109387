#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "sialorrhea-first-line";
constexpr char kGlycopyrrolate[] = "4955";


// A MedicationStatement with a start and an end (a finished course).
Vignette& Course(Vignette& v, const std::string& rxnorm, const std::string& status, const std::string& start,
                 const std::string& end, const std::string& extra = "") {
  return v.Resource("MedicationStatement", R"("status":")" + status + R"(","medicationCodeableConcept":)" +
                                               Concept(kRxNorm, rxnorm) + R"(,"effectivePeriod":{"start":")" + start +
                                               R"(","end":")" + end + "\"}" + extra);
}

TEST_CASE("sialorrhea-first-line proposes an anticholinergic trial for active sialorrhoea", "[rules][sialorrhea-first-line]") {
  Vignette v;
  v.Patient("1958-02-01").Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "anticholinergic-trial");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
  CHECK(Has(findings[0].description, "Active sialorrhoea: "));
  CHECK(Has(findings[0].description, "2026-04-20"));
  CHECK(Has(findings[0].description, "inexpensive oral anticholinergic"));
  CHECK(Has(findings[0].description, "benefit outweighs the side effects"));
  CHECK_FALSE(Has(findings[0].description, "prefer glycopyrronium"));
  CHECK(Has(findings[0].description, "Source: Seed 000_2fbc9b5cc989d561.txt"));
  // The second-line rule waits for the trial (rules.md C6).
  CHECK_FALSE(v.Fires("sialorrhea-botulinum", kAsOf));
}

TEST_CASE("sialorrhea-first-line accepts ICD-10-CM K11.7 and the ALSFRS-R salivation item at its cut-off",
          "[rules][sialorrhea-first-line]") {
  Vignette icd;
  icd.Als("2025-11-01").Condition(kIcd10, "K11.7", "2026-03-01");
  CHECK(icd.Fires(kRule, kAsOf));

  Vignette two;  // salivation item 2 (valueInteger) = active sialorrhoea
  two.Als("2025-11-01");
  care::Score(two, "alsfrs-r-salivation", 2, "2026-05-20");
  auto findings = two.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "ALSFRS-R salivation item 2 points on 2026-05-20"));

  Vignette three;  // 3 is mild: BULBAR, but not the sialorrhoea trigger (<= 2)
  three.Als("2025-11-01");
  care::Score(three, "alsfrs-r-salivation", 3, "2026-05-20");
  CHECK_FALSE(three.Fires(kRule, kAsOf));

  Vignette stale;  // 2, but 91 days old
  stale.Als("2025-11-01");
  care::Score(stale, "alsfrs-r-salivation", 2, "2026-03-02");
  CHECK_FALSE(stale.Fires(kRule, kAsOf));
  Vignette day90;
  day90.Als("2025-11-01");
  care::Score(day90, "alsfrs-r-salivation", 2, "2026-03-03");
  CHECK(day90.Fires(kRule, kAsOf));
}

TEST_CASE("sialorrhea-first-line prefers glycopyrronium with cognitive impairment and still proposes the trial (C12)",
          "[rules][sialorrhea-first-line]") {
  Vignette v;
  v.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20").Condition(kSnomed, "230270009", "2026-02-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);  // a literal "assess cognition before recommending" would drop it
  CHECK(Has(findings[0].description, "prefer glycopyrronium"));
  CHECK(Has(findings[0].description, "fewer central nervous system effects"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2", "Condition/condition-3"});
}

TEST_CASE("sialorrhea-first-line does not repeat a trial within 12 months", "[rules][sialorrhea-first-line]") {
  Vignette within;  // the course ended exactly 365 days ago
  within.Als("2025-01-01").Condition(kSnomed, "53827007", "2025-03-01");
  Course(within, kGlycopyrrolate, "completed", "2025-04-01", "2025-06-01");
  CHECK_FALSE(within.Fires(kRule, kAsOf));

  Vignette older;  // 366 days ago: a new trial may be proposed
  older.Als("2025-01-01").Condition(kSnomed, "53827007", "2025-03-01");
  Course(older, kGlycopyrrolate, "completed", "2025-04-01", "2025-05-31");
  CHECK(older.Fires(kRule, kAsOf));

  Vignette current;  // on glycopyrrolate via a contained Medication (RxNorm product 197738)
  current.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  current.Resource("MedicationStatement",
                   R"("contained":[{"resourceType":"Medication","id":"m1","code":)" + Concept(kRxNorm, "197738") +
                       R"(}],"status":"active","medicationReference":{"reference":"#m1"},)"
                       R"("effectivePeriod":{"start":"2026-05-20"})");
  CHECK_FALSE(current.Fires(kRule, kAsOf));

  Vignette by_name;  // medication text only
  by_name.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  by_name.Resource("MedicationRequest", R"("status":"active","intent":"order","medicationCodeableConcept":)"
                                        R"({"text":"Atropine 1% eye drops, 2 drops sublingually"},"authoredOn":"2026-05-30")");
  CHECK_FALSE(by_name.Fires(kRule, kAsOf));
}

TEST_CASE("sialorrhea-first-line: records that do not count as a trial", "[rules][sialorrhea-first-line]") {
  Vignette error;
  error.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  error.MedicationStatement(kGlycopyrrolate, "entered-in-error", "2026-05-01");
  CHECK(error.Fires(kRule, kAsOf));

  Vignette cancelled;
  cancelled.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  cancelled.MedicationRequest(kGlycopyrrolate, "cancelled", "2026-05-01");
  CHECK(cancelled.Fires(kRule, kAsOf));

  Vignette proposed;  // a draft order already proposes it
  proposed.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20");
  proposed.MedicationRequest(kGlycopyrrolate, "draft", "2026-05-01");
  CHECK_FALSE(proposed.Fires(kRule, kAsOf));

  Vignette resolved;  // sialorrhoea resolved
  resolved.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20", "resolved");
  CHECK_FALSE(resolved.Fires(kRule, kAsOf));
}

TEST_CASE("sialorrhea-first-line is skipped when anticholinergics are contraindicated or not tolerated",
          "[rules][sialorrhea-first-line]") {
  Vignette glaucoma;
  glaucoma.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20").Condition(kIcd10, "H40.9", "2024-01-01");
  CHECK_FALSE(glaucoma.Fires(kRule, kAsOf));
  CHECK(glaucoma.Fires("sialorrhea-botulinum", kAsOf));

  Vignette allergy;
  allergy.Als("2025-11-01").Condition(kSnomed, "53827007", "2026-04-20").Allergy(kRxNorm, "4955");
  CHECK_FALSE(allergy.Fires(kRule, kAsOf));
  CHECK(allergy.Fires("sialorrhea-botulinum", kAsOf));
}

TEST_CASE("sialorrhea-first-line: no output without an ALS diagnosis", "[rules][sialorrhea-first-line]") {
  Vignette v;
  v.Condition(kSnomed, "53827007", "2026-04-20");
  CHECK(v.Findings(kAsOf).empty());
}

}  // namespace
}  // namespace als::testing
