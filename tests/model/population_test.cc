#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "als/fhir/json.h"
#include "als/model/population.h"
#include "testing/process.h"

namespace als::model {
namespace {

using testing::TempDir;

// Writes a small Bulk Data style export: one NDJSON file per type.
std::vector<std::string> WriteExport(const TempDir& dir, int patients) {
  std::string patient_lines, observation_lines, condition_lines, medication_lines, request_lines;
  for (int p = 0; p < patients; ++p) {
    std::string id = "p" + std::to_string(p);
    patient_lines += R"({"resourceType":"Patient","id":")" + id + "\"}\n";
    for (int o = 0; o < p % 5 + 1; ++o) {
      observation_lines += R"({"resourceType":"Observation","id":")" + id + "-o" + std::to_string(o) +
                           R"(","subject":{"reference":"Patient/)" + id + "\"}}\n";
    }
    condition_lines += R"({"resourceType":"Condition","id":")" + id + R"(-c","subject":{"reference":"Patient/)" +
                       id + "\"}}\n";
    medication_lines += R"({"resourceType":"Medication","id":"m)" + std::to_string(p) + "\"}\n";
    request_lines += R"({"resourceType":"MedicationRequest","id":")" + id +
                     R"(-rx","subject":{"reference":"Patient/)" + id +
                     R"("},"medicationReference":{"reference":"Medication/m)" + std::to_string(p) + "\"}}\n";
  }
  condition_lines += R"({"resourceType":"Condition","id":"orphan"})" "\n";
  patient_lines += R"({"resourceType":"Patient"})" "\n";
  return {dir.Write("Condition.ndjson", condition_lines), dir.Write("Medication.ndjson", medication_lines),
          dir.Write("MedicationRequest.ndjson", request_lines), dir.Write("Observation.ndjson", observation_lines),
          dir.Write("Patient.ndjson", patient_lines)};
}

// One line per patient: "id: origin resource-id, origin resource-id, ... | resolved medication ids".
std::string Describe(const std::string& patient, const std::vector<SourcedResource>& resources,
                     const ResourceResolver& resolver) {
  std::string line = patient + ":";
  for (const SourcedResource& resource : resources) {
    line += " " + resource.origin + " " + std::string(fhir::StringOr(*resource.json, "id")) + ",";
    if (const rapidjson::Value* medication = fhir::Member(*resource.json, "medicationReference")) {
      const rapidjson::Value* resolved = resolver.Resolve(fhir::StringOr(*medication, "reference"));
      line += resolved ? " -> " + std::string(fhir::StringOr(*resolved, "id")) : " -> (none)";
    }
  }
  return line;
}

std::vector<std::string> Sequential(const Population& population) {
  std::vector<std::string> lines;
  Status status = population.ForEachPatient(
      [&](const std::string& patient, const std::vector<SourcedResource>& resources, const ResourceResolver& resolver) {
        lines.push_back(Describe(patient, resources, resolver));
        return Status::Ok();
      });
  REQUIRE(status.ok());
  return lines;
}

std::vector<std::string> Parallel(const Population& population, int threads) {
  std::mutex mutex;
  std::map<size_t, std::vector<std::string>> pending;
  std::vector<std::string> lines;
  size_t next_batch = 0;
  Status status = population.ForEachPatient(
      threads,
      [&](size_t batch, const std::string& patient, const std::vector<SourcedResource>& resources,
          const ResourceResolver& resolver) {
        std::string line = Describe(patient, resources, resolver);
        std::lock_guard<std::mutex> lock(mutex);
        pending[batch].push_back(line);
        return Status::Ok();
      },
      [&](size_t batch) {
        CHECK(batch == next_batch++);
        std::lock_guard<std::mutex> lock(mutex);
        for (const std::string& line : pending[batch]) lines.push_back(line);
        pending.erase(batch);
        return Status::Ok();
      });
  REQUIRE(status.ok());
  return lines;
}

