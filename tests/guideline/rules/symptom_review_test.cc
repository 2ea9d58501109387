#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
using care::Lower;
constexpr char kRule[] = "symptom-review";


TEST_CASE("symptom-review fires without a review in 90 days and names no drug for cramps or spasticity",
          "[rules][symptom-review]") {
  Vignette v;
  v.Als("2025-10-01").MedicationStatement("1292", "active", "2026-01-01");  // on baclofen
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "symptom-review");
  CHECK(findings[0].priority == guideline::Priority::kLow);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  const std::string text = Lower(findings[0].description);
  for (const char* topic : {"cramps", "spasticity", "pain", "constipation", "sleep", "fatigue", "laxatives"}) {
    INFO(topic);
    CHECK(Has(text, topic));
  }
  // AAN 2009 rates cramp and spasticity treatments U (insufficient data): no drug is named.
  for (const char* drug : {"baclofen", "tizanidine", "dantrolene", "quinine", "mexiletine", "gabapentin",
                           "levetiracetam", "diazepam", "cannabis", "magnesium"}) {
    INFO(drug);
    CHECK_FALSE(Has(text, drug));
  }
}

TEST_CASE("symptom-review: a review 90 days ago suppresses, 91 days does not", "[rules][symptom-review]") {
  Vignette day90;
  day90.Als("2025-10-01");
  care::Encounter(day90, kLocal, "symptom-review", "finished", "2026-03-03");
  CHECK_FALSE(day90.Fires(kRule, kAsOf));

  Vignette day91;
  day91.Als("2025-10-01");
  care::Encounter(day91, kLocal, "symptom-review", "finished", "2026-03-02");
  auto findings = day91.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "Last structured symptom review on 2026-03-02, more than 90 days ago"));

  Vignette observed;  // recorded as an Observation
  observed.Als("2025-10-01");
  care::Observed(observed, kLocal, "symptom-review", "2026-05-01");
  CHECK_FALSE(observed.Fires(kRule, kAsOf));

  Vignette cancelled;  // a cancelled visit is not a review
  cancelled.Als("2025-10-01");
  care::Encounter(cancelled, kLocal, "symptom-review", "cancelled", "2026-05-01");
  CHECK(cancelled.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
