#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("C12: cognitive impairment annotates the NIV referral and never suppresses it",
          "[rules][niv-cognition-compliance][contradiction]") {
  // The literal reading ("assess cognitive function before recommending"; "insistence ... may be
  // inappropriate") would hold back the NIV referral of a patient with FTD.
  Vignette v = AlsPatient();
  v.Fvc(42, DaysAgo(6)).Condition(kSnomed, "230270009", DaysAgo(100));  // frontotemporal dementia
  Score(v, "ecas-total", 98, DaysAgo(200));                             // a screen on file, below the cut-off
  auto findings = v.FindingsOf("niv-cognition-compliance", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].title == "Cognitive or behavioural impairment may reduce NIV compliance");
  CHECK(Has(findings[0].description, "ECAS total 98"));
  CHECK(Has(findings[0].description, "involve the caregiver, assess capacity"));
  CHECK(Has(findings[0].description, "Do not withhold NIV on this ground alone"));
  CHECK(Contains(findings[0].evidence, "Condition/condition-3"));
  ActivityView niv = ActivityOf(v.WriteSet(kAsOf), "niv-referral");
  REQUIRE(niv.found);
  CHECK(niv.priority == "urgent");
  CHECK(Contains(v.WriteSet(kAsOf).flag_rules, "niv-cognition-compliance"));
}

TEST_CASE("niv-cognition-compliance does not fire with a normal screen", "[rules][niv-cognition-compliance]") {
  Vignette v = AlsPatient();
  v.Fvc(42, DaysAgo(6));
  Score(v, "ecas-total", 120, DaysAgo(60));
  CHECK_FALSE(v.Fires("niv-cognition-compliance", kAsOf));
}

TEST_CASE("niv-cognition-compliance: ECAS 104 is impaired, 105 is not (site cut-off)",
          "[rules][niv-cognition-compliance]") {
  Vignette impaired = AlsPatient();
  impaired.Fvc(42, DaysAgo(6));
  Score(impaired, "ecas-total", 104, DaysAgo(60));
  REQUIRE(impaired.Fires("niv-cognition-compliance", kAsOf));
  CHECK(Has(impaired.FindingsOf("niv-cognition-compliance", kAsOf)[0].description, "ECAS total 104"));
  Vignette normal = AlsPatient();
  normal.Fvc(42, DaysAgo(6));
  Score(normal, "ecas-total", 105, DaysAgo(60));
  CHECK_FALSE(normal.Fires("niv-cognition-compliance", kAsOf));
}

TEST_CASE("niv-cognition-compliance with no screen on file asks for one, and NIV still goes ahead",
          "[rules][niv-cognition-compliance]") {
  Vignette v = AlsPatient();
  v.Fvc(42, DaysAgo(6));
  auto findings = v.FindingsOf("niv-cognition-compliance", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].title == "No cognitive screen on file for the NIV decision");
  CHECK(findings[1].action == "cognitive-screen");
  CHECK(Has(findings[1].description, "never delays NIV"));
  auto write_set = v.WriteSet(kAsOf);
  CHECK(ActivityOf(write_set, "cognitive-screen").found);
  CHECK(ActivityOf(write_set, "niv-referral").found);
}

TEST_CASE("niv-cognition-compliance needs an NIV decision; NIV started within 90 days counts",
          "[rules][niv-cognition-compliance]") {
  Vignette no_niv = AlsPatient();
  no_niv.Fvc(85, DaysAgo(6)).Condition(kSnomed, "230270009", DaysAgo(100));
  CHECK_FALSE(no_niv.Fires("niv-cognition-compliance", kAsOf));
  Vignette started90 = AlsPatient();  // impaired by diagnosis, never screened: Flag and a screen
  started90.Condition(kSnomed, "230270009", DaysAgo(100));
  NivInUse(started90, DaysAgo(90));
  auto findings = started90.FindingsOf("niv-cognition-compliance", kAsOf);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].title == "Cognitive or behavioural impairment may reduce NIV compliance");
  CHECK(Has(findings[0].description, "NIV newly started"));
  CHECK(findings[1].action == "cognitive-screen");
  CHECK(Contains(findings[1].evidence, "DeviceUseStatement/deviceusestatement-3"));
  Vignette started91 = AlsPatient();
  started91.Condition(kSnomed, "230270009", DaysAgo(100));
  NivInUse(started91, DaysAgo(91));
  CHECK_FALSE(started91.Fires("niv-cognition-compliance", kAsOf));
}

}  // namespace
}  // namespace als::testing
