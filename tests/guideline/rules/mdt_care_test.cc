#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "mdt-care";


TEST_CASE("mdt-care refers a patient never seen by the multidisciplinary clinic", "[rules][mdt-care]") {
  Vignette v;
  v.Als("2026-05-20");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "mdt-clinic-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
  for (const char* discipline : {"neurology", "respiratory", "gastroenterology", "speech-language pathology",
                                 "dietetics", "physiotherapy", "occupational therapy", "social work", "psychology",
                                 "palliative care"}) {
    INFO(discipline);
    CHECK(Has(findings[0].description, discipline));
  }
  CHECK(Has(findings[0].description, "AAN 2009"));

  Vignette cancelled;  // a cancelled visit is no contact
  cancelled.Als("2026-01-20");
  care::Encounter(cancelled, kLocal, "mdt-clinic-visit", "cancelled", "2026-05-01");
  auto again = cancelled.FindingsOf(kRule, kAsOf);
  REQUIRE(again.size() == 1);
  CHECK(Has(again[0].description, "No referral to, or visit at"));
}

TEST_CASE("mdt-care: review due when the last MDT visit is more than 90 days ago", "[rules][mdt-care]") {
  Vignette day90;
  day90.Als("2025-06-01");
  care::Encounter(day90, kLocal, "mdt-clinic-visit", "finished", "2026-03-03");
  CHECK_FALSE(day90.Fires(kRule, kAsOf));

  Vignette day91;
  day91.Als("2025-06-01");
  care::Encounter(day91, kLocal, "mdt-clinic-visit", "finished", "2026-03-02");
  auto findings = day91.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "MDT review due"));
  CHECK(Has(findings[0].description, "91 days ago"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1", "Encounter/encounter-2"});
}

TEST_CASE("mdt-care does not duplicate an open referral or booking", "[rules][mdt-care]") {
  Vignette open;
  open.Als("2026-05-01");
  care::ServiceRequest(open, kLocal, "mdt-clinic-referral", "active", "2026-05-02");
  CHECK_FALSE(open.Fires(kRule, kAsOf));

  Vignette overdue_but_booked;
  overdue_but_booked.Als("2025-01-01");
  care::Encounter(overdue_but_booked, kLocal, "mdt-clinic-visit", "finished", "2025-12-01");
  care::ServiceRequest(overdue_but_booked, kLocal, "mdt-clinic-referral", "active", "2026-05-25");
  CHECK_FALSE(overdue_but_booked.Fires(kRule, kAsOf));

  Vignette referred;  // referral completed a month ago
  referred.Als("2026-04-01");
  care::ServiceRequest(referred, kLocal, "mdt-clinic-referral", "completed", "2026-05-01");
  CHECK_FALSE(referred.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
