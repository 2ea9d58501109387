#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("edaravone-sulfite-allergy: IV edaravone with a sodium bisulfite allergy is High",
          "[rules][edaravone-sulfite-allergy]") {
  Vignette v;
  v.Als("2025-01-10").Allergy(kUnii, "TZX5469Z6I");  // sodium bisulfite (UNII)
  Order(v, kEdaravone, "active", DaysAgo(2), {60, {}, 1, kIv, 60});
  auto findings = v.FindingsOf("edaravone-sulfite-allergy", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(findings[0].flag_category == "drug");
  CHECK(Has(findings[0].title, "contain sodium bisulfite"));
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"AllergyIntolerance/allergyintolerance-2", "MedicationRequest/medicationrequest-3"});
}

// C5: switching IV to ORS does not avoid the sulfite.
TEST_CASE("edaravone-sulfite-allergy C5: Radicava ORS with a sulfite allergy is High too",
          "[rules][edaravone-sulfite-allergy][C5]") {
  Vignette v;
  v.Als("2025-01-10").Allergy(kSnomed, "419421008");
  Order(v, kEdaravone, "active", DaysAgo(2), {105, {}, 1, kOral});
  auto findings = v.FindingsOf("edaravone-sulfite-allergy", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(Own(findings[0]), "switching from IV to ORS does not avoid it"));
}

TEST_CASE("edaravone-sulfite-allergy: a sulfonamide (sulfa) allergy is not a sulfite allergy",
          "[rules][edaravone-sulfite-allergy]") {
  Vignette v;
  v.Als("2025-01-10").Allergy(kSnomed, "91939003");  // allergy to sulfonamides
  Order(v, kEdaravone, "active", DaysAgo(2), {60, {}, 1, kIv, 60});
  CHECK_FALSE(v.Fires("edaravone-sulfite-allergy", kAsOf));
  CHECK_FALSE(v.Fires("edaravone-sulfite-screen", kAsOf));  // allergy status is known
  Vignette no_edaravone;
  no_edaravone.Als("2025-01-10").Allergy(kSnomed, "419421008");
  CHECK_FALSE(no_edaravone.Fires("edaravone-sulfite-allergy", kAsOf));
}

TEST_CASE("edaravone-sulfite-allergy: edaravone hypersensitivity by RxNorm; inactive allergy and asthma",
          "[rules][edaravone-sulfite-allergy]") {
  Vignette edaravone;
  edaravone.Als("2025-01-10").Allergy(kRxNorm, kEdaravone);
  Order(edaravone, kEdaravone, "draft", DaysAgo(2), {60, {}, 1, kIv, 60});
  CHECK(edaravone.FindingsOf("edaravone-sulfite-allergy", kAsOf).at(0).priority == Priority::kHigh);
  Vignette resolved;  // an inactive sulfite allergy does not fire the High Flag
  resolved.Als("2025-01-10").Allergy(kSnomed, "419421008", "inactive");
  Order(resolved, kEdaravone, "active", DaysAgo(2), {60, {}, 1, kIv, 60});
  CHECK_FALSE(resolved.Fires("edaravone-sulfite-allergy", kAsOf));
  Vignette asthma;  // asthma, no sulfite allergy: Medium "monitor"
  asthma.Als("2025-01-10").Condition(kIcd10, "J45.909", "2010-01-01");
  Order(asthma, kEdaravone, "active", DaysAgo(2), {105, {}, 1, kOral});
  auto findings = asthma.FindingsOf("edaravone-sulfite-allergy", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(findings[0].title, "monitor for sulfite reaction"));
  CHECK(HasEvidence(findings[0], "Condition/condition-2"));
}

}  // namespace
}  // namespace als::testing
