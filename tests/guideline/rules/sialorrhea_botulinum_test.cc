#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "sialorrhea-botulinum";
constexpr char kGlycopyrrolate[] = "4955";


Vignette Drooling() {
  Vignette v;
  v.Patient("1955-07-01").Als("2025-09-01").Condition(kSnomed, "53827007", "2026-02-01");
  return v;
}

TEST_CASE("sialorrhea-botulinum follows the sequence: not before an anticholinergic trial (C6)",
          "[rules][sialorrhea-botulinum]") {
  // Seed 001 reads "anti-muscarinic therapy or botulinum toxin A" with no order; the adapter
  // follows seed 000, CHEST and NICE: anticholinergic first.
  Vignette v = Drooling();
  CHECK_FALSE(v.Fires(kRule, kAsOf));
  CHECK(v.Fires("sialorrhea-first-line", kAsOf));
}

TEST_CASE("sialorrhea-botulinum goes straight to toxin when anticholinergics are contraindicated (C6)",
          "[rules][sialorrhea-botulinum]") {
  // A strict "second line after first line" reading would leave this patient untreated.
  Vignette v = Drooling();
  v.Condition(kSnomed, "23986001", "2023-05-01");  // glaucoma
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "botulinum-toxin-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "oral anticholinergics are contraindicated"));
  CHECK(Has(findings[0].description, "toxin type A or B per local practice"));
  CHECK(Has(findings[0].description, "radiotherapy"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2", "Condition/condition-3"});
  CHECK_FALSE(v.Fires("sialorrhea-first-line", kAsOf));

  Vignette retention = Drooling();  // ICD-10-CM urinary retention
  retention.Condition(kIcd10, "R33.9", "2026-01-10");
  CHECK(retention.Fires(kRule, kAsOf));
}

TEST_CASE("sialorrhea-botulinum after 28 days of an anticholinergic with sialorrhoea still active",
          "[rules][sialorrhea-botulinum]") {
  Vignette day28 = Drooling();
  day28.MedicationRequest(kGlycopyrrolate, "active", "2026-05-04", 1, 3);
  auto findings = day28.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "still active 28 days after an anticholinergic was started on 2026-05-04"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2", "MedicationRequest/medicationrequest-3"});

  Vignette day27 = Drooling();
  day27.MedicationRequest(kGlycopyrrolate, "active", "2026-05-05", 1, 3);
  CHECK_FALSE(day27.Fires(kRule, kAsOf));
  CHECK_FALSE(day27.Fires("sialorrhea-first-line", kAsOf));  // the trial is under way
}

TEST_CASE("sialorrhea-botulinum needs the sialorrhoea evidence to outlast the trial", "[rules][sialorrhea-botulinum]") {
  // Only an ALSFRS-R salivation item, no Condition: it must be dated at least 28 days after the start.
  Vignette after;
  after.Als("2025-09-01");
  after.MedicationStatement(kGlycopyrrolate, "active", "2026-04-01");
  care::Score(after, "alsfrs-r-salivation", 2, "2026-05-10");
  CHECK(after.Fires(kRule, kAsOf));

  Vignette before;
  before.Als("2025-09-01");
  before.MedicationStatement(kGlycopyrrolate, "active", "2026-04-01");
  care::Score(before, "alsfrs-r-salivation", 2, "2026-04-20");
  CHECK_FALSE(before.Fires(kRule, kAsOf));

  Vignette improved;  // the latest item shows the trial worked
  improved.Als("2025-09-01");
  improved.MedicationStatement(kGlycopyrrolate, "active", "2026-04-01");
  care::Score(improved, "alsfrs-r-salivation", 2, "2026-04-20");
  care::Score(improved, "alsfrs-r-salivation", 4, "2026-05-20");
  CHECK_FALSE(improved.Fires(kRule, kAsOf));
}

TEST_CASE("sialorrhea-botulinum at once when the anticholinergic was stopped for an adverse reaction",
          "[rules][sialorrhea-botulinum]") {
  Vignette v = Drooling();
  v.Resource("MedicationStatement",
             R"("status":"stopped","statusReason":[)" + Concept(kSnomed, "281647001") +
                 R"(],"medicationCodeableConcept":)" + Concept(kRxNorm, "704") +
                 R"(,"effectivePeriod":{"start":"2026-05-25","end":"2026-05-29"})");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "anticholinergic not tolerated"));
  CHECK(Has(findings[0].description, "stopped for an adverse reaction"));
  CHECK_FALSE(v.Fires("sialorrhea-first-line", kAsOf));
}

TEST_CASE("sialorrhea-botulinum is not repeated while toxin is ordered or recent", "[rules][sialorrhea-botulinum]") {
  Vignette referred = Drooling();
  referred.Condition(kSnomed, "23986001", "2023-05-01");
  care::ServiceRequest(referred, kLocal, "botulinum-salivary-injection", "active", "2026-05-01");
  CHECK_FALSE(referred.Fires(kRule, kAsOf));

  Vignette given = Drooling();  // onabotulinumtoxinA given 200 days ago
  given.Condition(kSnomed, "23986001", "2023-05-01").MedicationAdministration("860189", "2025-11-13", 100);
  CHECK_FALSE(given.Fires(kRule, kAsOf));

  Vignette long_ago = Drooling();  // 400 days ago: refer again
  long_ago.Condition(kSnomed, "23986001", "2023-05-01").MedicationAdministration("860189", "2025-04-27", 100);
  CHECK(long_ago.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
