// Everything the adapter writes and publishes, validated by an independent
// validator: medplum's validateResource (@medplum/core) in the local FHIR
// server's /_admin/validate, against R4 and the project's own profiles, with
// code and required-binding checks against the R4, profiles/ and mappings/
// terminology (tests/fhir-server/validation.js). Issue 6.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "als/fhir/json.h"
#include "als/fhir/resources.h"
#include "als/output/write_set.h"
#include "testing/process.h"
#include "testing/test_server.h"

namespace als::testing {
namespace {

namespace fs = std::filesystem;

std::string Str(const rapidjson::Value& object, const char* name) { return std::string(fhir::StringOr(object, name)); }

rapidjson::Document ParseOrFail(const std::string& text, const std::string& what) {
  Result<rapidjson::Document> document = fhir::ParseJson(text, what);
  INFO(what << ": " << text.substr(0, 500));
  REQUIRE(document.ok());
  return std::move(document).value();
}

struct Validation {
  size_t resources = 0;
  std::vector<std::string> issues;  // "Flag/id: Flag.subject: Missing required property"
};

Validation Validate(const std::string& document) {
  Validation validation;
  validation.issues = TestServer::Get().Validate(document, &validation.resources);
  return validation;
}

// Issues, at most 20, for the failure message.
std::string FirstIssues(const Validation& validation) {
  std::string text;
  for (size_t i = 0; i < validation.issues.size() && i < 20; ++i) text += validation.issues[i] + "\n";
  return text;
}

// A collection Bundle of resources (JSON values).
std::string Collection(const std::vector<const rapidjson::Value*>& resources) {
  std::string bundle = R"({"resourceType":"Bundle","type":"collection","entry":[)";
  for (size_t i = 0; i < resources.size(); ++i) bundle += (i ? "," : "") + std::string(R"({"resource":)") + fhir::ToJson(*resources[i]) + "}";
  return bundle + "]}";
}

// Every resource of a search, following `next` links.
std::vector<std::string> SearchAll(const std::string& query) {
  const TestServer& server = TestServer::Get();
  std::vector<std::string> resources;
  std::string path = "/fhir/" + query;
  for (int page = 0; !path.empty() && page < 1000; ++page) {
    HttpReply reply = server.Request("GET", path);
    REQUIRE(reply.status == 200);
    rapidjson::Document bundle = ParseOrFail(reply.body, query);
    if (bundle.HasMember("entry")) {
      for (const auto& entry : bundle["entry"].GetArray()) resources.push_back(fhir::ToJson(entry["resource"]));
    }
    std::string next = fhir::BundleLink(bundle, "next");
    path = next.rfind(server.http(), 0) == 0 ? next.substr(server.http().size()) : next;
  }
  return resources;
}

// The seed of this test process's generated population, so that a rerun
// against the same server gets its own patient ids ("s<seed>-p000001").
int UniqueSeed() { return 10000 + static_cast<int>((getpid() * 7919L + std::time(nullptr)) % 80000); }

void Generate(const TempDir& dir, int patients, int seed, const std::string& format) {
  ProcessResult run = RunAdapter({"generate", "--patients", std::to_string(patients), "--seed", std::to_string(seed),
                                  "--as-of", "2026-06-01", "--format", format, "--out", dir.File("population")});
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
}

// Checks every resource of a transaction Bundle or a list of resources claims our profile.
void CheckClaimsProfile(const rapidjson::Value& resource) {
  output::OutputSettings defaults;
  std::string type = Str(resource, "resourceType");
  std::string expected = type == "CarePlan"     ? output::CarePlanProfile(defaults)
                         : type == "Flag"       ? output::FlagProfile(defaults)
                         : type == "Provenance" ? output::ProvenanceProfile(defaults)
                                                : "";
  INFO(type << " " << Str(resource, "id"));
  REQUIRE_FALSE(expected.empty());
  REQUIRE(resource.HasMember("meta"));
  const auto& profiles = resource["meta"]["profile"];
  CHECK(std::any_of(profiles.Begin(), profiles.End(), [&](const rapidjson::Value& p) { return p.GetString() == expected; }));
}

TEST_CASE("validator: the project's profiles are loaded into the validator", "[integration][conformance]") {
  HttpReply reply = TestServer::Get().Request("GET", "/_admin/profiles");
  REQUIRE(reply.status == 200);
  rapidjson::Document loaded = ParseOrFail(reply.body, "/_admin/profiles");
  std::set<std::string> urls;
  for (const auto& url : loaded["loaded"].GetArray()) urls.insert(url.GetString());
  output::OutputSettings defaults;
  for (const std::string& url : {output::CarePlanProfile(defaults), output::FlagProfile(defaults),
                                 output::ProvenanceProfile(defaults), output::ActivityPriorityExtension(defaults),
                                 output::ActivityEvidenceExtension(defaults)}) {
    CHECK(urls.count(url) == 1);
  }
  CHECK(loaded["failed"].MemberCount() == 0);
}

TEST_CASE("every file in profiles/ and mappings/ is valid R4", "[integration][conformance]") {
  std::vector<rapidjson::Document> documents;
  for (const char* folder : {"profiles", "mappings"}) {
    for (const auto& entry : fs::directory_iterator(std::string(ALS_SOURCE_DIR) + "/" + folder)) {
      if (entry.path().extension() != ".json") continue;
      documents.push_back(ParseOrFail(ReadFile(entry.path().string()), entry.path().string()));
    }
  }
  std::vector<const rapidjson::Value*> resources;
  for (const auto& document : documents) resources.push_back(&document);
  Validation validation = Validate(Collection(resources));
  INFO(FirstIssues(validation));
  CHECK(validation.resources == documents.size());
  CHECK(validation.resources > 100);
  CHECK(validation.issues.empty());
}

TEST_CASE("every resource `evaluate` writes for 300 generated patients is valid against R4 and the profiles",
          "[integration][conformance]") {
  TempDir dir;
  Generate(dir, 300, 20261122, "ndjson");
  ProcessResult run = RunAdapter({"evaluate", "--as-of", "2026-06-01", "--out", dir.File("out.json"), dir.File("population")});
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  std::string bundle = ReadFile(dir.File("out.json"));
  rapidjson::Document parsed = ParseOrFail(bundle, "evaluate output");
  std::map<std::string, size_t> by_type;
  for (const auto& entry : parsed["entry"].GetArray()) {
    ++by_type[Str(entry["resource"], "resourceType")];
    CheckClaimsProfile(entry["resource"]);
  }
  CHECK(by_type["CarePlan"] > 200);
  CHECK(by_type["Flag"] > 50);
  CHECK(by_type["Provenance"] == by_type["CarePlan"]);

  Validation validation = Validate(bundle);
  INFO(FirstIssues(validation));
  CHECK(validation.resources == parsed["entry"].Size());
  CHECK(validation.issues.empty());
}

TEST_CASE("every resource `sync` writes for 200 generated patients is valid against R4 and the profiles",
          "[integration][conformance]") {
  const TestServer& server = TestServer::Get();
  TempDir dir;
  const int seed = UniqueSeed();
  Generate(dir, 200, seed, "bundle");
  for (const auto& entry : fs::directory_iterator(dir.File("population"))) {
    HttpReply reply = server.Request("POST", "/fhir", ReadFile(entry.path().string()));
    INFO(entry.path().string() << ": " << reply.body.substr(0, 500));
    REQUIRE(reply.status == 200);
  }
  std::string ids;
  for (int i = 1; i <= 200; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "\"s%d-p%06d\"", seed, i);
    ids += (i > 1 ? "," : "") + std::string(id);
  }
  std::string config = dir.Write("sync.json", R"({"server":{"base_url":")" + server.fhir_base() +
                                                   R"("},"patients":{"ids":[)" + ids +
                                                   R"(]},"concurrency":4,"ledger":"ledger.db","max_transaction_entries":8})");
  ProcessResult sync = RunAdapter({"sync", "--config", config});
  INFO(sync.err.substr(0, 2000));
  REQUIRE(sync.exit_status == 0);
  CHECK(sync.out.find(" 0 failed") != std::string::npos);

