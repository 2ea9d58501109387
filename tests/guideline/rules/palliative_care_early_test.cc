#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
using care::Lower;
constexpr char kRule[] = "palliative-care-early";


guideline::Priority PriorityOf(const Vignette& v) {
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  return findings[0].priority;
}

TEST_CASE("palliative-care-early: involvement from diagnosis, never a hospice enrolment (C7)",
          "[rules][palliative-care-early]") {
  // Diagnosed a week ago, breathing well: the AAN-attributed reading (hospice referral when NIV
  // fails) would not fire at all; the seeds and NICE ask for palliative involvement now.
  Vignette v;
  v.Patient("1964-09-01").Als("2026-05-25").Fvc(95, "2026-05-25");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "palliative-care-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  const std::string text = Lower(findings[0].description);
  CHECK(Has(text, "from the time of diagnosis"));
  CHECK(Has(text, "alongside all disease-directed care"));
  CHECK_FALSE(Has(text, "hospice"));
  CHECK_FALSE(Has(text, "enrol"));
  CHECK_FALSE(Has(findings[0].description, "AAN"));  // cites the seeds and NICE
  CHECK(Has(findings[0].description, "NICE"));
  CHECK(Has(findings[0].description, "Source: Seed 000_2fbc9b5cc989d561.txt"));

  // The CarePlan activity written to the server says the same.
  output::PatientWriteSet write_set = v.WriteSet(kAsOf);
  bool found = false;
  for (const auto& entry : write_set.entries) {
    if (Has(entry.resource, "palliative-care-referral")) {
      found = true;
      CHECK_FALSE(Has(Lower(entry.resource), "hospice"));
    }
  }
  CHECK(found);
}

TEST_CASE("palliative-care-early escalates to High on the rules.md events", "[rules][palliative-care-early]") {
  Vignette niv_declined;
  niv_declined.Als("2025-06-01");
  care::Observed(niv_declined, kLocal, "niv-not-tolerated", "2026-04-01");
  CHECK(PriorityOf(niv_declined) == guideline::Priority::kHigh);
  CHECK(Has(niv_declined.FindingsOf(kRule, kAsOf)[0].description, "NIV declined or not tolerated"));

  Vignette niv_refused;  // NIV initiation not done, patient declined
  niv_refused.Als("2025-06-01");
  care::Procedure(niv_refused, kSnomed, "428311008", "not-done", "2026-04-01",
                  R"(,"statusReason":)" + Concept(kLocal, "patient-declined"));
  CHECK(PriorityOf(niv_refused) == guideline::Priority::kHigh);

  Vignette gastrostomy_declined;
  gastrostomy_declined.Als("2025-06-01");
  care::Observed(gastrostomy_declined, kLocal, "gastrostomy-declined", "2025-12-01");
  CHECK(PriorityOf(gastrostomy_declined) == guideline::Priority::kHigh);

  Vignette distress;
  distress.Als("2025-06-01").Condition(kLocal, "distress", "2026-05-01");
  CHECK(PriorityOf(distress) == guideline::Priority::kHigh);

  Vignette asks;
  asks.Als("2025-06-01");
  care::Observed(asks, kLocal, "acp-discussion-requested", "2026-05-28");
  auto findings = asks.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "the patient asked to discuss end-of-life care"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1", "Observation/observation-2"});
}

TEST_CASE("palliative-care-early: FVC below 30% escalates; exactly 30% does not", "[rules][palliative-care-early]") {
  // FVC as measured and predicted litres (LOINC 19868-9 / 19869-7).
  Vignette low;
  low.Als("2025-06-01").Quantity(kLoinc, "19868-9", 1.196, "L", "2026-05-01").Quantity(kLoinc, "19869-7", 4.0, "L", "2026-05-01");
  auto findings = low.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "FVC 29.9% predicted on 2026-05-01"));

  Vignette thirty;
  thirty.Als("2025-06-01").Quantity(kLoinc, "19868-9", 1.2, "L", "2026-05-01").Quantity(kLoinc, "19869-7", 4.0, "L", "2026-05-01");
  CHECK(PriorityOf(thirty) == guideline::Priority::kMedium);
}

TEST_CASE("palliative-care-early does not fire once palliative care is involved", "[rules][palliative-care-early]") {
  Vignette referred;
  referred.Als("2025-06-01");
  care::ServiceRequest(referred, kSnomed, "306237005", "active", "2026-05-01");
  CHECK_FALSE(referred.Fires(kRule, kAsOf));

  Vignette seen_long_ago;  // involvement continues
  seen_long_ago.Als("2023-06-01");
  care::Encounter(seen_long_ago, kLocal, "palliative-care-encounter", "finished", "2023-07-01");
  CHECK_FALSE(seen_long_ago.Fires(kRule, kAsOf));

  Vignette revoked;  // a withdrawn referral is no involvement
  revoked.Als("2025-06-01");
  care::ServiceRequest(revoked, kSnomed, "306237005", "revoked", "2026-05-01");
  CHECK(revoked.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
