#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("resp-monitoring-due is High when no FVC was ever recorded", "[rules][resp-monitoring-due]") {
  Vignette v = AlsPatient();
  auto findings = v.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "respiratory-assessment");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "No FVC or VC % predicted result on file"));
  CHECK(Has(findings[0].description, "SNIP and/or MIP"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
}

TEST_CASE("resp-monitoring-due does not fire with a fresh FVC", "[rules][resp-monitoring-due]") {
  Vignette v = AlsPatient();
  v.Fvc(72, DaysAgo(20));
  CHECK_FALSE(v.Fires("resp-monitoring-due", kAsOf));
}

TEST_CASE("resp-monitoring-due: due at day 91, not at day 90 (C10)", "[rules][resp-monitoring-due][contradiction]") {
  Vignette day90 = AlsPatient();
  day90.Fvc(72, DaysAgo(90));
  CHECK_FALSE(day90.Fires("resp-monitoring-due", kAsOf));
  Vignette day91 = AlsPatient();
  day91.Fvc(72, DaysAgo(91));
  auto findings = day91.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "FVC 72% predicted on " + DaysAgo(91) + ", 91 days ago"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("resp-monitoring-due: Medium at 180 days, High at 181 (C10, not CHEST's 6 months only)",
          "[rules][resp-monitoring-due][contradiction]") {
  // A literal "at least every 6 months" reading would say nothing at day 120; the adapter asks at day 91.
  Vignette day120 = AlsPatient();
  day120.Fvc(80, DaysAgo(120));
  REQUIRE(day120.Fires("resp-monitoring-due", kAsOf));
  CHECK(day120.FindingsOf("resp-monitoring-due", kAsOf)[0].priority == guideline::Priority::kMedium);
  Vignette day180 = AlsPatient();
  day180.Fvc(80, DaysAgo(180));
  CHECK(day180.FindingsOf("resp-monitoring-due", kAsOf)[0].priority == guideline::Priority::kMedium);
  Vignette day181 = AlsPatient();
  day181.Fvc(80, DaysAgo(181));
  auto findings = day181.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "overdue"));
}

TEST_CASE("resp-monitoring-due accepts VC % predicted and FVC computed from litres", "[rules][resp-monitoring-due]") {
  Vignette vc = AlsPatient();
  vc.Quantity(kLoinc, "98088-8", 66, "%", DaysAgo(10));  // VC / predicted VC
  CHECK_FALSE(vc.Fires("resp-monitoring-due", kAsOf));
  Vignette litres = AlsPatient();
  litres.Quantity(kLoinc, "19868-9", 3.1, "L", DaysAgo(10)).Quantity(kLoinc, "19869-7", 4.2, "L", DaysAgo(10));
  CHECK_FALSE(litres.Fires("resp-monitoring-due", kAsOf));
}

TEST_CASE("resp-monitoring-due ignores an entered-in-error FVC and notes an unusable one",
          "[rules][resp-monitoring-due]") {
  Vignette v = AlsPatient();
  v.Resource("Observation", R"("status":"entered-in-error","code":)" + Concept(kLoinc, "19872-1") +
                                R"(,"effectiveDateTime":")" + DaysAgo(5) + R"(","valueQuantity":)" +
                                QuantityJson(70, "%"));
  v.Resource("Observation", R"("status":"final","code":)" + Concept(kLoinc, "19872-1") + R"(,"effectiveDateTime":")" +
                                DaysAgo(5) + R"(","valueQuantity":{"value":70,"unit":"furlong"})");
  auto findings = v.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "could not be used (Observation/observation-3"));
}

TEST_CASE("resp-monitoring-due is suppressed by an open spirometry order, not by a completed one without a value",
          "[rules][resp-monitoring-due]") {
  Vignette open = AlsPatient();
  ServiceRequest(open, kSnomed, "127783003", "active", DaysAgo(3));
  CHECK_FALSE(open.Fires("resp-monitoring-due", kAsOf));
  Vignette done = AlsPatient();
  Procedure(done, kSnomed, "127783003", DaysAgo(3));
  auto findings = done.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "no FVC/VC % predicted result: record the result"));
}

TEST_CASE("resp-monitoring-due adds SNIP and SpO2 for bulbar patients", "[rules][resp-monitoring-due]") {
  Vignette v = AlsPatient();
  v.Condition(kSnomed, "8011004", DaysAgo(40));  // dysarthria
  auto findings = v.FindingsOf("resp-monitoring-due", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "FVC may be unreliable with mask leak"));
}

}  // namespace
}  // namespace als::testing
