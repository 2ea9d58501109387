// ReadPatient against the local FHIR server: how many round trips a patient
// costs, and that batching changes nothing in what is read.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <ctime>
#include <string>
#include <vector>

#include "als/client/fhir_client.h"
#include "als/fhir/json.h"
#include "als/sync/patient_reader.h"
#include "testing/test_server.h"

namespace als::sync {
namespace {

using testing::TestServer;

std::unique_ptr<client::FhirClient> Client(int page_size) {
  client::ClientSettings settings;
  settings.config_name = "test";
  settings.base_url = TestServer::Get().fhir_base();
  settings.page_size = page_size;
  auto client = client::FhirClient::Create(settings);
  REQUIRE(client.ok());
  return std::move(client).value();
}

std::vector<std::string> Keys(const PatientData& data) {
  std::vector<std::string> keys;
  for (const model::SourcedResource& resource : data.resources()) {
    keys.push_back(std::string(fhir::StringOr(*resource.json, "resourceType")) + "/" +
                   std::string(fhir::StringOr(*resource.json, "id")));
  }
  return keys;
}

TEST_CASE("ReadPatient: further pages and references not included come in one batch per page depth",
          "[integration][sync]") {
  const std::string p = "reader-" + std::to_string(getpid()) + "-" + std::to_string(std::time(nullptr) % 100000);
  const std::string subject = R"("subject":{"reference":"Patient/)" + p + "\"}";
  std::vector<std::string> resources = {
      R"({"resourceType":"Patient","id":")" + p + "\"}",
      R"({"resourceType":"Device","id":")" + p + R"(-niv","deviceName":[{"name":"NIV","type":"user-friendly-name"}]})",
      R"({"resourceType":"Medication","id":")" + p + R"(-med","code":{"text":"riluzole"}})",
      R"({"resourceType":"DeviceUseStatement","id":")" + p + R"(-dus","status":"active",)" + subject +
          R"(,"device":{"reference":"Device/)" + p + R"(-niv"}})",
      R"({"resourceType":"MedicationRequest","id":")" + p + R"(-rx","status":"active","intent":"order",)" +
          subject + R"(,"medicationReference":{"reference":"Medication/)" + p + R"(-med"}})",
      R"({"resourceType":"MedicationStatement","id":")" + p + R"(-ms","status":"active",)" + subject +
          R"(,"medicationReference":{"reference":"Medication/)" + p + R"(-gone"}})",
  };
  for (int i = 0; i < 12; ++i) {
    resources.push_back(R"({"resourceType":"Observation","id":")" + p + "-obs" + std::to_string(i) +
                        R"(","status":"final","code":{"text":"x"},)" + subject + "}");
  }
  TestServer::Get().PutAll(resources);

  // Page size 5: the 12 Observations take 3 pages, so 3 batches: the searches;
  // then page 2 with the Device (no search includes it) and the missing
  // Medication; then page 3. No single GET at all.
  auto batched_client = Client(5);
  auto batched = ReadPatient(*batched_client, p, true);
  REQUIRE(batched.ok());
  client::RequestStatsSnapshot stats = batched_client->Stats();
  CHECK(stats.of(client::RequestKind::kBatch) == 3);
  CHECK(stats.of(client::RequestKind::kSearchPage) == 0);
  CHECK(stats.of(client::RequestKind::kRead) == 0);
  const rapidjson::Value* device = (*batched)->Resolve("Device/" + p + "-niv");
  REQUIRE(device != nullptr);
  CHECK(fhir::StringOr(*device, "id") == p + "-niv");
  const rapidjson::Value* medication = (*batched)->Resolve("Medication/" + p + "-med");
  REQUIRE(medication != nullptr);
  CHECK((*batched)->Resolve("Medication/" + p + "-gone") == nullptr);
  CHECK(batched_client->Stats().of(client::RequestKind::kRead) == 0);  // all read ahead

  // One request per search (a server without batch) reads the same resources in the same order.
  auto single_client = Client(5);
  auto single = ReadPatient(*single_client, p, false);
  REQUIRE(single.ok());
  CHECK(Keys(**batched) == Keys(**single));
  CHECK((*batched)->resource_count() == 1 + 1 + 2 + 12);
  CHECK((*single)->Resolve("Device/" + p + "-niv") != nullptr);

  // With the default page size everything comes in the first batch but the read-ahead.
  auto default_client = Client(100);
  auto whole = ReadPatient(*default_client, p, true);
  REQUIRE(whole.ok());
  CHECK(default_client->Stats().of(client::RequestKind::kBatch) == 2);
  CHECK(Keys(**whole) == Keys(**single));
}

}  // namespace
}  // namespace als::sync
