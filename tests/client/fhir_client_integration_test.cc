// FHIR operations against the local test server: metadata, paging, POST
// _search, batch, transaction, create, read, (conditional) update, If-Match.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "als/client/fhir_client.h"
#include "test_server.h"

namespace als::client {
namespace {

using testing::CreatePatientWithObservations;
using testing::FastSettings;
using testing::Json;
using testing::TestServer;
using testing::UniqueId;

using testing::MakeClient;

std::unique_ptr<FhirClient> PlainClient(int page_size = 100) {
  ClientSettings settings = FastSettings(TestServer::Get().http + "/fhir");
  settings.page_size = page_size;
  return MakeClient(settings);
}

std::set<std::string> ResourceIds(const rapidjson::Value& entries) {
  std::set<std::string> ids;
  for (const rapidjson::Value& entry : entries.GetArray()) ids.insert(entry["resource"]["id"].GetString());
  return ids;
}

TEST_CASE("client: metadata of the test server", "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  Result<CapabilityReport> report = client->CheckMetadata();
  INFO((report.ok() ? "" : report.error().ToString()));
  REQUIRE(report.ok());
  CHECK(report->fhir_version.rfind("4.0.", 0) == 0);
  CHECK(report->missing.empty());

  CapabilityRequirements more;
  more.search_params = {{"Observation", {"patient", "no-such-param"}}};
  Result<CapabilityReport> lacking = client->CheckMetadata(more);
  REQUIRE_FALSE(lacking.ok());
  CHECK(lacking.error().code == ErrorCode::kFailedPrecondition);
  CHECK(lacking.error().message.find("lacks what the adapter needs: search parameter "
                                     "Observation.no-such-param") != std::string::npos);
  CHECK(lacking.error().location == "GET " + TestServer::Get().http + "/fhir/metadata");
}

TEST_CASE("client: search follows next links across pages", "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient(/*page_size=*/3);
  std::string patient = CreatePatientWithObservations(*client, 8);
  RequestStatsSnapshot before = client->Stats();

  Result<SearchResult> result = client->Search("Observation", {{"subject", "Patient/" + patient}});
  INFO((result.ok() ? "" : result.error().ToString()));
  REQUIRE(result.ok());
  CHECK(result->pages == 3);
  CHECK(result->entries().Size() == 8);
  CHECK(ResourceIds(result->entries()).size() == 8);
  CHECK(std::regex_match(result->server_time,
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))")));
  for (const rapidjson::Value& link : result->bundle["link"].GetArray()) {
    CHECK(std::string(link["relation"].GetString()) != "next");
  }
  CHECK(client->Stats().of(RequestKind::kSearchPage) - before.of(RequestKind::kSearchPage) == 3);
  // Each exchange costs its thread some CPU (at least its system calls).
  CHECK(client->Stats().exchange_cpu_us > before.exchange_cpu_us);

  SECTION("an explicit _count wins over page_size") {
    Result<SearchResult> pages_of_four =
        client->Search("Observation", {{"subject", "Patient/" + patient}, {"_count", "4"}});
    REQUIRE(pages_of_four.ok());
    CHECK(pages_of_four->pages == 2);
    CHECK(pages_of_four->entries().Size() == 8);
  }
  SECTION("more pages than max_pages is an error, not a silent cut") {
    ClientSettings settings = client->settings();
    settings.max_pages = 2;
    Result<SearchResult> capped =
        MakeClient(settings)->Search("Observation", {{"subject", "Patient/" + patient}});
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().code == ErrorCode::kFailedPrecondition);
    CHECK(capped.error().message ==
          "the search has more than 2 pages (test: server.max_pages)");
  }
  SECTION("a search that finds nothing") {
    Result<SearchResult> none = client->Search("Observation", {{"subject", "Patient/" + UniqueId("none-")}});
    REQUIRE(none.ok());
    CHECK(none->pages == 1);
    CHECK(none->entries().Size() == 0);
  }
}

TEST_CASE("client: a long search becomes POST _search", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.http + "/fhir");
  settings.page_size = 3;
  settings.max_get_url_length = 300;
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  std::string patient = CreatePatientWithObservations(*client, 5);
  std::string subjects = "Patient/" + patient;
  for (int i = 0; i < 20; ++i) subjects += ",Patient/" + UniqueId("absent-");

