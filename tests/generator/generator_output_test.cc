// The generator's files: NDJSON split by resource type, transaction Bundles of
// PUTs with stable ids, byte-identical reruns, and the command line.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "als/generator/population_generator.h"
#include "generator/generated_json.h"
#include "testing/process.h"

namespace als::testing {
namespace {

namespace fs = std::filesystem;
using generator::GeneratorOptions;
using generator::OutputFormat;

GeneratorOptions Options(const std::string& out_dir, OutputFormat format, uint64_t seed = 11) {
  GeneratorOptions options;
  options.patients = 40;
  options.seed = seed;
  options.format = format;
  options.out_dir = out_dir;
  return options;
}

// File name -> content, for every file in `directory`.
std::map<std::string, std::string> ReadDirectory(const std::string& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    files[entry.path().filename().string()] = ReadFile(entry.path().string());
  }
  return files;
}

TEST_CASE("NDJSON: one file per resource type, as a Bulk Data export writes them", "[generator]") {
  TempDir dir;
  GeneratorOptions options = Options(dir.File("ndjson"), OutputFormat::kNdjson);
  auto summary = generator::GeneratePopulation(options);
  REQUIRE(summary.ok());
  const std::map<std::string, std::string> files = ReadDirectory(options.out_dir);
  CHECK(files.size() == summary->resources_by_type.size());
  CHECK(summary->files == files.size());
  for (const auto& [type, count] : summary->resources_by_type) {
    INFO(type);
    REQUIRE(files.count(type + ".ndjson") == 1);
    std::vector<std::string> lines = Lines(files.at(type + ".ndjson"));
    CHECK(lines.size() == count);
    std::set<std::string> patients;
    for (const std::string& line : lines) {
      rapidjson::Document json = ParseJson(line);
      REQUIRE_FALSE(json.HasParseError());
      CHECK(std::string(json["resourceType"].GetString()) == type);
      patients.insert(std::string(json["id"].GetString()).substr(0, 11));  // "s11-p000001"
    }
    if (type == "Observation" || type == "Patient") CHECK(patients.size() > 30);  // many patients in one file
  }
  CHECK(Lines(files.at("Patient.ndjson")).size() == 40);
  CHECK_FALSE(fs::exists(options.out_dir + ".partial"));
}

TEST_CASE("Same seed: byte-identical files; another seed: different", "[generator]") {
  TempDir dir;
  for (OutputFormat format : {OutputFormat::kNdjson, OutputFormat::kBundle}) {
    const std::string suffix = format == OutputFormat::kNdjson ? "-ndjson" : "-bundle";
    REQUIRE(generator::GeneratePopulation(Options(dir.File("a" + suffix), format)).ok());
    REQUIRE(generator::GeneratePopulation(Options(dir.File("b" + suffix), format)).ok());
    REQUIRE(generator::GeneratePopulation(Options(dir.File("c" + suffix), format, 12)).ok());
    CHECK(ReadDirectory(dir.File("a" + suffix)) == ReadDirectory(dir.File("b" + suffix)));
    CHECK(ReadDirectory(dir.File("a" + suffix)) != ReadDirectory(dir.File("c" + suffix)));
  }
}

TEST_CASE("Bundles: transactions of PUT Type/id, at most 50 entries, every resource once", "[generator]") {
  TempDir dir;
  GeneratorOptions options = Options(dir.File("bundles"), OutputFormat::kBundle);
  auto summary = generator::GeneratePopulation(options);
  REQUIRE(summary.ok());
  const std::map<std::string, std::string> files = ReadDirectory(options.out_dir);
  CHECK(files.size() == summary->files);
  CHECK(files.count("bundle-000001.json") == 1);
  std::set<std::string> urls;
  for (const auto& [name, text] : files) {
    INFO(name);
    rapidjson::Document bundle = ParseJson(text);
    REQUIRE_FALSE(bundle.HasParseError());
    CHECK(std::string(bundle["type"].GetString()) == "transaction");
    CHECK(bundle["entry"].Size() <= options.bundle_max_entries);
    for (const auto& entry : bundle["entry"].GetArray()) {
      const std::string url = entry["request"]["url"].GetString();
      CHECK(std::string(entry["request"]["method"].GetString()) == "PUT");
      CHECK(url ==
            std::string(entry["resource"]["resourceType"].GetString()) + "/" + entry["resource"]["id"].GetString());
      CHECK(urls.insert(url).second);
    }
  }
  CHECK(urls.size() == summary->resources);
  CHECK(urls.count("Patient/s11-p000001") == 1);

  options.out_dir = dir.File("one-per-patient");
  options.bundle_max_entries = 0;
  auto unsplit = generator::GeneratePopulation(options);
  REQUIRE(unsplit.ok());
  CHECK(unsplit->files == 40);
}

TEST_CASE("The output directory must be new or empty", "[generator]") {
  TempDir dir;
  dir.Write("used/keep.txt", "x");
  auto result = generator::GeneratePopulation(Options(dir.File("used"), OutputFormat::kNdjson));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == ErrorCode::kInvalidArgument);
  CHECK(ReadFile(dir.File("used/keep.txt")) == "x");
  fs::create_directories(dir.File("empty"));
  CHECK(generator::GeneratePopulation(Options(dir.File("empty"), OutputFormat::kNdjson)).ok());
  // A trailing slash names the same directory; the staging directory is its sibling.
  CHECK(generator::GeneratePopulation(Options(dir.File("slash") + "/", OutputFormat::kNdjson)).ok());
  CHECK(fs::exists(dir.File("slash/Patient.ndjson")));
  CHECK_FALSE(fs::exists(dir.File("slash.partial")));
}

TEST_CASE("generate command: summary on stdout, usage errors exit 2", "[generator][cli]") {
  TempDir dir;
  ProcessResult run = RunAdapter({"generate", "--patients", "12", "--seed", "3", "--as-of", "2026-01-15", "--format",
                                  "bundle", "--out", dir.File("out")});
  INFO(run.err);
  CHECK(run.exit_status == 0);
  CHECK(run.out.find("generate: 12 patients") != std::string::npos);
  CHECK(fs::exists(dir.File("out/bundle-000001.json")));

  const std::vector<std::pair<std::vector<std::string>, std::string>> usage_errors = {
      {{"generate", "--out", dir.File("x")}, "--patients is required"},
      {{"generate", "--patients", "10"}, "--out is required"},
      {{"generate", "--patients", "ten", "--out", dir.File("x")}, "--patients"},
      {{"generate", "--patients", "10", "--format", "csv", "--out", dir.File("x")}, "--format"},
      {{"generate", "--patients", "10", "--as-of", "2026-13-01", "--out", dir.File("x")}, "--as-of"},
      {{"generate", "--patients", "10", "--bad-fraction", "1.5", "--out", dir.File("x")}, "--bad-fraction"},
      {{"generate", "--patients", "10", "--colour", "red", "--out", dir.File("x")}, "unknown option"},
      {{"generate", "--patients", "10", "--out", dir.File("out")}, "not an empty directory"},
  };
  for (const auto& [args, message] : usage_errors) {
    ProcessResult failed = RunAdapter(args);
    INFO(args.back() << ": " << failed.err);
    CHECK(failed.exit_status == 2);
    CHECK(failed.err.find(message) != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.File("x")));
}

}  // namespace
}  // namespace als::testing
