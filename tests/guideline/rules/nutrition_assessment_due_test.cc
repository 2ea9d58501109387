#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("nutrition-assessment-due fires with no weight and no dietitian assessment",
          "[rules][nutrition-assessment-due]") {
  Vignette v = AlsPatient();
  auto findings = v.FindingsOf("nutrition-assessment-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "nutrition-assessment");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "No body weight in the last 90 days (none on file)"));
  CHECK(Has(findings[0].description, "No dietitian or nutrition assessment in the last 90 days"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
}

TEST_CASE("nutrition-assessment-due does not fire with a recent weight and dietitian assessment",
          "[rules][nutrition-assessment-due]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "29463-7", 150, "[lb_av]", DaysAgo(30));
  Procedure(v, kSnomed, "1759002", DaysAgo(30));
  CHECK_FALSE(v.Fires("nutrition-assessment-due", kAsOf));
}

TEST_CASE("nutrition-assessment-due: 90 days does not fire, 91 does", "[rules][nutrition-assessment-due]") {
  Vignette day90 = AlsPatient();
  day90.Weight(70, DaysAgo(90));
  Procedure(day90, kSnomed, "1759002", DaysAgo(90));
  CHECK_FALSE(day90.Fires("nutrition-assessment-due", kAsOf));
  Vignette weight91 = AlsPatient();
  weight91.Weight(70, DaysAgo(91));
  Procedure(weight91, kSnomed, "1759002", DaysAgo(10));
  auto findings = weight91.FindingsOf("nutrition-assessment-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "(last weight 70 kg on " + DaysAgo(91) + ")"));
  CHECK_FALSE(Has(findings[0].description, "No dietitian"));
  Vignette dietitian91 = AlsPatient();
  dietitian91.Weight(70, DaysAgo(10));
  dietitian91.Resource("Encounter", R"("status":"finished","class":{"code":"AMB"},"type":[)" +
                                        Concept(kLocal, "dietitian-encounter") + R"(],"period":{"start":")" +
                                        DaysAgo(91) + "\"}");
  CHECK(dietitian91.Fires("nutrition-assessment-due", kAsOf));
}

TEST_CASE("nutrition-assessment-due is suppressed by an open dietitian referral", "[rules][nutrition-assessment-due]") {
  Vignette v = AlsPatient();
  ServiceRequest(v, kSnomed, "103699006", "active", DaysAgo(5));
  CHECK_FALSE(v.Fires("nutrition-assessment-due", kAsOf));
}

}  // namespace
}  // namespace als::testing
