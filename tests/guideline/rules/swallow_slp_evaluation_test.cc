#include <catch2/catch.hpp>
#include <regex>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("swallow-slp-evaluation refers a dysphagic patient to SLP", "[rules][swallow-slp-evaluation]") {
  Vignette v = AlsPatient();
  v.Condition(kIcd10, "R13.12", DaysAgo(30));  // oropharyngeal dysphagia
  auto findings = v.FindingsOf("swallow-slp-evaluation", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "slp-swallow-evaluation");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "clinical swallow evaluation"));
  CHECK(Has(findings[0].description, "if the screen is positive or the SLP judges it needed"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
}

TEST_CASE("swallow-slp-evaluation does not fire without bulbar signs", "[rules][swallow-slp-evaluation]") {
  Vignette v = AlsPatient();
  Score(v, "alsfrs-r-swallowing", 4, DaysAgo(10));
  Score(v, "alsfrs-r-speech", 4, DaysAgo(10));
  CHECK_FALSE(v.Fires("swallow-slp-evaluation", kAsOf));
}

TEST_CASE("swallow-slp-evaluation is High with choking, aspiration or swallowing item <= 2",
          "[rules][swallow-slp-evaluation]") {
  Vignette item2 = AlsPatient();
  Score(item2, "alsfrs-r-swallowing", 2, DaysAgo(10));
  REQUIRE(item2.Fires("swallow-slp-evaluation", kAsOf));
  CHECK(item2.FindingsOf("swallow-slp-evaluation", kAsOf)[0].priority == guideline::Priority::kHigh);
  Vignette item3 = AlsPatient();
  Score(item3, "alsfrs-r-swallowing", 3, DaysAgo(10));
  REQUIRE(item3.Fires("swallow-slp-evaluation", kAsOf));
  CHECK(item3.FindingsOf("swallow-slp-evaluation", kAsOf)[0].priority == guideline::Priority::kMedium);
  Vignette choking = AlsPatient();
  choking.Condition(kSnomed, "8011004", DaysAgo(60));  // dysarthria
  Finding(choking, kLocal, "choking-episode", DaysAgo(7));
  auto findings = choking.FindingsOf("swallow-slp-evaluation", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(Has(findings[0].description, "Urgent:"));
  CHECK(Contains(findings[0].evidence, "Observation/observation-3"));
  Vignette aspiration = AlsPatient();  // resolved but within 90 days still counts
  aspiration.Condition(kSnomed, "8011004", DaysAgo(60)).Condition(kIcd10, "J69.0", DaysAgo(40), "resolved");
  CHECK(aspiration.FindingsOf("swallow-slp-evaluation", kAsOf)[0].priority == guideline::Priority::kHigh);
}

TEST_CASE("swallow-slp-evaluation: an SLP evaluation 90 days ago suppresses, 91 days ago does not",
          "[rules][swallow-slp-evaluation]") {
  Vignette day90 = AlsPatient();
  day90.Condition(kSnomed, "40739000", DaysAgo(200));
  Procedure(day90, kCpt, "92610", DaysAgo(90));
  CHECK_FALSE(day90.Fires("swallow-slp-evaluation", kAsOf));
  Vignette day91 = AlsPatient();
  day91.Condition(kSnomed, "40739000", DaysAgo(200));
  Procedure(day91, kLocal, "vfss", DaysAgo(91));
  CHECK(day91.Fires("swallow-slp-evaluation", kAsOf));
}

TEST_CASE("C8: swallow concerns give an SLP evaluation, never nil-by-mouth or an oral-intake block",
          "[rules][swallow-slp-evaluation][contradiction]") {
  // The literal reading ("swallow screening before initiating oral intake"; positive screen -> mandatory
  // VFSS) would hold oral intake and order VFSS directly.
  Vignette v = AlsPatient();
  v.Condition(kSnomed, "40739000", DaysAgo(30));
  Finding(v, kLocal, "choking-episode", DaysAgo(3));
  auto write_set = v.WriteSet(kAsOf);
  ActivityView slp = ActivityOf(write_set, "slp-swallow-evaluation");
  REQUIRE(slp.found);
  CHECK(slp.priority == "urgent");
  CHECK(Has(slp.description, "continue eating and drinking"));
  std::string all;
  for (const auto& finding : v.Findings(kAsOf)) all += Lower(finding.title + " " + finding.description) + "\n";
  for (const char* banned : {"nil by mouth", "nil-by-mouth", "nothing by mouth", "before initiating oral intake",
                             "withhold oral", "no oral intake", "stop oral"}) {
    CHECK_FALSE(Has(all, banned));
  }
  CHECK_FALSE(std::regex_search(all, std::regex("\\bnpo\\b")));
  CHECK_FALSE(Has(Lower(slp.description), "require videofluoroscopy"));
}

}  // namespace
}  // namespace als::testing
