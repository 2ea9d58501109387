#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <atomic>
#include <thread>
#include <vector>

#include "als/fhir/json.h"
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

// An adapter resource as a server returns it: with the id (first) and the meta it adds.
std::string AsStored(const std::string& resource, const std::string& id) {
  rapidjson::Document written;
  written.Parse(resource.c_str());
  rapidjson::Document stored(rapidjson::kObjectType);
  auto& allocator = stored.GetAllocator();
  stored.AddMember("id", rapidjson::Value(id.c_str(), allocator), allocator);
  for (auto& member : written.GetObject()) {
    stored.AddMember(rapidjson::Value(member.name, allocator), rapidjson::Value(member.value, allocator), allocator);
  }
  stored["meta"].AddMember("versionId", "7", allocator);
  stored["meta"].AddMember("lastUpdated", "2026-06-01T10:00:00Z", allocator);
  return fhir::ToJson(stored);
}

// A patient whose write set has a CarePlan and Flags.
Vignette PatientWithOutputs() {
  Vignette v;
  v.Als("2025-01-01").Fvc(46, "2026-05-02").Weight(80, "2025-01-10").Weight(68, "2026-05-20");
  return v;
}

TEST_CASE("Outputs the server holds unchanged are not written again", "[output]") {
  Vignette v = PatientWithOutputs();
  output::PatientWriteSet first = v.WriteSet("2026-06-01");
  size_t flags = 0;
  for (const auto& entry : first.entries) {
    if (entry.resource_type == "Provenance") continue;
    flags += entry.resource_type == "Flag";
    v.Raw(AsStored(entry.resource, "id-" + std::to_string(flags)));
  }
  REQUIRE(flags > 0);
  output::PatientWriteSet second = v.WriteSet("2026-06-01");
  CHECK(second.entries.empty());
  CHECK(second.unchanged == flags + 1);
}

TEST_CASE("A Flag the adapter retired is raised again when its rule fires; one a clinician closed is not", "[output]") {
  const output::WriteEntry* firing = nullptr;
  output::PatientWriteSet first = PatientWithOutputs().WriteSet("2026-06-01");
  for (const auto& entry : first.entries) {
    if (entry.resource_type == "Flag") firing = &entry;
  }
  REQUIRE(firing != nullptr);
  // The Flag as stored, inactive, with the retired tag in `tag_system` (none if empty).
  auto inactive = [&](const std::string& tag_system) {
    rapidjson::Document stored;
    stored.Parse(AsStored(firing->resource, "f1").c_str());
    auto& allocator = stored.GetAllocator();
    stored["status"].SetString("inactive");
    if (!tag_system.empty()) {
      rapidjson::Value tag(rapidjson::kObjectType);
      tag.AddMember("system", rapidjson::Value(tag_system.c_str(), allocator), allocator);
      tag.AddMember("code", rapidjson::StringRef(output::kRetiredTag), allocator);
      rapidjson::Value tags(rapidjson::kArrayType);
      tags.PushBack(tag, allocator);
      stored["meta"].AddMember("tag", tags, allocator);
    }
    return fhir::ToJson(stored);
  };
  const std::string adapter_system = output::AdapterTagSystem(output::OutputSettings{});
  for (const auto& [tag_system, raised_again] :
       std::vector<std::pair<std::string, bool>>{{adapter_system, true}, {"http://example.org/site-tags", false}, {"", false}}) {
    INFO("tag system: " << tag_system);
    Vignette v = PatientWithOutputs();
    v.Raw(inactive(tag_system));
    output::PatientWriteSet second = v.WriteSet("2026-06-01");
    const output::WriteEntry* rewritten = nullptr;
    for (const auto& entry : second.entries) {
      if (entry.url == firing->url) rewritten = &entry;
    }
    REQUIRE((rewritten != nullptr) == raised_again);
    if (rewritten == nullptr) continue;
    rapidjson::Document flag;
    flag.Parse(rewritten->resource.c_str());
    CHECK(std::string(flag["status"].GetString()) == "active");
    CHECK(rewritten->if_match == "W/\"7\"");
  }
}

TEST_CASE("A rewritten CarePlan keeps the clinician's activity status and progress", "[output]") {
  Vignette v = PatientWithOutputs();
  output::PatientWriteSet first = v.WriteSet("2026-06-01");
  REQUIRE(first.entries[0].resource_type == "CarePlan");
  rapidjson::Document careplan;
  careplan.Parse(AsStored(first.entries[0].resource, "cp").c_str());
  auto& allocator = careplan.GetAllocator();
  careplan["title"] = "an older title";  // so that the CarePlan is rewritten
  rapidjson::Value& activity = careplan["activity"][0];
  std::string action = activity["detail"]["code"]["coding"][0]["code"].GetString();
  activity["detail"]["status"] = "in-progress";
  rapidjson::Document progress;
  progress.Parse(R"([{"text":"Referral sent"}])");
  activity.AddMember("progress", rapidjson::Value(progress, allocator), allocator);
  v.Raw(fhir::ToJson(careplan));

  output::PatientWriteSet second = v.WriteSet("2026-06-01");
  REQUIRE_FALSE(second.entries.empty());
  REQUIRE(second.entries[0].resource_type == "CarePlan");
  CHECK(second.entries[0].if_match == "W/\"7\"");
  rapidjson::Document rewritten;
  rewritten.Parse(second.entries[0].resource.c_str());
  bool found = false;
  for (const auto& written : rewritten["activity"].GetArray()) {
    if (std::string(written["detail"]["code"]["coding"][0]["code"].GetString()) != action) continue;
    found = true;
    CHECK(std::string(written["detail"]["status"].GetString()) == "in-progress");
    CHECK(fhir::ToJson(written["progress"]) == R"([{"text":"Referral sent"}])");
  }
  CHECK(found);
}

TEST_CASE("A transaction Bundle's text is what parsing and writing it again gives", "[output]") {
  // sync sends TransactionBundle's text as it is, where it used to send it parsed and written again.
  output::PatientWriteSet write_set = PatientWithOutputs().WriteSet("2026-06-01");
  std::string bundle = output::TransactionBundle(write_set);
  rapidjson::Document parsed;
  parsed.Parse(bundle.c_str());
  REQUIRE_FALSE(parsed.HasParseError());
  CHECK(fhir::ToJson(parsed) == bundle);
}

TEST_CASE("StableUrn is the name-based UUID (SHA-1, version 5) of its name, the same on every run", "[output]") {
  // Expected values from Python: hashlib.sha1(name).digest()[:16] with the version and variant bits set.
  CHECK(output::StableUrn("http://als-adapter.org/fhir/sid/careplan|s42-p000001") ==
        "urn:uuid:e08ccaa4-c4d0-5199-941d-66868f9c9c1d");
  CHECK(output::StableUrn("") == "urn:uuid:da39a3ee-5e6b-5b0d-b255-bfef95601890");
  // From several threads at once (the sync's workers), as from one.
  std::vector<std::thread> workers;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&mismatches] {
      for (int i = 0; i < 200; ++i) {
        if (output::StableUrn("") != "urn:uuid:da39a3ee-5e6b-5b0d-b255-bfef95601890") ++mismatches;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  CHECK(mismatches == 0);
}

}  // namespace
}  // namespace als::testing
