#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("niv-sleep-hypoventilation: PaCO2 > 45 mmHg asks for asap specialist review",
          "[rules][niv-sleep-hypoventilation]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "2019-8", 52, "mm[Hg]", DaysAgo(3));
  auto findings = v.FindingsOf("niv-sleep-hypoventilation", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "niv-referral");
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(findings[0].request_priority == "asap");
  CHECK(Has(findings[0].description, "daytime hypercapnia: PaCO2 52 mmHg on " + DaysAgo(3)));
  CHECK(Has(findings[0].description, "specialist respiratory review within 1 week"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
  CHECK(ActivityOf(v.WriteSet(kAsOf), "niv-referral").priority == "asap");
}

TEST_CASE("niv-sleep-hypoventilation does not fire with normal gases and oximetry",
          "[rules][niv-sleep-hypoventilation]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "2019-8", 40, "mm[Hg]", DaysAgo(3));
  v.Quantity(kLocal, "nocturnal-oximetry-t88", 2, "min", DaysAgo(3));
  CHECK_FALSE(v.Fires("niv-sleep-hypoventilation", kAsOf));
}

TEST_CASE("niv-sleep-hypoventilation thresholds", "[rules][niv-sleep-hypoventilation]") {
  Vignette paco2_45 = AlsPatient();
  paco2_45.Quantity(kLoinc, "2019-8", 45, "mm[Hg]", DaysAgo(3));
  CHECK_FALSE(paco2_45.Fires("niv-sleep-hypoventilation", kAsOf));
  Vignette paco2_kpa = AlsPatient();  // 6.2 kPa = 46.5 mmHg
  paco2_kpa.Quantity(kLoinc, "2019-8", 6.2, "kPa", DaysAgo(3));
  REQUIRE(paco2_kpa.Fires("niv-sleep-hypoventilation", kAsOf));
  CHECK(paco2_kpa.FindingsOf("niv-sleep-hypoventilation", kAsOf)[0].request_priority == "asap");
  Vignette oximetry5 = AlsPatient();
  oximetry5.Quantity(kLocal, "nocturnal-oximetry-t88", 5, "min", DaysAgo(20));
  auto findings = oximetry5.FindingsOf("niv-sleep-hypoventilation", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].request_priority.empty());
  CHECK(Has(findings[0].description, "abnormal nocturnal oximetry"));
  Vignette oximetry4 = AlsPatient();
  oximetry4.Quantity(kLocal, "nocturnal-oximetry-t88", 4.9, "min", DaysAgo(20));
  CHECK_FALSE(oximetry4.Fires("niv-sleep-hypoventilation", kAsOf));
  Vignette capillary = AlsPatient();  // 6.5 kPa fires, 6.4 does not
  capillary.Quantity(kLoinc, "2020-6", 6.5, "kPa", DaysAgo(2));
  CHECK(capillary.Fires("niv-sleep-hypoventilation", kAsOf));
  Vignette capillary_low = AlsPatient();
  capillary_low.Quantity(kLoinc, "2020-6", 6.4, "kPa", DaysAgo(2));
  CHECK_FALSE(capillary_low.Fires("niv-sleep-hypoventilation", kAsOf));
  Vignette stale = AlsPatient();
  stale.Quantity(kLoinc, "2019-8", 55, "mm[Hg]", DaysAgo(91));
  CHECK_FALSE(stale.Fires("niv-sleep-hypoventilation", kAsOf));
}

TEST_CASE("niv-sleep-hypoventilation accepts a coded abnormal report and a hypoventilation diagnosis",
          "[rules][niv-sleep-hypoventilation]") {
  Vignette report = AlsPatient();
  report.Resource("DiagnosticReport", R"("status":"final","code":)" + Concept(kLocal, "polysomnography") +
                                          R"(,"effectiveDateTime":")" + DaysAgo(14) + R"(","conclusionCode":[)" +
                                          Concept(kLocal, "sleep-hypoventilation") + "]");
  CHECK(report.Fires("niv-sleep-hypoventilation", kAsOf));
  Vignette diagnosis = AlsPatient();
  diagnosis.Condition(kIcd10, "G47.36", DaysAgo(200));
  auto findings = diagnosis.FindingsOf("niv-sleep-hypoventilation", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].request_priority.empty());
}

TEST_CASE("C11: NIV criteria are OR-combined into one activity listing every criterion met",
          "[rules][niv-sleep-hypoventilation][contradiction]") {
  // A literal single-guideline reading (AAN FVC < 50% only, or Leigh's AND of all criteria) would list
  // one criterion or none; the adapter merges all of them, for the coverage paperwork.
  Vignette v = AlsPatient();
  v.Fvc(45, DaysAgo(5));
  v.Condition(kSnomed, "62744007", DaysAgo(10));  // orthopnoea (also a respiratory symptom)
  v.Quantity(kLocal, "snip", 32, "cm[H2O]", DaysAgo(5));
  v.Quantity(kLoinc, "2019-8", 50, "mm[Hg]", DaysAgo(5));
  auto write_set = v.WriteSet(kAsOf);
  ActivityView niv = ActivityOf(write_set, "niv-referral");
  REQUIRE(niv.found);
  CHECK(niv.count == 1);
  for (const char* rule :
       {"niv-fvc-lt50", "niv-fvc-lt80-symptomatic", "niv-orthopnea", "niv-snip-mip", "niv-sleep-hypoventilation"}) {
    CHECK(Contains(niv.rules, rule));
  }
  CHECK(Has(niv.description, "FVC below 50% predicted"));
  CHECK(Has(niv.description, "FVC below 80% predicted with respiratory symptoms"));
  CHECK(Has(niv.description, "NIV criterion met: orthopnoea"));
  CHECK(Has(niv.description, "SNIP 32 cmH2O"));
  CHECK(Has(niv.description, "PaCO2 50 mmHg"));
  CHECK(niv.priority == "asap");
  CHECK(Contains(niv.references, "Observation/observation-2"));
  CHECK(Contains(niv.references, "Observation/observation-5"));
}

TEST_CASE("niv-sleep-hypoventilation is suppressed by a recent NIV intolerance record",
          "[rules][niv-sleep-hypoventilation]") {
  Vignette v = AlsPatient();
  v.Quantity(kLoinc, "2019-8", 52, "mm[Hg]", DaysAgo(3));
  v.Condition(kLocal, "niv-not-tolerated", DaysAgo(30));
  CHECK_FALSE(v.Fires("niv-sleep-hypoventilation", kAsOf));
}

}  // namespace
}  // namespace als::testing
