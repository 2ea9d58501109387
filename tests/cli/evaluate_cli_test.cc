// End-to-end: the als-adapter executable on files (design.md sections 3 and 4).
#include <catch2/catch.hpp>

#include <fstream>

#include <rapidjson/document.h>

#include "testing/process.h"

namespace als::testing {
namespace {

const std::string kSample = std::string(ALS_SOURCE_DIR) + "/tests/fixtures/sample-patients.json";

rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  return document;
}

const rapidjson::Value* EntryFor(const rapidjson::Document& bundle, const std::string& url_prefix) {
  for (const auto& entry : bundle["entry"].GetArray()) {
    std::string url = entry["request"]["url"].GetString();
    if (url.rfind(url_prefix, 0) == 0) return &entry;
  }
  return nullptr;
}

TEST_CASE("evaluate prints the transaction Bundle of design.md section 4", "[cli][evaluate]") {
  ProcessResult run = RunAdapter({"evaluate", "--as-of", "2026-06-01", kSample});
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  rapidjson::Document bundle = Parse(run.out);
  REQUIRE_FALSE(bundle.HasParseError());
  CHECK(std::string(bundle["type"].GetString()) == "transaction");

  const std::string careplan_url =
      "CarePlan?identifier=http://als-adapter.org/fhir/identifier/careplan|als-001";
  const rapidjson::Value* careplan_entry = EntryFor(bundle, careplan_url);
  REQUIRE(careplan_entry != nullptr);
  CHECK(std::string((*careplan_entry)["request"]["method"].GetString()) == "PUT");
  const rapidjson::Value& careplan = (*careplan_entry)["resource"];
  CHECK(std::string(careplan["status"].GetString()) == "active");
  CHECK(std::string(careplan["subject"]["reference"].GetString()) == "Patient/als-001");
  CHECK(std::string(careplan["instantiatesCanonical"][0].GetString()).find("/PlanDefinition/als-guideline") !=
        std::string::npos);
  REQUIRE(careplan.HasMember("activity"));
  for (const auto& activity : careplan["activity"].GetArray()) {
    const rapidjson::Value& detail = activity["detail"];
    CHECK(detail.HasMember("code"));
    REQUIRE(detail.HasMember("reasonCode"));
    CHECK(std::string(detail["reasonCode"][0]["coding"][0]["system"].GetString()) ==
          "http://als-adapter.org/fhir/CodeSystem/als-guideline-rule");
    CHECK(std::string(detail["description"].GetString()).find("Source:") != std::string::npos);
  }
  // A patient with motor neuron disease but not ALS gets nothing.
  CHECK(run.out.find("mnd-004") == std::string::npos);
  // Patients without ALS are not the only ones: every ALS patient has a CarePlan.
  CHECK(EntryFor(bundle, "CarePlan?identifier=http://als-adapter.org/fhir/identifier/careplan|als-002") != nullptr);
  CHECK(EntryFor(bundle, "CarePlan?identifier=http://als-adapter.org/fhir/identifier/careplan|als-003") != nullptr);
}

TEST_CASE("evaluate is deterministic: the same input gives byte-identical output", "[cli][evaluate]") {
  ProcessResult first = RunAdapter({"evaluate", "--as-of", "2026-06-01", kSample});
  ProcessResult second = RunAdapter({"evaluate", "--as-of", "2026-06-01", kSample});
  REQUIRE(first.exit_status == 0);
  CHECK(first.out == second.out);
}

TEST_CASE("evaluate --out writes the file, and writes nothing on unreadable input", "[cli][evaluate]") {
  TempDir dir;
  std::string out = dir.File("out.json");
  ProcessResult run = RunAdapter({"evaluate", "--as-of", "2026-06-01", "--out", out, kSample});
  REQUIRE(run.exit_status == 0);
  CHECK(ReadFile(out).rfind("{\"resourceType\":\"Bundle\"", 0) == 0);
  std::string bad = dir.Write("bad.json", "{\n\"resourceType\": \"Bundle\",\n  \"entry\": [,]\n}\n");
  std::string other = dir.File("other.json");
  ProcessResult failed = RunAdapter({"evaluate", "--out", other, bad});
  CHECK(failed.exit_status == 2);
  CHECK(failed.err.find(bad + ":3") != std::string::npos);
  CHECK_FALSE(std::ifstream(other).good());
}

TEST_CASE("evaluate: bad input files get a clear message and exit status 2", "[cli][evaluate][bad-input]") {
  TempDir dir;
  struct Case {
    std::string name, content, expected;
  };
  std::vector<Case> cases = {
      {"malformed.json", "{\"resourceType\":\"Patient\",\n\"id\": \"x\"\n\"birthDate\": 1}", "malformed.json:3"},
      {"notfhir.json", "{\"hello\": \"world\"}", "not a FHIR resource"},
      {"empty.json", "", "empty"},
      {"empty.ndjson", "\n\n", "empty"},
      {"array.json", "[1,2,3]", "not a FHIR resource"},
      {"line3.ndjson", "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n{oops\n",
       "line3.ndjson:3"},
      {"deep.json", std::string(100000, '[') + std::string(100000, ']'), "not a FHIR resource"},
      {"deep-resource.json",
       "{\"resourceType\":\"Observation\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
       "nested more than"},
  };
  for (const Case& c : cases) {
    std::string path = dir.Write(c.name, c.content);
    ProcessResult run = RunAdapter({"evaluate", path});
    INFO(c.name << ": " << run.err);
    CHECK(run.exit_status == 2);
    CHECK(run.err.find(c.expected) != std::string::npos);
    CHECK(run.out.empty());
  }
  ProcessResult missing = RunAdapter({"evaluate", dir.File("nope.json")});
  CHECK(missing.exit_status == 2);
  CHECK(missing.err.find("no such file") != std::string::npos);
  ProcessResult device = RunAdapter({"evaluate", "/dev/zero"});  // exists, but would never end
  CHECK(device.exit_status == 2);
  CHECK(device.err.find("/dev/zero: not a regular file or a directory") != std::string::npos);
}

TEST_CASE("evaluate: unusable resources are named and give exit status 1", "[cli][evaluate][bad-input]") {
  TempDir dir;
  std::string ndjson =
      R"({"resourceType":"Patient","id":"p1","birthDate":"1960-01-01"})" "\n"
      R"({"resourceType":"Condition","id":"dx","subject":{"reference":"Patient/p1"},"clinicalStatus":{"coding":[{"code":"active"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"86044005"}]},"onsetDateTime":"2025-01-01"})" "\n"
      R"({"resourceType":"Observation","id":"nocode","status":"final","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":1}})" "\n"
      R"({"resourceType":"Observation","id":"badunit","status":"final","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":46,"unit":"furlong"}})" "\n"
      R"({"resourceType":"Observation","id":"baddate","status":"final","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"01/02/2026","valueQuantity":{"value":70,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}})" "\n"
      R"({"resourceType":"MedicationRequest","id":"dangling","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationReference":{"reference":"Medication/ghost"},"authoredOn":"2026-01-01"})" "\n";
  std::string path = dir.Write("p1.ndjson", ndjson);
  ProcessResult run = RunAdapter({"evaluate", "--as-of", "2026-06-01", path});
  INFO(run.err);
  CHECK(run.exit_status == 1);
  CHECK(run.err.find("Observation/nocode (" + path + ":3): Observation.code: missing") != std::string::npos);
  CHECK(run.err.find("Observation/badunit (" + path + ":4): Observation.valueQuantity: unit 'furlong'") !=
        std::string::npos);
  CHECK(run.err.find("Observation/baddate (" + path + ":5): Observation.effectiveDateTime") != std::string::npos);
  CHECK(run.err.find("MedicationRequest/dangling (" + path + ":6): MedicationRequest.medicationReference") !=
        std::string::npos);
  // The patient is still evaluated, and the CarePlan says which inputs were unusable.
  CHECK(run.out.find("Inputs that could not be used (4)") != std::string::npos);
}

