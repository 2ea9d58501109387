#include "als/guideline/engine.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "als/guideline/definitions.h"

namespace als::guideline {
namespace {

// A test catalogue: "first" reads "second", which comes later in the catalogue,
// and a rule that is not in it.
std::vector<Finding> First(RuleContext& context) {
  const std::vector<Finding>& second = context.FindingsOf("second");
  std::string seen = second.empty() ? "none" : second.front().rule_id + ": " + second.front().description;
  std::string missing = context.Fired("not-in-catalogue") ? "fired" : "did not fire";
  return {Activity("first-action", Priority::kMedium,
                   "saw " + seen + "; missing " + missing + "; limit " + FormatNumber(context.Param("limit")) +
                       "; shared " + FormatNumber(context.Shared("fvc_fresh_days")))};
}

std::vector<Finding> Second(RuleContext& context) {
  return {Activity("second-action", Priority::kLow, "limit " + FormatNumber(context.Param("limit"))),
          Alert("clinical", Priority::kHigh, "Alert", "second alert")};
}

const Rule kFirst{{"first", "R01", Domain::kRespiratory, "CarePlan activity", Priority::kMedium, "First", "t",
                   "cite-first", {{"limit", 10, "x", "d"}}},
                  &First};
const Rule kSecond{{"second", "R02", Domain::kRespiratory, "CarePlan activity", Priority::kMedium, "Second", "t",
                    "cite-second", {{"limit", 20, "x", "d"}}},
                   &Second};
const std::vector<const Rule*> kTestCatalogue = {&kFirst, &kSecond};

TEST_CASE("RuleEngine: findings in catalogue order, each rule run once, with its own parameters", "[engine]") {
  Parameters parameters = Parameters::Defaults(kTestCatalogue);
  rapidjson::Document overrides;
  overrides.Parse(R"({"shared": {"fvc_fresh_days": 120}})");
  REQUIRE(parameters.Override(overrides, "test").ok());
  RuleEngine engine(std::move(parameters), kTestCatalogue);
  model::PatientRecord record;
  record.has_als_diagnosis = true;

  std::vector<Finding> findings = engine.Evaluate(record, 0);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].rule_id == "first");
  // What "first" saw of "second" has no citation yet: the engine appends it to its own output only.
  CHECK(findings[0].description ==
        "saw second: limit 20; missing did not fire; limit 10; shared 120 Source: cite-first");
  CHECK(findings[1].rule_id == "second");
  CHECK(findings[1].description == "limit 20 Source: cite-second");
  CHECK(findings[2].rule_id == "second");
  CHECK(findings[2].kind == OutputKind::kFlag);
  CHECK(findings[2].description == "second alert Source: cite-second");

  record.has_als_diagnosis = false;
  CHECK(engine.Evaluate(record, 0).empty());
}

TEST_CASE("PreparedCatalogue: rule positions and parameter values", "[engine]") {
  Parameters parameters = Parameters::Defaults(kTestCatalogue);
  PreparedCatalogue prepared(kTestCatalogue, parameters);
  CHECK(prepared.Position("first") == 0u);
  CHECK(prepared.Position("second") == 1u);
  CHECK_FALSE(prepared.Position("third").has_value());
  CHECK(prepared.Param(0, "limit") == 10);
  CHECK(prepared.Param(1, "limit") == 20);
  CHECK(prepared.Shared("fvc_fresh_days") == parameters.Get("shared", "fvc_fresh_days"));
}

TEST_CASE("FixedDecimals writes what printf's %.Nf writes", "[definitions]") {
  std::vector<double> values = {0,     -0.0,   0.05,  0.25,   0.35,    1.45,   2.5,    -2.5,   46.04, 46.05,
                                99.95, 1e-7,   123456.789, 1e15, 1e22, -1e25, 1e300, std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                std::nan("")};
  for (int i = 0; i < 2000; ++i) values.push_back(i * 0.005 - 3);
  for (double value : values) {
    for (int decimals : {0, 1, 2}) {
      char expected[32];
      std::snprintf(expected, sizeof expected, "%.*f", decimals, value);
      INFO(value << " with " << decimals << " decimals");
      CHECK(FixedDecimals(value, decimals) == expected);
    }
  }
}

}  // namespace
}  // namespace als::guideline