  int64_t posts_before = server.CountMethod("POST");
  Result<SearchResult> result = client->Search("Observation", {{"subject", subjects}});
  INFO((result.ok() ? "" : result.error().ToString()));
  REQUIRE(result.ok());
  CHECK(server.CountMethod("POST") - posts_before == 1);  // the first page; next links are GETs
  CHECK(result->pages == 2);
  CHECK(result->entries().Size() == 5);
}

TEST_CASE("client: batch of searches, then the rest of their pages", "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  std::string patient = CreatePatientWithObservations(*client, 7);
  rapidjson::Document batch = Json(R"({"resourceType":"Bundle","type":"batch","entry":[
      {"request":{"method":"GET","url":"Observation?subject=Patient/)" + patient + R"(&_count=3"}},
      {"request":{"method":"GET","url":"Patient/)" + patient + R"("}}]})");
  Result<rapidjson::Document> response = client->Batch(batch);
  INFO((response.ok() ? "" : response.error().ToString()));
  REQUIRE(response.ok());
  REQUIRE((*response)["entry"].Size() == 2);
  CHECK(std::string((*response)["entry"][1]["resource"]["id"].GetString()) == patient);

  Result<SearchResult> observations = client->ContinueSearch((*response)["entry"][0]["resource"]);
  INFO((observations.ok() ? "" : observations.error().ToString()));
  REQUIRE(observations.ok());
  CHECK(observations->pages == 3);
  CHECK(observations->entries().Size() == 7);
  CHECK(ResourceIds(observations->entries()).size() == 7);
}

TEST_CASE("client: create, read, update with If-Match, 412 on a stale version",
          "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  rapidjson::Document patient = Json(R"({"resourceType":"Patient","name":[{"family":"Before"}]})");
  Result<WriteResult> created = client->CreateResource(patient);
  INFO((created.ok() ? "" : created.error().ToString()));
  REQUIRE(created.ok());
  CHECK(created->status == 201);
  REQUIRE_FALSE(created->id.empty());
  REQUIRE_FALSE(created->version_id.empty());
  CHECK(created->location.find("Patient/" + created->id) != std::string::npos);

  Result<rapidjson::Document> read = client->Read("Patient", created->id);
  REQUIRE(read.ok());
  CHECK(std::string((*read)["name"][0]["family"].GetString()) == "Before");

  rapidjson::Document changed = Json(R"({"resourceType":"Patient","id":")" + created->id +
                                     R"(","name":[{"family":"After"}]})");
  Result<WriteResult> updated = client->Update(changed, created->version_id);
  INFO((updated.ok() ? "" : updated.error().ToString()));
  REQUIRE(updated.ok());
  CHECK(updated->status == 200);
  CHECK(updated->version_id != created->version_id);
  CHECK(std::string(updated->resource["name"][0]["family"].GetString()) == "After");

  Result<WriteResult> stale = client->Update(changed, created->version_id);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == ErrorCode::kConflict);
  CHECK(stale.error().message.rfind("HTTP 412", 0) == 0);
  CHECK(stale.error().location ==
        "PUT " + TestServer::Get().http + "/fhir/Patient/" + created->id);

  Result<rapidjson::Document> missing = client->Read("Patient", UniqueId("missing-"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);

  Result<rapidjson::Document> bad_id = client->Read("Patient", "../metadata");
  REQUIRE_FALSE(bad_id.ok());
  CHECK(bad_id.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("client: conditional update creates, then updates the same resource",
          "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  std::string value = UniqueId("cu-");
  QueryParams criteria = {{"identifier", "urn:als:client-test|" + value}};
  rapidjson::Document patient = Json(R"({"resourceType":"Patient","identifier":[{"system":
      "urn:als:client-test","value":")" + value + R"("}],"active":true})");
  Result<WriteResult> first = client->ConditionalUpdate(patient, criteria);
  INFO((first.ok() ? "" : first.error().ToString()));
  REQUIRE(first.ok());
  CHECK(first->status == 201);
  patient["active"] = false;
  Result<WriteResult> second = client->ConditionalUpdate(patient, criteria);
  INFO((second.ok() ? "" : second.error().ToString()));
  REQUIRE(second.ok());
  CHECK(second->status == 200);
  CHECK(second->id == first->id);
  CHECK(second->resource["active"].GetBool() == false);
}

