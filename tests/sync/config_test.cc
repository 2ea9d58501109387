#include <catch2/catch.hpp>

#include <filesystem>

#include "als/sync/config.h"
#include "testing/process.h"

namespace als::sync {
namespace {

TEST_CASE("The shipped example configurations load", "[sync][config]") {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(ALS_SOURCE_DIR) + "/examples")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    auto config = LoadSyncConfig(entry.path().string());
    CHECK(config.ok());
    if (!config.ok()) FAIL(config.error().ToString());
  }
}

TEST_CASE("Configuration errors name the file and the key", "[sync][config]") {
  testing::TempDir dir;
  struct Case {
    std::string json, expected;
  };
  std::vector<Case> cases = {
      {R"({"patients":"discover"})", "server: missing"},
      {R"({"server":{"base_url":"http://x/fhir"},"concurrency":0})", "concurrency: must be a whole number from 1 to 64"},
      {R"({"server":{"base_url":"http://x/fhir"},"patients":{"ids":[]}})", "patients.ids: must be a non-empty array"},
      {R"({"server":{"base_url":"http://x/fhir"},"patients":{"idz":["a"]}})", "patients.idz: unknown key"},
      {R"({"server":{"base_url":"http://x/fhir"},"parameters":{"niv-fvc-lt50":{"fvc_below":45}}})",
       "niv-fvc-lt50.fvc_below: unknown parameter"},
      {R"({"server":{"base_url":"http://x/fhir"},"parameters":{"no-such-rule":{}}})", "no-such-rule: not a rule id"},
      {R"({"server":{"base_url":"http://x/fhir"},"canonical_base":"als"})", "canonical_base: must be an absolute"},
      {R"({"server":{"base_url":"http://x/fhir"},"max_transaction_entries":1})", "max_transaction_entries"},
      {R"({"server":{"base_url":"http://x/fhir"},"patients_per_batch":0})", "patients_per_batch: must be a whole number from 1 to 50"},
      {R"({"server":{"base_url":"http://x/fhir"},"patients_per_batch":"4"})", "patients_per_batch"},
      {"{\"server\": {\n\"base_url\": }", "sync.json:2"},
  };
  for (const Case& c : cases) {
    std::string path = dir.Write("sync.json", c.json);
    auto config = LoadSyncConfig(path);
    INFO(c.json);
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().ToString().find(c.expected) != std::string::npos);
    CHECK(config.error().ToString().find("sync.json") != std::string::npos);
  }
}

TEST_CASE("Relative paths resolve against the configuration's folder", "[sync][config]") {
  testing::TempDir dir;
  std::string path = dir.Write("conf/sync.json", R"({"server":{"base_url":"http://x/fhir"},"ledger":"state/l.db","mappings":["site"]})");
  auto config = LoadSyncConfig(path);
  REQUIRE(config.ok());
  CHECK(config->ledger_path == dir.path() + "/conf/state/l.db");
  CHECK(config->mappings == std::vector<std::string>{dir.path() + "/conf/site"});
}

}  // namespace
}  // namespace als::sync
