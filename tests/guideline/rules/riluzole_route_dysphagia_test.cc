#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

// A riluzole order through a contained Medication with a dose form.
Vignette& OrderWithForm(Vignette& v, const std::string& form_code) {
  return v.Resource("MedicationRequest",
                    R"("status":"active","intent":"order","contained":[{"resourceType":"Medication","id":"m1","code":)" +
                        Concept(kRxNorm, kRiluzole) + R"(,"form":)" + Concept(kSnomed, form_code) +
                        R"(}],"medicationReference":{"reference":"#m1"},"authoredOn":"2025-02-01")");
}

TEST_CASE("riluzole-route-dysphagia: tablets with dysphagia get a formulation review", "[rules][riluzole-route-dysphagia]") {
  Vignette v;
  v.Als("2025-01-10").MedicationRequest(kRiluzoleTablet, "active", "2025-02-01", 50, 2).Condition(kIcd10, "R13.12",
                                                                                                 "2026-03-01");
  auto findings = v.FindingsOf("riluzole-route-dysphagia", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "formulation-review");
  CHECK(findings[0].priority == Priority::kLow);
  CHECK(Has(Own(findings[0]), "On riluzole tablets with active dysphagia"));
  CHECK(Has(Own(findings[0]), "oral suspension (can be given via PEG) or oral film"));
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"Condition/condition-3", "MedicationRequest/medicationrequest-2"});
}

TEST_CASE("riluzole-route-dysphagia does not fire on the oral suspension or without swallowing problems",
          "[rules][riluzole-route-dysphagia]") {
  Vignette suspension;
  suspension.Als("2025-01-10").MedicationRequest(kRiluzoleSuspension, "active", "2025-02-01").Condition(
      kSnomed, "40739000", "2026-03-01");
  CHECK_FALSE(suspension.Fires("riluzole-route-dysphagia", kAsOf));
  Vignette swallowing_fine;
  swallowing_fine.Als("2025-01-10").MedicationRequest(kRiluzoleTablet, "active", "2025-02-01");
  CHECK_FALSE(swallowing_fine.Fires("riluzole-route-dysphagia", kAsOf));
}

TEST_CASE("riluzole-route-dysphagia: ALSFRS-R swallowing 2 fires, 3 does not", "[rules][riluzole-route-dysphagia]") {
  Vignette two;
  two.Als("2025-01-10").MedicationRequest(kRiluzoleTablet, "active", "2025-02-01").Quantity(
      kLocal, "alsfrs-r-swallowing", 2, "{score}", DaysAgo(10));
  auto findings = two.FindingsOf("riluzole-route-dysphagia", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "ALSFRS-R swallowing item 2"));
  Vignette three;
  three.Als("2025-01-10").MedicationRequest(kRiluzoleTablet, "active", "2025-02-01").Quantity(
      kLocal, "alsfrs-r-swallowing", 3, "{score}", DaysAgo(10));
  CHECK_FALSE(three.Fires("riluzole-route-dysphagia", kAsOf));
}

TEST_CASE("riluzole-route-dysphagia: gastrostomy, Medication.form and unknown form", "[rules][riluzole-route-dysphagia]") {
  Vignette tablet_form;
  tablet_form.Als("2025-01-10").Condition(kIcd10, "Z93.1", "2026-02-01");
  OrderWithForm(tablet_form, "385057009");  // film-coated tablet
  CHECK(tablet_form.Fires("riluzole-route-dysphagia", kAsOf));
  Vignette suspension_form;
  suspension_form.Als("2025-01-10").Condition(kIcd10, "Z93.1", "2026-02-01");
  OrderWithForm(suspension_form, "385024007");  // oral suspension
  CHECK_FALSE(suspension_form.Fires("riluzole-route-dysphagia", kAsOf));
  Vignette unknown;  // ingredient code only: taken as tablets, and said so
  unknown.Als("2025-01-10").MedicationRequest(kRiluzole, "active", "2025-02-01").Condition(kIcd10, "Z93.1",
                                                                                           "2026-02-01");
  auto findings = unknown.FindingsOf("riluzole-route-dysphagia", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "dose form is not recorded"));
  CHECK(Has(Own(findings[0]), "gastrostomy"));
}

}  // namespace
}  // namespace als::testing
