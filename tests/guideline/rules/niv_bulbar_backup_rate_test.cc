#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-bulbar-backup-rate adds the backup rate to the NIV activity of a bulbar patient",
          "[rules][niv-bulbar-backup-rate]") {
  Vignette v = AlsPatient();
  v.Fvc(44, DaysAgo(6)).Condition(kSnomed, "40739000", DaysAgo(60));  // dysphagia
  auto findings = v.FindingsOf("niv-bulbar-backup-rate", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "backup respiratory rate"));
  CHECK(Has(findings[0].description, "NIV referral criteria met (niv-fvc-lt50)"));
  CHECK(Has(findings[0].description, "Bulbar impairment is not a reason to withhold NIV"));
  CHECK(Contains(findings[0].evidence, "Condition/condition-3"));
  // Merged into the one NIV activity, which stays urgent: bulbar never cancels NIV.
  ActivityView niv = ActivityOf(v.WriteSet(kAsOf), "niv-referral");
  CHECK(niv.count == 1);
  CHECK(niv.priority == "urgent");
  CHECK(Contains(niv.rules, "niv-fvc-lt50"));
  CHECK(Contains(niv.rules, "niv-bulbar-backup-rate"));
}

TEST_CASE("niv-bulbar-backup-rate does not fire without bulbar signs", "[rules][niv-bulbar-backup-rate]") {
  Vignette v = AlsPatient();
  v.Fvc(44, DaysAgo(6));
  Score(v, "alsfrs-r-speech", 4, DaysAgo(6));
  CHECK(v.Fires("niv-fvc-lt50", kAsOf));
  CHECK_FALSE(v.Fires("niv-bulbar-backup-rate", kAsOf));
}

TEST_CASE("niv-bulbar-backup-rate does not fire for a bulbar patient with no NIV indication",
          "[rules][niv-bulbar-backup-rate]") {
  Vignette v = AlsPatient();
  v.Fvc(88, DaysAgo(6)).Condition(kSnomed, "40739000", DaysAgo(60));
  CHECK_FALSE(v.Fires("niv-bulbar-backup-rate", kAsOf));
}

TEST_CASE("niv-bulbar-backup-rate: an open NIV request, and the ALSFRS-R item threshold (3 vs 4)",
          "[rules][niv-bulbar-backup-rate]") {
  Vignette item3 = AlsPatient();
  Score(item3, "alsfrs-r-swallowing", 3, DaysAgo(20));
  NivDeviceRequest(item3, "draft", DaysAgo(2));
  auto findings = item3.FindingsOf("niv-bulbar-backup-rate", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "NIV requested"));
  CHECK(Contains(findings[0].evidence, "DeviceRequest/devicerequest-3"));
  Vignette item4 = AlsPatient();
  Score(item4, "alsfrs-r-swallowing", 4, DaysAgo(20));
  NivDeviceRequest(item4, "draft", DaysAgo(2));
  CHECK_FALSE(item4.Fires("niv-bulbar-backup-rate", kAsOf));
}

}  // namespace
}  // namespace als::testing