  // Read back what the adapter wrote for these patients: CarePlans and Flags by
  // subject, and the Provenance naming them.
  const std::string subject_prefix = "Patient/s" + std::to_string(seed) + "-";
  std::vector<rapidjson::Document> written;
  std::set<std::string> targets;
  for (const char* type : {"CarePlan", "Flag"}) {
    for (const std::string& text : SearchAll(std::string(type) + "?_count=500")) {
      rapidjson::Document resource = ParseOrFail(text, type);
      if (Str(resource["subject"], "reference").rfind(subject_prefix, 0) != 0) continue;
      targets.insert(std::string(type) + "/" + Str(resource, "id"));
      written.push_back(std::move(resource));
    }
  }
  size_t careplans = 0, flags = 0, provenances = 0;
  for (const auto& resource : written) (Str(resource, "resourceType") == "CarePlan" ? careplans : flags)++;
  for (const std::string& text : SearchAll("Provenance?_count=500")) {
    rapidjson::Document resource = ParseOrFail(text, "Provenance");
    const auto& target = resource["target"];
    if (std::none_of(target.Begin(), target.End(),
                     [&](const rapidjson::Value& t) { return targets.count(Str(t, "reference")) > 0; })) {
      continue;
    }
    ++provenances;
    written.push_back(std::move(resource));
  }
  CHECK(careplans > 140);
  CHECK(flags > 30);
  CHECK(provenances >= careplans);

