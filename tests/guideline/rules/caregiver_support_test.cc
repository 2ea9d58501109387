#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "caregiver-support";


Vignette WithCaregiver(const std::string& extra = "") {
  Vignette v;
  v.Als("2025-11-01");
  v.Resource("RelatedPerson", R"("relationship":[)" +
                                  Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HUSB", "husband") +
                                  "]" + extra);
  return v;
}

TEST_CASE("caregiver-support: Low for a recorded caregiver without support in place", "[rules][caregiver-support]") {
  Vignette v = WithCaregiver();
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "caregiver-support");
  CHECK(findings[0].priority == guideline::Priority::kLow);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1", "RelatedPerson/relatedperson-2"});
  CHECK(Has(findings[0].description, "Caregiver on file: husband (RelatedPerson/relatedperson-2)"));
  for (const char* part : {"counselling", "support groups", "crisis plan", "respite", "social work", "training"}) {
    INFO(part);
    CHECK(Has(findings[0].description, part));
  }
}

TEST_CASE("caregiver-support needs a current caregiver", "[rules][caregiver-support]") {
  Vignette none;
  none.Als("2025-11-01");
  CHECK_FALSE(none.Fires(kRule, kAsOf));
  Vignette inactive = WithCaregiver(R"(,"active":false)");
  CHECK_FALSE(inactive.Fires(kRule, kAsOf));
}

TEST_CASE("caregiver-support: Medium with cognitive impairment or caregiver strain", "[rules][caregiver-support]") {
  Vignette cognition = WithCaregiver();
  cognition.Condition(kLocal, "als-behavioural-impairment", "2026-02-01");
  auto findings = cognition.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "cognitive/behavioural impairment"));

  Vignette strain = WithCaregiver();  // 180 days ago: still counts
  care::Observed(strain, kLocal, "caregiver-strain", "2025-12-03");
  REQUIRE(strain.FindingsOf(kRule, kAsOf).size() == 1);
  CHECK(strain.FindingsOf(kRule, kAsOf)[0].priority == guideline::Priority::kMedium);
  Vignette old_strain = WithCaregiver();  // 181 days
  care::Observed(old_strain, kLocal, "caregiver-strain", "2025-12-02");
  REQUIRE(old_strain.FindingsOf(kRule, kAsOf).size() == 1);
  CHECK(old_strain.FindingsOf(kRule, kAsOf)[0].priority == guideline::Priority::kLow);
}

TEST_CASE("caregiver-support is not repeated once support or social work is in place", "[rules][caregiver-support]") {
  Vignette social_work = WithCaregiver();
  care::ServiceRequest(social_work, kSnomed, "428481000124106", "completed", "2025-12-01");
  CHECK_FALSE(social_work.Fires(kRule, kAsOf));

  Vignette support = WithCaregiver();
  care::ServiceRequest(support, kLocal, "caregiver-support", "active", "2026-05-01");
  CHECK_FALSE(support.Fires(kRule, kAsOf));

  Vignette cancelled = WithCaregiver();
  care::ServiceRequest(cancelled, kLocal, "caregiver-support", "revoked", "2026-05-01");
  CHECK(cancelled.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
