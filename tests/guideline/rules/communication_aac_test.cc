#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
constexpr char kRule[] = "communication-aac";


TEST_CASE("communication-aac refers for a communication assessment when speech is affected", "[rules][communication-aac]") {
  Vignette v;
  v.Als("2025-11-01").Condition(kSnomed, "8011004", "2026-04-01");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "slp-communication-assessment");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
  CHECK(Has(findings[0].description, "augmentative and alternative communication"));
  CHECK(Has(findings[0].description, "before speech is severely limited"));

  Vignette icd;
  icd.Als("2025-11-01").Condition(kIcd10, "R47.1", "2026-04-01");
  CHECK(icd.Fires(kRule, kAsOf));
}

TEST_CASE("communication-aac: ALSFRS-R speech item 3 fires, 4 does not", "[rules][communication-aac]") {
  Vignette three;
  three.Als("2025-11-01");
  care::Score(three, "alsfrs-r-speech", 3, "2026-05-01");
  auto findings = three.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(findings[0].description, "ALSFRS-R speech item 3 points on 2026-05-01"));
  Vignette four;
  four.Als("2025-11-01");
  care::Score(four, "alsfrs-r-speech", 4, "2026-05-01");
  CHECK_FALSE(four.Fires(kRule, kAsOf));
}

TEST_CASE("communication-aac: an assessment within 90 days or an AAC device suppresses it", "[rules][communication-aac]") {
  Vignette day90;
  day90.Als("2025-11-01").Condition(kSnomed, "8011004", "2026-01-01");
  care::Procedure(day90, kLocal, "slp-communication-assessment", "completed", "2026-03-03");
  CHECK_FALSE(day90.Fires(kRule, kAsOf));
  Vignette day91;
  day91.Als("2025-11-01").Condition(kSnomed, "8011004", "2026-01-01");
  care::Procedure(day91, kLocal, "slp-communication-assessment", "completed", "2026-03-02");
  CHECK(day91.Fires(kRule, kAsOf));

  Vignette in_use;  // speech-generating device in use for a year
  in_use.Als("2025-01-01").Condition(kSnomed, "8011004", "2025-03-01");
  in_use.Resource("DeviceUseStatement",
                  R"("contained":[{"resourceType":"Device","id":"d1","type":)" + Concept(care::kHcpcs, "E2510") +
                      R"(}],"status":"active","device":{"reference":"#d1"},"timingPeriod":{"start":"2025-05-01"})");
  CHECK_FALSE(in_use.Fires(kRule, kAsOf));

  Vignette ordered;
  ordered.Als("2025-11-01").Condition(kSnomed, "8011004", "2026-01-01");
  care::DeviceRequest(ordered, care::kHcpcs, "E2510", "active", "2026-05-01", "urgent");
  CHECK_FALSE(ordered.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