TEST_CASE("evaluate reads a 50 MB NDJSON line without trouble", "[cli][evaluate][bad-input]") {
  TempDir dir;
  std::string big_note(50u << 20, 'x');
  std::string ndjson =
      R"({"resourceType":"Condition","id":"dx","subject":{"reference":"Patient/p1"},"clinicalStatus":{"coding":[{"code":"active"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"86044005"}]},"onsetDateTime":"2025-01-01","note":[{"text":")" +
      big_note + "\"}]}\n";
  std::string path = dir.Write("big.ndjson", ndjson);
  ProcessResult run = RunAdapter({"evaluate", "--as-of", "2026-06-01", path});
  INFO(run.err.substr(0, 500));
  CHECK(run.exit_status == 0);
  CHECK(run.out.find("CarePlan?identifier=") != std::string::npos);
  // And a 50 MB line of garbage is a parse error naming the line, not a crash.
  std::string garbage = dir.Write("garbage.ndjson", "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n" + std::string(50u << 20, '{') + "\n");
  ProcessResult bad = RunAdapter({"evaluate", garbage});
  CHECK(bad.exit_status == 2);
  CHECK(bad.err.find("garbage.ndjson:2") != std::string::npos);
}

TEST_CASE("evaluate: usage errors exit 2", "[cli][evaluate]") {
  CHECK(RunAdapter({"evaluate"}).exit_status == 2);
  CHECK(RunAdapter({"evaluate", "--as-of", "June 1st", kSample}).exit_status == 2);
  CHECK(RunAdapter({"evaluate", "--bogus", kSample}).exit_status == 2);
  CHECK(RunAdapter({"frobnicate"}).exit_status == 2);
  ProcessResult help = RunAdapter({"--help"});
  CHECK(help.exit_status == 0);
  CHECK(help.out.find("evaluate") != std::string::npos);
}

TEST_CASE("rules lists the catalogue with citations", "[cli][rules]") {
  ProcessResult run = RunAdapter({"rules"});
  REQUIRE(run.exit_status == 0);
  CHECK(run.out.find("riluzole-offer") != std::string::npos);
  CHECK(run.out.find("000_2fbc9b5cc989d561.txt") != std::string::npos);
}

TEST_CASE("evaluate: parameter overrides name a bad key", "[cli][evaluate]") {
  TempDir dir;
  std::string params = dir.Write("params.json", R"({"shared": {"fvc_fresh_dayz": 30}})");
  ProcessResult run = RunAdapter({"evaluate", "--parameters", params, kSample});
  CHECK(run.exit_status == 2);
  CHECK(run.err.find("shared.fvc_fresh_dayz: unknown parameter") != std::string::npos);
}

}  // namespace
}  // namespace als::testing