TEST_CASE("Population: patients grouped across files, in input order, the same for any thread count",
          "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 60);
  PopulationOptions in_memory;
  auto small = Population::Read({dir.path()}, in_memory);
  REQUIRE(small.ok());
  CHECK((*small)->stats().partitions == 1);
  CHECK((*small)->stats().resources == 422);
  CHECK((*small)->stats().resources_by_type.at("Observation") == 180);
  CHECK((*small)->stats().unlinked_by_type.at("Condition") == 1);
  REQUIRE((*small)->warnings().size() == 1);
  CHECK((*small)->warnings()[0].where == files[4] + ":61");
  std::vector<std::string> reference = Sequential(**small);
  REQUIRE(reference.size() == 60);
  // Sorted by id in one partition; each patient's resources in input order (files sorted by name).
  CHECK(reference[0] == "p0: " + files[0] + ":1 p0-c, " + files[2] + ":1 p0-rx, -> m0 " + files[3] + ":1 p0-o0, " +
                           files[4] + ":1 p0,");

  for (int threads : {1, 2, 3}) {
    for (bool compressed : {true, false}) {
      PopulationOptions spilled;
      spilled.partition_bytes = 700;  // many partitions in temporary files
      spilled.threads = threads;
      spilled.chunk_bytes = 300;
      spilled.compress_above_bytes = compressed ? 0 : UINT64_MAX;
      auto population = Population::Read(files, spilled);
      REQUIRE(population.ok());
      INFO("threads " << threads << ", compressed " << compressed);
      CHECK((*population)->stats().partitions > 10);
      // Pass 2 loads runs of partitions of at most partition_bytes (partitions are about half that).
      CHECK((*population)->stats().units < (*population)->stats().partitions);
      CHECK((*population)->stats().units * spilled.partition_bytes >= (*population)->stats().input_bytes);
      CHECK((*population)->stats().resources == (*small)->stats().resources);
      CHECK((*population)->warnings().size() == 1);
      std::vector<std::string> sequential = Sequential(**population);
      CHECK(std::multiset<std::string>(sequential.begin(), sequential.end()) ==
            std::multiset<std::string>(reference.begin(), reference.end()));
      CHECK(Parallel(**population, threads) == sequential);
      CHECK(Parallel(**population, 4) == sequential);
    }
  }
}

TEST_CASE("Population: referenced resources are found by key and URL; the last duplicate wins", "[model][population]") {
  TempDir dir;
  std::string medications = R"({"resourceType":"Medication","id":"dup","code":{"text":"first"}})" "\n";
  for (int i = 0; i < 300; ++i) {
    medications += R"({"resourceType":"Medication","id":"m)" + std::to_string(i) + R"(","code":{"text":"t)" +
                   std::to_string(i) + "\"}}\n";
  }
  medications += R"({"resourceType":"Medication","id":"dup","code":{"text":"second"}})" "\n";
  dir.Write("A-Medication.ndjson", medications);
  std::string requests;
  for (const char* reference : {"Medication/m7", "Medication/dup", "https://ehr.example.org/fhir/Medication/m299",
                                "Medication/absent", "Medication/m7", "urn:uuid:6f1e2a3c-0000-4000-8000-000000000001"}) {
    requests += R"({"resourceType":"MedicationRequest","subject":{"reference":"Patient/p1"},)"
                R"("medicationReference":{"reference":")" + std::string(reference) + "\"}}\n";
  }
  dir.Write("B-MedicationRequest.ndjson", requests);
  dir.Write("C-Bundle.json", R"({"resourceType":"Bundle","type":"collection","entry":[)"
                             R"({"fullUrl":"urn:uuid:6f1e2a3c-0000-4000-8000-000000000001",)"
                             R"("resource":{"resourceType":"Medication","code":{"text":"from the bundle"}}}]})");

  auto resolved_texts = [](const Population& population) {
    std::vector<std::string> texts;
    Status status = population.ForEachPatient(
        [&](const std::string&, const std::vector<SourcedResource>& resources, const ResourceResolver& resolver) {
          for (const SourcedResource& resource : resources) {
            const rapidjson::Value* reference = fhir::Member(*resource.json, "medicationReference");
            if (reference == nullptr) continue;
            const rapidjson::Value* medication = resolver.Resolve(fhir::StringOr(*reference, "reference"));
            const rapidjson::Value* code = medication ? fhir::Member(*medication, "code") : nullptr;
            texts.push_back(code ? std::string(fhir::StringOr(*code, "text")) : "(none)");
          }
          return Status::Ok();
        });
    REQUIRE(status.ok());
    return texts;
  };
  const std::vector<std::string> expected = {"t7", "second", "t299", "(none)", "t7", "from the bundle"};
  PopulationOptions in_memory;
  auto small = Population::Read({dir.path()}, in_memory);
  REQUIRE(small.ok());
  CHECK((*small)->stats().partitions == 1);
  CHECK(resolved_texts(**small) == expected);
  PopulationOptions spilled;
  spilled.partition_bytes = 200;  // the referenced resources and their keys in a temporary file
  spilled.threads = 2;
  spilled.chunk_bytes = 300;
  auto population = Population::Read({dir.path()}, spilled);
  REQUIRE(population.ok());
  CHECK((*population)->stats().partitions > 1);
  CHECK(resolved_texts(**population) == expected);
}

TEST_CASE("Population: one_pass frees the partitions in pass 2, which then cannot run again", "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 30);
  PopulationOptions options;
  options.partition_bytes = 500;
  options.one_pass = true;
  auto population = Population::Read(files, options);
  REQUIRE(population.ok());
  CHECK(Parallel(**population, 2).size() == 30);
  Status again = (*population)->ForEachPatient(
      [](const std::string&, const std::vector<SourcedResource>&, const ResourceResolver&) { return Status::Ok(); });
  CHECK_FALSE(again.ok());
}

