#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "als/output/write_set.h"
#include "testing/vignette.h"

namespace als::testing {
namespace {

// A Flag the adapter wrote earlier for a rule that no longer fires.
std::string EarlierFlag(const std::string& priority_code) {
  return R"({"resourceType":"Flag","id":"f1","meta":{"versionId":"3"},"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/flag-priority","valueCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/flag-priority-code","code":")" +
         priority_code +
         R"("}]}}],"identifier":[{"system":"http://als-adapter.org/fhir/identifier/flag","value":"p1:riluzole-alt-gt5"}],"status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/flag-category","code":"lab"}]}],"code":{"coding":[{"system":"http://als-adapter.org/fhir/CodeSystem/als-guideline-rule","code":"riluzole-alt-gt5"}],"text":"earlier alert"},"subject":{"reference":"Patient/p1"},"period":{"start":"2026-04-01"}})";
}

TEST_CASE("A Flag whose rule no longer fires is set inactive, keeping its priority and start", "[output]") {
  for (const char* code : {"PH", "PM", "PL"}) {
    Vignette v;
    v.Als("2025-01-01").Raw(EarlierFlag(code));
    output::PatientWriteSet write_set = v.WriteSet("2026-06-01");
    const output::WriteEntry* retired = nullptr;
    for (const auto& entry : write_set.entries) {
      if (entry.url.find("p1:riluzole-alt-gt5") != std::string::npos) retired = &entry;
    }
    INFO(code);
    REQUIRE(retired != nullptr);
    CHECK(retired->method == "PUT");  // an update, never a DELETE
    CHECK(retired->if_match == "W/\"3\"");
    rapidjson::Document flag;
    flag.Parse(retired->resource.c_str());
    CHECK(std::string(flag["status"].GetString()) == "inactive");
    CHECK(std::string(flag["period"]["start"].GetString()) == "2026-04-01");
    CHECK(std::string(flag["period"]["end"].GetString()) == "2026-06-01");
    CHECK(std::string(flag["extension"][0]["valueCodeableConcept"]["coding"][0]["code"].GetString()) == code);
    CHECK(std::string(flag["category"][0]["coding"][0]["code"].GetString()) == "lab");
  }
}

}  // namespace
}  // namespace als::testing
