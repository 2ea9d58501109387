#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include <rapidjson/document.h>

#include "als/fhir/json.h"
#include "als/sync/patient_reader.h"

namespace als::sync {
namespace {

// A searchset Bundle of `resources` (JSON objects).
rapidjson::Document Searchset(std::initializer_list<std::string> resources) {
  std::string entries;
  for (const std::string& resource : resources) {
    entries += (entries.empty() ? R"({"resource":)" : R"(,{"resource":)") + resource + "}";
  }
  rapidjson::Document bundle;
  fhir::ParseInPool(R"({"resourceType":"Bundle","type":"searchset","entry":[)" + entries + "]}", &bundle);
  REQUIRE_FALSE(bundle.HasParseError());
  return bundle;
}

std::string NestedObservation(const std::string& id, int levels) {
  std::string value = "1";
  for (int i = 0; i < levels; ++i) value = R"({"x":)" + value + "}";
  return R"({"resourceType":"Observation","id":")" + id + R"(","extension":)" + value + "}";
}

TEST_CASE("PatientData: a resource nested too deeply is left out, the others kept", "[sync]") {
  PatientData data(nullptr, "p1");
  // The resource itself is one level; the limit is fhir::kMaxResourceDepth.
  data.AddSearchset(Searchset({NestedObservation("ok", fhir::kMaxResourceDepth - 1),
                               NestedObservation("deep", fhir::kMaxResourceDepth),
                               R"({"resourceType":"Condition","id":"c1"})"}));
  REQUIRE(data.resources().size() == 2);
  CHECK(fhir::StringOr(*data.resources()[0].json, "id") == "ok");
  CHECK(fhir::StringOr(*data.resources()[1].json, "id") == "c1");
}

TEST_CASE("PatientData: resources of a shallow page are all kept, Medications apart", "[sync]") {
  PatientData data(nullptr, "p1");
  data.AddSearchset(Searchset({NestedObservation("o1", 3), R"({"resourceType":"Medication","id":"m1"})",
                               R"({"resourceType":"Condition","id":"c1"})"}));
  CHECK(data.resources().size() == 2);
  CHECK(data.Resolve("Medication/m1") != nullptr);
}

}  // namespace
}  // namespace als::sync