TEST_CASE("client: a refused transaction quotes the server's OperationOutcome",
          "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  std::string family = UniqueId("rollback-");
  rapidjson::Document bundle = Json(R"({"resourceType":"Bundle","type":"transaction","entry":[
      {"resource":{"resourceType":"Patient","name":[{"family":")" + family + R"("}]},
       "request":{"method":"POST","url":"Patient"}},
      {"resource":{"resourceType":"Observation","code":{"text":"no status"}},
       "request":{"method":"POST","url":"Observation"}}]})");
  Result<rapidjson::Document> response = client->Transaction(bundle);
  REQUIRE_FALSE(response.ok());
  INFO(response.error().ToString());
  CHECK(response.error().code == ErrorCode::kInvalidData);
  CHECK(response.error().message.rfind("HTTP 400", 0) == 0);
  CHECK(response.error().message.find("status") != std::string::npos);  // the missing element

  // All or nothing: the valid Patient was not kept either.
  Result<SearchResult> kept = client->Search("Patient", {{"family", family}});
  REQUIRE(kept.ok());
  CHECK(kept->entries().Size() == 0);

  Result<rapidjson::Document> wrong_type =
      client->Transaction(Json(R"({"resourceType":"Bundle","type":"batch"})"));
  REQUIRE_FALSE(wrong_type.ok());
  CHECK(wrong_type.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("client: a transaction sent as text, answered under Prefer: return=minimal", "[client][integration]") {
  std::unique_ptr<FhirClient> client = PlainClient();
  std::string family = UniqueId("text-");
  Result<rapidjson::Document> response = client->Transaction(
      R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","name":[{"family":")" +
      family + R"("}]},"request":{"method":"POST","url":"Patient"}}]})");
  INFO((response.ok() ? "" : response.error().ToString()));
  REQUIRE(response.ok());
  CHECK(std::string((*response)["type"].GetString()) == "transaction-response");
  const rapidjson::Value& entry = (*response)["entry"][0];
  CHECK(std::string(entry["response"]["status"].GetString()).rfind("201", 0) == 0);
  // The client asks for the minimal answer and the test server honours it:
  // where the Patient went, not the Patient again.
  CHECK_FALSE(entry.HasMember("resource"));
  REQUIRE(entry["response"].HasMember("location"));
  CHECK(std::string(entry["response"]["location"].GetString()).find("Patient/") != std::string::npos);
  Result<SearchResult> kept = client->Search("Patient", {{"family", family}});
  REQUIRE(kept.ok());
  CHECK(kept->entries().Size() == 1);
}

}  // namespace
}  // namespace als::client

namespace als::client {
namespace {

TEST_CASE("client: gzip answers are decoded into the document; bad ones are clear errors",
          "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.http + "/fhir");
  settings.max_response_mb = 1;
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  const std::string id = UniqueId("gzip-");
  const std::string path = "_id=" + id;

  // What the server sends: one gzip member, decoded straight into the page.
  Result<SearchResult> plain = client->Search("Patient", {{"_id", id}});
  REQUIRE(plain.ok());
  CHECK(plain->entries().Size() == 0);

  server.AddFault("gzipmembers", 1, path);
  Result<SearchResult> members = client->Search("Patient", {{"_id", id}});
  REQUIRE(members.ok());
  REQUIRE(members->entries().Size() == 1);
  CHECK(std::string(members->entries()[0]["resource"]["id"].GetString()) == "gzipmembers");

  // Its trailer states 4 GB, over the limit: decoded (and retried) by the
  // transport, as many times as it is queued.
  server.AddFault("badgzip", 3, path);
  Result<SearchResult> corrupt = client->Search("Patient", {{"_id", id}});
  REQUIRE_FALSE(corrupt.ok());
  INFO(corrupt.error().ToString());
  CHECK(corrupt.error().message.find("cannot decompress the answer") != std::string::npos);
  CHECK(corrupt.error().location.rfind("GET " + server.http + "/fhir/Patient?", 0) == 0);

  server.AddFault("gzipbomb", 1, path);
  Result<SearchResult> bomb = client->Search("Patient", {{"_id", id}});
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.error().message.find("larger than the limit once decompressed: 1 MB") != std::string::npos);
}

}  // namespace
}  // namespace als::client
