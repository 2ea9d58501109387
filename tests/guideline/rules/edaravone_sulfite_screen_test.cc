#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("edaravone-sulfite-screen: edaravone ordered with no allergy record", "[rules][edaravone-sulfite-screen]") {
  Vignette v;
  v.Als("2025-01-10");
  Order(v, kEdaravone, "draft", DaysAgo(2), {60, {}, 1, kIv, 60});
  auto findings = v.FindingsOf("edaravone-sulfite-screen", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "sulfite-allergy-screen");
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "both Radicava IV and Radicava ORS contain sodium bisulfite"));
  CHECK(findings[0].evidence == std::vector<std::string>{"MedicationRequest/medicationrequest-2"});
}

TEST_CASE("edaravone-sulfite-screen does not fire when allergies are recorded or without edaravone",
          "[rules][edaravone-sulfite-screen]") {
  Vignette penicillin;  // any allergy record: status known (and not a sulfite allergy)
  penicillin.Als("2025-01-10").Allergy(kSnomed, "91936005");
  Order(penicillin, kEdaravone, "active", DaysAgo(2), {60, {}, 1, kIv, 60});
  CHECK_FALSE(penicillin.Fires("edaravone-sulfite-screen", kAsOf));
  Vignette none;
  none.Als("2025-01-10");
  CHECK_FALSE(none.Fires("edaravone-sulfite-screen", kAsOf));
}

TEST_CASE("edaravone-sulfite-screen: a \"no known allergies\" statement counts for 365 days",
          "[rules][edaravone-sulfite-screen]") {
  Vignette recent;
  recent.Als("2025-01-10");
  AllergyOn(recent, kSnomed, "716186003", DaysAgo(365));
  Order(recent, kEdaravone, "active", DaysAgo(2), {105, {}, 1, kOral});
  CHECK_FALSE(recent.Fires("edaravone-sulfite-screen", kAsOf));
  Vignette old;
  old.Als("2025-01-10");
  AllergyOn(old, kSnomed, "409137002", DaysAgo(366));
  Order(old, kEdaravone, "active", DaysAgo(2), {105, {}, 1, kOral});
  CHECK(old.Fires("edaravone-sulfite-screen", kAsOf));
}

// C5: Radicava ORS also contains sodium bisulfite: the screen applies to it too.
TEST_CASE("edaravone-sulfite-screen C5: the oral suspension is screened like IV, and asthma is mentioned",
          "[rules][edaravone-sulfite-screen][C5]") {
  Vignette v;
  v.Als("2025-01-10").Condition(kSnomed, "195967001", "2010-01-01");
  Order(v, kEdaravone, "active", DaysAgo(2), {105, {}, 1, kOral});
  auto findings = v.FindingsOf("edaravone-sulfite-screen", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "The patient has asthma (Condition/condition-2)"));
  CHECK(HasEvidence(findings[0], "Condition/condition-2"));
}

}  // namespace
}  // namespace als::testing