  std::vector<const rapidjson::Value*> resources;
  for (const auto& resource : written) {
    CheckClaimsProfile(resource);
    resources.push_back(&resource);
  }
  Validation validation = Validate(Collection(resources));
  INFO(FirstIssues(validation));
  CHECK(validation.resources == written.size());
  CHECK(validation.issues.empty());
}

// A deliberate defect in one resource of real evaluate output: the validator
// must reject it with the expected issue.
struct Defect {
  const char* name;
  const char* type;  // the resource to damage: CarePlan, Flag or Provenance
  std::function<void(rapidjson::Document&)> damage;
  const char* expected;  // part of the issue text
};

TEST_CASE("a deliberate defect in an output fails validation with an issue that names it", "[integration][conformance]") {
  ProcessResult run = RunAdapter(
      {"evaluate", "--as-of", "2026-06-01", std::string(ALS_SOURCE_DIR) + "/tests/fixtures/sample-patients.json"});
  REQUIRE(run.exit_status == 0);
  rapidjson::Document bundle = ParseOrFail(run.out, "evaluate output");
  std::map<std::string, std::string> originals;  // first resource of each type
  for (const auto& entry : bundle["entry"].GetArray()) {
    originals.emplace(Str(entry["resource"], "resourceType"), fhir::ToJson(entry["resource"]));
  }
  REQUIRE(originals.size() == 3);
  {
    // The undamaged originals are valid, so each issue below comes from its defect.
    rapidjson::Document a = ParseOrFail(originals["CarePlan"], "CarePlan");
    rapidjson::Document b = ParseOrFail(originals["Flag"], "Flag");
    rapidjson::Document c = ParseOrFail(originals["Provenance"], "Provenance");
    Validation clean = Validate(Collection({&a, &b, &c}));
    INFO(FirstIssues(clean));
    REQUIRE(clean.issues.empty());
  }
  auto set_string = [](rapidjson::Value& object, const char* name, const char* value, rapidjson::Document& d) {
    object.RemoveMember(name);
    object.AddMember(rapidjson::Value(name, d.GetAllocator()), rapidjson::Value(value, d.GetAllocator()), d.GetAllocator());
  };
  const std::vector<Defect> defects = {
      {"flag-without-subject", "Flag", [](auto& d) { d.RemoveMember("subject"); }, "Flag.subject: Missing required property"},
      {"flag-group-subject", "Flag", [&](auto& d) { set_string(d["subject"], "reference", "Group/g1", d); }, "als-flag-1"},
      {"flag-without-priority", "Flag", [](auto& d) { d["extension"].Erase(d["extension"].Begin()); }, "als-flag-3"},
      {"flag-unknown-rule", "Flag", [&](auto& d) { set_string(d["code"]["coding"][0], "code", "no-such-rule", d); },
       "Unknown code 'no-such-rule' in CodeSystem http://als-adapter.org/fhir/CodeSystem/als-guideline-rule"},
      {"flag-without-rule-coding", "Flag",
       [&](auto& d) { set_string(d["code"]["coding"][0], "system", "http://snomed.info/sct", d); },
       "slice 'rule': expected 1..1, but found 0"},
      {"flag-foreign-identifier", "Flag", [&](auto& d) { set_string(d["identifier"][0], "system", "urn:x", d); },
       "slice 'adapter': expected 1..1, but found 0"},
      {"flag-active-with-end", "Flag", [&](auto& d) { set_string(d["period"], "end", "2026-07-01", d); }, "als-flag-2"},
      {"flag-bad-status", "Flag", [&](auto& d) { set_string(d, "status", "open", d); },
       "Flag.status: Value not in the required ValueSet"},
      {"flag-bad-priority-code", "Flag",
       [&](auto& d) { set_string(d["extension"][0]["valueCodeableConcept"]["coding"][0], "code", "PX", d); },
       "Unknown code 'PX' in CodeSystem http://hl7.org/fhir/flag-priority-code"},
      {"careplan-without-canonical", "CarePlan", [](auto& d) { d.RemoveMember("instantiatesCanonical"); },
       "CarePlan.instantiatesCanonical: Missing required property"},
      {"careplan-order", "CarePlan", [&](auto& d) { set_string(d, "intent", "order", d); }, "als-careplan-3"},
      {"careplan-without-identifier", "CarePlan", [](auto& d) { d.RemoveMember("identifier"); },
       "CarePlan.identifier: Missing required property"},
      {"activity-without-reason", "CarePlan", [](auto& d) { d["activity"][0]["detail"].RemoveMember("reasonCode"); },
       "als-careplan-4"},
      {"activity-without-description", "CarePlan",
       [](auto& d) { d["activity"][0]["detail"].RemoveMember("description"); }, "als-careplan-4"},
      {"activity-unknown-action", "CarePlan",
       [&](auto& d) { set_string(d["activity"][0]["detail"]["code"]["coding"][0], "code", "zzz", d); },
       "Unknown code 'zzz' in CodeSystem http://als-adapter.org/fhir/CodeSystem/als-careplan-action"},
      {"activity-bad-priority", "CarePlan", [&](auto& d) { set_string(d["activity"][0]["detail"]["extension"][0], "valueCode", "whenever", d); },
       "valueCode: Value not in the required ValueSet http://hl7.org/fhir/ValueSet/request-priority"},
      {"activity-medication-as-reason", "CarePlan",
       [&](auto& d) { set_string(d["activity"][0]["detail"]["reasonReference"][0], "reference", "MedicationRequest/m1", d); },
       "Invalid reference: got \"MedicationRequest\""},
      {"provenance-foreign-agent", "Provenance",
       [&](auto& d) { set_string(d["agent"][0]["who"]["identifier"], "system", "urn:x", d); }, "als-provenance-1"},
  };
  for (const Defect& defect : defects) {
    rapidjson::Document resource = ParseOrFail(originals[defect.type], defect.type);
    defect.damage(resource);
    set_string(resource, "id", defect.name, resource);
    Validation validation = Validate(fhir::ToJson(resource));
    INFO(defect.name << ": " << FirstIssues(validation));
    CHECK(std::any_of(validation.issues.begin(), validation.issues.end(), [&](const std::string& issue) {
      return issue.rfind(std::string(defect.type) + "/" + defect.name + ": ", 0) == 0 &&
             issue.find(defect.expected) != std::string::npos;
    }));
  }
}

}  // namespace
}  // namespace als::testing
