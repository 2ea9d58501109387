// The generated transaction Bundles against the real local FHIR server: every
// resource passes its validation, and loading twice does not duplicate.
#include <catch2/catch.hpp>
#include <filesystem>

#include "als/generator/population_generator.h"
#include "client/test_server.h"
#include "testing/process.h"

namespace als::testing {
namespace {

namespace fs = std::filesystem;
using client::testing::TestServer;

constexpr uint64_t kSeed = 424242;

int64_t ObservationCount(httplib::Client& http, const std::string& patient_id) {
  httplib::Result result = http.Get(("/fhir/Observation?subject=Patient/" + patient_id + "&_summary=count").c_str());
  REQUIRE(result);
  REQUIRE(result->status == 200);
  return client::testing::Json(result->body)["total"].GetInt64();
}

void LoadBundles(httplib::Client& http, const std::string& directory) {
  for (const auto& entry : fs::directory_iterator(directory)) {
    httplib::Result result =
        http.Post("/fhir", client::testing::ReadFile(entry.path().string()), "application/fhir+json");
    INFO(entry.path().string());
    REQUIRE(result);
    INFO(result->body.substr(0, 600));
    CHECK(result->status == 200);
  }
}

TEST_CASE("Generated Bundles load into the FHIR server, and a second load duplicates nothing",
          "[generator][integration]") {
  const TestServer& server = TestServer::Get();
  TempDir dir;
  generator::GeneratorOptions options;
  options.patients = 6;
  options.seed = kSeed;
  options.format = generator::OutputFormat::kBundle;
  options.out_dir = dir.File("bundles");
  REQUIRE(generator::GeneratePopulation(options).ok());
  const generator::GeneratedPatient first = generator::GeneratePatient(options, 1);
  int64_t expected = 0;
  for (const auto& resource : first.resources) expected += resource.type == "Observation";

  httplib::Client http(server.http);
  http.set_read_timeout(60, 0);
  LoadBundles(http, options.out_dir);
  CHECK(ObservationCount(http, first.id) == expected);
  LoadBundles(http, options.out_dir);
  CHECK(ObservationCount(http, first.id) == expected);
}

}  // namespace
}  // namespace als::testing
