#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("riluzole-ild: interstitial lung disease after the start of riluzole is High", "[rules][riluzole-ild]") {
  Vignette v;
  v.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2026-01-01", 50, 2).Condition(kSnomed, "233703007",
                                                                                          "2026-04-01");
  auto findings = v.FindingsOf("riluzole-ild", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(findings[0].title, "discontinue riluzole immediately"));
  CHECK(Has(Own(findings[0]), "onset 2026-04-01"));
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"Condition/condition-3", "MedicationRequest/medicationrequest-2"});
}

TEST_CASE("riluzole-ild does not fire for ILD before riluzole or off riluzole", "[rules][riluzole-ild]") {
  Vignette before;
  before.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2026-01-01", 50, 2).Condition(kIcd10, "J84.9",
                                                                                                "2025-12-31");
  CHECK_FALSE(before.Fires("riluzole-ild", kAsOf));
  Vignette off;
  off.Als("2025-01-10").Condition(kIcd10, "J84.9", "2026-04-01");
  CHECK_FALSE(off.Fires("riluzole-ild", kAsOf));
}

TEST_CASE("riluzole-ild: onset on the start day counts; an inactive condition does not", "[rules][riluzole-ild]") {
  Vignette same_day;  // hypersensitivity pneumonitis, ICD-10-CM J67.9
  same_day.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2026-01-01", 50, 2).Condition(kIcd10, "J67.9",
                                                                                                  "2026-01-01");
  CHECK(same_day.Fires("riluzole-ild", kAsOf));
  Vignette resolved;
  resolved.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2026-01-01", 50, 2).Condition(
      kIcd10, "J84.9", "2026-04-01", "resolved");
  CHECK_FALSE(resolved.Fires("riluzole-ild", kAsOf));
}

}  // namespace
}  // namespace als::testing
