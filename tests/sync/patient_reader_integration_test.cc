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

std::unique_ptr<client::FhirClient> Client(int page_size, int max_pages = 1000) {
  client::ClientSettings settings;
  settings.config_name = "test";
  settings.base_url = TestServer::Get().fhir_base();
  settings.page_size = page_size;
  settings.max_pages = max_pages;
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

// An Observation whose extensions nest `levels` deep: the resource is 1 + 2 x levels deep.
std::string NestedObservation(const std::string& id, const std::string& patient, int levels) {
  std::string extension = R"({"url":"http://example.org/nested","valueString":"x"})";
  for (int i = 1; i < levels; ++i) extension = R"({"url":"http://example.org/nested","extension":[)" + extension + "]}";
  return R"({"resourceType":"Observation","id":")" + id + R"(","status":"final","code":{"text":"x"},)" +
         R"("subject":{"reference":"Patient/)" + patient + R"("},"extension":[)" + extension + "]}";
}

TEST_CASE("ReadPatient: a resource nested too deeply is left out, read in a batch or alone", "[integration][sync]") {
  const std::string p = "nested-" + std::to_string(getpid()) + "-" + std::to_string(std::time(nullptr) % 100000);
  static_assert(fhir::kMaxResourceDepth % 2 == 0);
  const int kept_levels = (fhir::kMaxResourceDepth - 1) / 2;  // 1 + 2 x 31 = 63 levels
  TestServer::Get().PutAll({R"({"resourceType":"Patient","id":")" + p + "\"}",
                            NestedObservation(p + "-kept", p, kept_levels),
                            NestedObservation(p + "-deep", p, kept_levels + 1)});  // 65 levels
  // The batch's depth, as its parse reports it, replaces a walk of each page;
  // a page with a resource too deep is still checked resource by resource.
  for (bool use_batch : {true, false}) {
    INFO((use_batch ? "batch" : "one search at a time"));
    auto client = Client(100);
    auto read = ReadPatient(*client, p, use_batch);
    REQUIRE(read.ok());
    CHECK(Keys(**read) == std::vector<std::string>{"Patient/" + p, "Observation/" + p + "-kept"});
  }
}

// A patient with `observations` Observations, on the test server.
std::string PutPatient(const std::string& name, int observations) {
  const std::string p = name + "-" + std::to_string(getpid()) + "-" + std::to_string(std::time(nullptr) % 100000);
  std::vector<std::string> resources = {R"({"resourceType":"Patient","id":")" + p + "\"}"};
  for (int i = 0; i < observations; ++i) {
    resources.push_back(R"({"resourceType":"Observation","id":")" + p + "-obs" + std::to_string(i) +
                        R"(","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/)" + p + "\"}}");
  }
  TestServer::Get().PutAll(resources);
  return p;
}

TEST_CASE("ReadPatients: several patients share each batch, each reads what it reads alone, and a failure stays "
          "with its patient", "[integration][sync]") {
  const std::vector<std::string> ids = {PutPatient("many", 12), PutPatient("few", 2), PutPatient("one", 1)};
  auto alone_client = Client(5);
  std::vector<std::vector<std::string>> alone;
  for (const std::string& id : ids) {
    auto read = ReadPatient(*alone_client, id, false);
    REQUIRE(read.ok());
    alone.push_back(Keys(**read));
  }
  CHECK(alone[0].size() == 13);

  // Page size 5: the first patient's 12 Observations take 3 pages, so 3
  // batches for all three patients together (and for it alone).
  auto together_client = Client(5);
  auto together = ReadPatients(*together_client, ids, true);
  REQUIRE(together.size() == 3);
  CHECK(together_client->Stats().of(client::RequestKind::kBatch) == 3);
  for (size_t i = 0; i < ids.size(); ++i) {
    INFO(ids[i]);
    REQUIRE(together[i].ok());
    CHECK((*together[i])->patient_id() == ids[i]);
    CHECK(Keys(**together[i]) == alone[i]);
  }

  // At most 2 pages per search: the first patient fails, the others are read.
  auto capped_client = Client(5, 2);
  auto capped = ReadPatients(*capped_client, ids, true);
  REQUIRE(capped.size() == 3);
  REQUIRE_FALSE(capped[0].ok());
  CHECK(capped[0].error().location == "batch read of Patient/" + ids[0] + " > Observation");
  CHECK(capped[0].error().message.find("max_pages") != std::string::npos);
  REQUIRE(capped[1].ok());
  CHECK(Keys(**capped[1]) == alone[1]);
  REQUIRE(capped[2].ok());
  CHECK(Keys(**capped[2]) == alone[2]);

  // A batch that fails as a whole fails every patient in it, with its error.
  TestServer::Get().InjectFault(R"({"kind":"nonjson","count":1,"path":"/fhir"})");
  auto failed = ReadPatients(*together_client, ids, true);
  REQUIRE(failed.size() == 3);
  for (const auto& read : failed) {
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::kParse);
    CHECK(read.error().ToString() == failed[0].error().ToString());
  }
}

}  // namespace
}  // namespace als::sync
