#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("gastrostomy-discuss-early fires for a bulbar patient without a discussion",
          "[rules][gastrostomy-discuss-early]") {
  Vignette v;
  v.Patient("1960-01-01").Als(DaysAgo(20)).Condition(kSnomed, "40739000", DaysAgo(10));
  auto findings = v.FindingsOf("gastrostomy-discuss-early", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "gastrostomy-discussion");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "bulbar involvement"));
  CHECK(Has(findings[0].description, "benefits of early placement"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-2"});
}

TEST_CASE("gastrostomy-discuss-early does not fire once the discussion is documented",
          "[rules][gastrostomy-discuss-early]") {
  Vignette v = AlsPatient();
  v.Resource("Communication", R"("status":"completed","topic":)" + Concept(kLocal, "gastrostomy-discussion") +
                                  R"(,"sent":")" + DaysAgo(40) + "\"");
  CHECK_FALSE(v.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette tube = AlsPatient();
  tube.Condition(kIcd10, "Z93.1", DaysAgo(40));
  CHECK_FALSE(tube.Fires("gastrostomy-discuss-early", kAsOf));
}

TEST_CASE("gastrostomy-discuss-early thresholds: 90 days since diagnosis, FVC 80, weight loss 5%",
          "[rules][gastrostomy-discuss-early]") {
  Vignette day89;
  day89.Patient("1960-01-01").Als(DaysAgo(89));
  CHECK_FALSE(day89.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette day90;
  day90.Patient("1960-01-01").Als(DaysAgo(90));
  CHECK(day90.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette fvc80;
  fvc80.Patient("1960-01-01").Als(DaysAgo(20)).Fvc(80, DaysAgo(5));
  CHECK_FALSE(fvc80.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette fvc79;
  fvc79.Patient("1960-01-01").Als(DaysAgo(20)).Fvc(79.9, DaysAgo(5));
  CHECK(fvc79.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette loss5;
  loss5.Patient("1960-01-01").Als(DaysAgo(20)).Weight(100, DaysAgo(20)).Weight(95, DaysAgo(2));
  CHECK(loss5.Fires("gastrostomy-discuss-early", kAsOf));
  Vignette loss4;
  loss4.Patient("1960-01-01").Als(DaysAgo(20)).Weight(100, DaysAgo(20)).Weight(95.5, DaysAgo(2));
  CHECK_FALSE(loss4.Fires("gastrostomy-discuss-early", kAsOf));
}

TEST_CASE("gastrostomy-discuss-early: a not-done discussion is not a discussion",
          "[rules][gastrostomy-discuss-early]") {
  Vignette v = AlsPatient();
  v.Resource("Communication", R"("status":"not-done","topic":)" + Concept(kLocal, "gastrostomy-discussion") +
                                  R"(,"sent":")" + DaysAgo(200) + "\"");
  CHECK(v.Fires("gastrostomy-discuss-early", kAsOf));
}

}  // namespace
}  // namespace als::testing
