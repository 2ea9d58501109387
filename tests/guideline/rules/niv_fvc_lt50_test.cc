#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-fvc-lt50 refers for NIV at a fresh FVC below 50%", "[rules][niv-fvc-lt50]") {
  Vignette v = AlsPatient();
  v.Fvc(46, "2026-05-02");
  auto findings = v.FindingsOf("niv-fvc-lt50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "FVC below 50% predicted (FVC 46% predicted on 2026-05-02)"));
  CHECK(Has(findings[0].description, "Refer for NIV (bilevel) initiation"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
  CHECK(ActivityOf(v.WriteSet(kAsOf), "niv-referral").priority == "urgent");
}

TEST_CASE("niv-fvc-lt50 does not fire at FVC 72%", "[rules][niv-fvc-lt50]") {
  Vignette v = AlsPatient();
  v.Fvc(72, DaysAgo(10));
  CHECK_FALSE(v.Fires("niv-fvc-lt50", kAsOf));
}

TEST_CASE("niv-fvc-lt50 threshold: 50 does not fire, 49.9 does", "[rules][niv-fvc-lt50]") {
  Vignette at = AlsPatient();
  at.Fvc(50, DaysAgo(10));
  CHECK_FALSE(at.Fires("niv-fvc-lt50", kAsOf));
  Vignette below = AlsPatient();
  below.Fvc(49.9, DaysAgo(10));
  CHECK(below.Fires("niv-fvc-lt50", kAsOf));
}

TEST_CASE("niv-fvc-lt50 reads only a fresh FVC (90 days)", "[rules][niv-fvc-lt50]") {
  Vignette day90 = AlsPatient();
  day90.Fvc(40, DaysAgo(90));
  CHECK(day90.Fires("niv-fvc-lt50", kAsOf));
  Vignette day91 = AlsPatient();
  day91.Fvc(40, DaysAgo(91));
  CHECK_FALSE(day91.Fires("niv-fvc-lt50", kAsOf));
}

TEST_CASE("niv-fvc-lt50 computes FVC % from measured and predicted litres", "[rules][niv-fvc-lt50]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "19868-9", 2.0, "L", DaysAgo(7)).Quantity(kLoinc, "19869-7", 4.5, "L", DaysAgo(7));
  auto findings = v.FindingsOf("niv-fvc-lt50", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "FVC 44.4% predicted"));
  CHECK(Has(findings[0].description, "computed from measured/predicted litres"));
}

TEST_CASE("niv-fvc-lt50 does not fire when NIV is in use or ordered", "[rules][niv-fvc-lt50]") {
  Vignette in_use = AlsPatient();
  in_use.Fvc(40, DaysAgo(5));
  NivInUse(in_use, DaysAgo(60));
  CHECK_FALSE(in_use.Fires("niv-fvc-lt50", kAsOf));
  Vignette draft = AlsPatient();  // an open (draft) NIV request: equivalent request exists
  draft.Fvc(40, DaysAgo(5));
  NivDeviceRequest(draft, "draft", DaysAgo(2));
  CHECK_FALSE(draft.Fires("niv-fvc-lt50", kAsOf));
  Vignette stopped = AlsPatient();  // NIV stopped: no longer NIV_ACTIVE
  stopped.Fvc(40, DaysAgo(5));
  NivInUse(stopped, DaysAgo(200), "completed");
  CHECK(stopped.Fires("niv-fvc-lt50", kAsOf));
}

TEST_CASE("niv-fvc-lt50: an NIV refusal suppresses for 90 days", "[rules][niv-fvc-lt50]") {
  Vignette day90 = AlsPatient();
  day90.Fvc(40, DaysAgo(5));
  Finding(day90, kLocal, "niv-declined", DaysAgo(90));
  CHECK_FALSE(day90.Fires("niv-fvc-lt50", kAsOf));
  Vignette day91 = AlsPatient();
  day91.Fvc(40, DaysAgo(5));
  Finding(day91, kLocal, "niv-declined", DaysAgo(91));
  CHECK(day91.Fires("niv-fvc-lt50", kAsOf));
  Vignette not_done = AlsPatient();  // Procedure not-done with a refusal reason
  not_done.Fvc(40, DaysAgo(5));
  Procedure(not_done, kSnomed, "428311008", DaysAgo(20), "not-done", "patient-declined");
  CHECK_FALSE(not_done.Fires("niv-fvc-lt50", kAsOf));
}

}  // namespace
}  // namespace als::testing