TEST_CASE("Population: a low limit on open files is raised for the partitions", "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 200);
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < 2000) {
    WARN("skipped: the hard limit on open files (" << saved.rlim_max << ") is below 2000, so it cannot be raised here");
    return;
  }
  rlimit low = saved;
  low.rlim_cur = 300;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  PopulationOptions options;
  options.partition_bytes = 60;  // thousands of partitions
  auto population = Population::Read(files, options);
  rlimit after{};
  ::getrlimit(RLIMIT_NOFILE, &after);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  REQUIRE(population.ok());
  CHECK((*population)->stats().partitions > 300);
  CHECK(after.rlim_cur >= (*population)->stats().partitions);
  CHECK(Sequential(**population).size() == 200);
}

// Reads `files` into partitions in temporary files under `dir`/tmp, applies
// `change` to each partition file's bytes between the passes, and returns pass 2's status.
Status PassTwoAfterChange(const TempDir& dir, const std::vector<std::string>& files, bool compressed,
                          const std::function<void(std::string*)>& change) {
  std::filesystem::create_directories(dir.path() + "/tmp");
  PopulationOptions options;
  options.partition_bytes = 700;
  options.temp_directory = dir.path() + "/tmp";
  options.compress_above_bytes = compressed ? 0 : UINT64_MAX;
  auto population = Population::Read(files, options);
  REQUIRE(population.ok());
  size_t changed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(options.temp_directory)) {
    if (entry.path().filename().string().rfind("partition-", 0) != 0) continue;
    std::string bytes = testing::ReadFile(entry.path().string());
    change(&bytes);
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
    ++changed;
  }
  REQUIRE(changed > 0);
  return (*population)->ForEachPatient(
      [](const std::string&, const std::vector<SourcedResource>&, const ResourceResolver&) { return Status::Ok(); });
}

TEST_CASE("Population: a temporary file changed between the passes stops pass 2 with the resource's origin",
          "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 40);
  Status status = PassTwoAfterChange(dir, files, false, [](std::string* bytes) {
    for (char& c : *bytes) {
      if (c == '{') c = '#';
    }
  });
  REQUIRE_FALSE(status.ok());
  CHECK_THAT(status.error().ToString(), Catch::Contains("no longer parses") && Catch::Contains(".ndjson:"));
}

TEST_CASE("Population: a damaged temporary file stops pass 2 naming the file, never reading past its data",
          "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 40);
  const std::map<std::string, std::function<void(std::string*)>> changes = {
      {"cut short", [](std::string* bytes) { bytes->resize(bytes->size() > 3 ? bytes->size() - 3 : 0); }},
      {"emptied", [](std::string* bytes) { bytes->clear(); }},
      {"sizes overwritten", [](std::string* bytes) { std::fill_n(bytes->begin(), std::min<size_t>(bytes->size(), 4), '\xff'); }},
  };
  for (bool compressed : {true, false}) {
    for (const auto& [name, change] : changes) {
      INFO(name << ", compressed " << compressed);
      Status status = PassTwoAfterChange(dir, files, compressed, change);
      REQUIRE_FALSE(status.ok());
      CHECK_THAT(status.error().ToString(), Catch::Contains("/partition-") && Catch::Contains("changed or damaged"));
    }
  }
}

TEST_CASE("Population: compressed temporary files hold the same resources, in fewer bytes", "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 300);
  std::map<bool, uint64_t> stored;
  std::map<bool, std::vector<std::string>> seen;
  for (bool compressed : {true, false}) {
    std::string temp = dir.path() + (compressed ? "/tmp-compressed" : "/tmp-plain");
    std::filesystem::create_directories(temp);
    PopulationOptions options;
    options.partition_bytes = 4000;
    options.temp_directory = temp;
    options.compress_above_bytes = compressed ? 0 : UINT64_MAX;
    auto population = Population::Read(files, options);
    REQUIRE(population.ok());
    CHECK((*population)->stats().compressed == compressed);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(temp)) {
      if (entry.path().filename().string().rfind("partition-", 0) == 0) stored[compressed] += entry.file_size();
    }
    seen[compressed] = Sequential(**population);
  }
  CHECK(seen[true].size() == 300);
  CHECK(seen[true] == seen[false]);
  CHECK(stored[true] * 2 < stored[false]);
}

TEST_CASE("Population: a malformed line stops the read and names its line", "[model][population]") {
  TempDir dir;
  std::vector<std::string> files = WriteExport(dir, 40);
  std::string bad = dir.Write("Zzz.ndjson", R"({"resourceType":"Patient","id":"z"})" "\n{\"resourceType\":\n");
  PopulationOptions options;
  options.threads = 2;
  options.chunk_bytes = 100;
  options.partition_bytes = 1000;
  auto population = Population::Read({dir.path()}, options);
  REQUIRE_FALSE(population.ok());
  CHECK(population.error().location == bad + ":2");
}

}  // namespace
}  // namespace als::model
