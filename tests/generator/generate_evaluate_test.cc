// End to end: `als-adapter generate` then `als-adapter evaluate` on the NDJSON
// directory, as a Bulk Data export would be processed.
#include <catch2/catch.hpp>
#include <set>

#include "generator/generated_json.h"
#include "testing/process.h"

namespace als::testing {
namespace {

constexpr char kAsOf[] = "2026-03-15";

bool CodedAs(const rapidjson::Value& concept_value, const std::set<std::string>& codes) {
  if (!concept_value.HasMember("coding")) return false;
  for (const auto& coding : concept_value["coding"].GetArray()) {
    if (codes.count(coding["code"].GetString()) > 0) return true;
  }
  return false;
}

std::string StatusCode(const rapidjson::Value& condition, const char* element) {
  if (!condition.HasMember(element)) return "";
  return condition[element]["coding"][0]["code"].GetString();
}

// Patients with an active, confirmed ALS Condition (SNOMED 86044005 or ICD-10-CM G12.21), read from the output.
std::set<std::string> AlsPatients(const std::string& condition_ndjson) {
  std::set<std::string> patients;
  for (const std::string& line : Lines(condition_ndjson)) {
    rapidjson::Document condition = ParseJson(line);
    if (CodedAs(condition["code"], {"86044005", "G12.21"}) && StatusCode(condition, "clinicalStatus") == "active" &&
        StatusCode(condition, "verificationStatus") == "confirmed") {
      patients.insert(condition["subject"]["reference"].GetString());
    }
  }
  return patients;
}

std::set<std::string> AllPatients(const std::string& patient_ndjson) {
  std::set<std::string> patients;
  for (const std::string& line : Lines(patient_ndjson)) {
    patients.insert("Patient/" + std::string(ParseJson(line)["id"].GetString()));
  }
  return patients;
}

// The subject of every entry of the transaction Bundle, by resource type.
std::multiset<std::string> Subjects(const rapidjson::Document& bundle, const std::string& type) {
  std::multiset<std::string> subjects;
  if (!bundle.HasMember("entry")) return subjects;
  for (const auto& entry : bundle["entry"].GetArray()) {
    const rapidjson::Value& resource = entry["resource"];
    if (resource["resourceType"].GetString() == type) subjects.insert(resource["subject"]["reference"].GetString());
  }
  return subjects;
}

TEST_CASE("generate then evaluate: one CarePlan per ALS patient, nothing for the others", "[generator][cli]") {
  TempDir dir;
  const std::string data = dir.File("export");
  ProcessResult generated =
      RunAdapter({"generate", "--patients", "150", "--seed", "2024", "--as-of", kAsOf, "--out", data});
  INFO(generated.err);
  REQUIRE(generated.exit_status == 0);

  ProcessResult evaluated = RunAdapter({"evaluate", "--as-of", kAsOf, "--out", dir.File("plan.json"), data});
  INFO(evaluated.err);
  CHECK(evaluated.exit_status == 0);
  CHECK(evaluated.err.find("warning") == std::string::npos);
  rapidjson::Document bundle = ParseJson(ReadFile(dir.File("plan.json")));
  REQUIRE_FALSE(bundle.HasParseError());

  const std::set<std::string> als = AlsPatients(ReadFile(data + "/Condition.ndjson"));
  const std::set<std::string> everyone = AllPatients(ReadFile(data + "/Patient.ndjson"));
  REQUIRE(everyone.size() == 150);
  CHECK(als.size() > 100);
  CHECK(als.size() < everyone.size());

  const std::multiset<std::string> careplans = Subjects(bundle, "CarePlan");
  CHECK(std::set<std::string>(careplans.begin(), careplans.end()) == als);
  CHECK(careplans.size() == als.size());
  for (const std::string& subject : Subjects(bundle, "Flag")) {
    INFO(subject);
    CHECK(als.count(subject) == 1);
  }
}

TEST_CASE("generate --bad-fraction: evaluate names the unusable resources and exits 1", "[generator][cli]") {
  TempDir dir;
  const std::string data = dir.File("export");
  ProcessResult generated = RunAdapter(
      {"generate", "--patients", "40", "--seed", "5", "--as-of", kAsOf, "--bad-fraction", "0.02", "--out", data});
  INFO(generated.err);
  REQUIRE(generated.exit_status == 0);
  CHECK(generated.out.find("deliberately unusable") != std::string::npos);

  ProcessResult evaluated = RunAdapter({"evaluate", "--as-of", kAsOf, "--out", dir.File("plan.json"), data});
  INFO(evaluated.err);
  CHECK(evaluated.exit_status == 1);
  CHECK(evaluated.err.find("furlong") != std::string::npos);
  CHECK(evaluated.err.find("Observation/s5-p0000") != std::string::npos);
}

}  // namespace
}  // namespace als::testing
