// FhirClient behaviour that needs no server: argument checks, set-up errors,
// next-link checks, connection failures.
#include "als/client/fhir_client.h"
#include "test_server.h"

#include <catch2/catch.hpp>

#include <chrono>

namespace als::client {
namespace {

// Nothing listens on port 1 of the loopback: connections are refused at once.
ClientSettings Unreachable() {
  ClientSettings settings;
  settings.config_name = "config.json";
  settings.base_url = "http://127.0.0.1:1/fhir";
  settings.retry.max_attempts = 3;
  settings.retry.initial_backoff_ms = 1;
  settings.retry.max_backoff_ms = 5;
  return settings;
}

using testing::MakeClient;

rapidjson::Document Json(const char* text) {
  rapidjson::Document document;
  document.Parse(text);
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

TEST_CASE("client: a refused connection is retried, then reported", "[client]") {
  std::unique_ptr<FhirClient> client = MakeClient(Unreachable());
  Result<rapidjson::Document> read = client->Read("Patient", "p1");
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == ErrorCode::kUnavailable);
  CHECK(read.error().location == "GET http://127.0.0.1:1/fhir/Patient/p1");
  CHECK(read.error().message.rfind("cannot connect to 127.0.0.1:1; gave up after 3 attempts", 0) == 0);
  RequestStatsSnapshot stats = client->Stats();
  CHECK(stats.of(RequestKind::kRead) == 1);
  CHECK(stats.attempts == 3);
  CHECK(stats.retries == 2);
  CHECK(stats.failures == 1);
}

TEST_CASE("client: a transaction that never reached the server may be retried", "[client]") {
  std::unique_ptr<FhirClient> client = MakeClient(Unreachable());
  Result<rapidjson::Document> response =
      client->Transaction(Json(R"({"resourceType":"Bundle","type":"transaction","entry":[]})"));
  REQUIRE_FALSE(response.ok());
  CHECK(client->Stats().attempts == 3);  // refused connections: nothing was sent
}

TEST_CASE("client: search URLs hide their values in errors", "[client]") {
  std::unique_ptr<FhirClient> client = MakeClient(Unreachable());
  Result<SearchResult> search = client->Search("Observation", {{"subject", "Patient/secret-id"}});
  REQUIRE_FALSE(search.ok());
  CHECK(search.error().location ==
        "GET http://127.0.0.1:1/fhir/Observation?subject=*&_count=*");
}

TEST_CASE("client: arguments are checked before anything is sent", "[client]") {
  std::unique_ptr<FhirClient> client = MakeClient(Unreachable());
  CHECK(client->Read("patient", "p1").error().code == ErrorCode::kInvalidArgument);
  CHECK(client->Read("Patient", "a/b").error().code == ErrorCode::kInvalidArgument);
  CHECK(client->Read("Patient", "").error().code == ErrorCode::kInvalidArgument);
  CHECK(client->Search("Obs?x=1", {}).error().code == ErrorCode::kInvalidArgument);
  CHECK(client->Update(Json(R"({"resourceType":"Patient"})")).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(client->ConditionalUpdate(Json(R"({"resourceType":"Flag"})"), {}).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(client->Batch(Json(R"({"resourceType":"Bundle","type":"transaction"})")).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(client->CreateResource(Json(R"({"id":"x"})")).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(client->Stats().attempts == 0);
}

TEST_CASE("client: a next link that loops or leaves the server is not followed", "[client]") {
  std::unique_ptr<FhirClient> client = MakeClient(Unreachable());
  Result<SearchResult> loop = client->ContinueSearch(Json(R"({"resourceType":"Bundle",
      "type":"searchset","link":[
        {"relation":"self","url":"http://127.0.0.1:1/fhir/Observation?_count=2&_offset=2"},
        {"relation":"next","url":"http://127.0.0.1:1/fhir/Observation?_count=2&_offset=2"}]})"));
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.error().code == ErrorCode::kInvalidData);
  CHECK(loop.error().message ==
        "the server's next link leads back to a page already read (after 1 pages); stopping");

  Result<SearchResult> elsewhere = client->ContinueSearch(Json(R"({"resourceType":"Bundle",
      "type":"searchset","link":[{"relation":"next","url":"https://other.example/fhir/Observation?page=2"}]})"));
  REQUIRE_FALSE(elsewhere.ok());
  CHECK(elsewhere.error().code == ErrorCode::kInvalidData);
  CHECK(elsewhere.error().message.find("another origin") != std::string::npos);
  CHECK(client->Stats().attempts == 0);

  Result<SearchResult> single = client->ContinueSearch(Json(R"({"resourceType":"Bundle",
      "type":"searchset","meta":{"lastUpdated":"2026-03-02T10:00:00Z"},
      "entry":[{"resource":{"resourceType":"Patient","id":"a"}}]})"));
  REQUIRE(single.ok());
  CHECK(single->pages == 1);
  CHECK(single->entries().Size() == 1);
  CHECK(single->server_time == "2026-03-02T10:00:00Z");
}

TEST_CASE("client: set-up errors name the setting", "[client]") {
  ClientSettings settings = Unreachable();
  settings.tls.ca_file = "/nonexistent/ca.pem";
  Result<std::unique_ptr<FhirClient>> client = FhirClient::Create(settings);
  REQUIRE_FALSE(client.ok());
  CHECK(client.error().location == "config.json: server.tls.ca_file");

  settings = Unreachable();
  settings.auth.type = AuthType::kSmartBackend;
  settings.auth.client_id = "c";
  settings.auth.key_id = "k";
  settings.auth.private_key_file = "/nonexistent/key.pem";
  client = FhirClient::Create(settings);
  REQUIRE_FALSE(client.ok());
  CHECK(client.error().location == "config.json: server.auth.private_key_file > /nonexistent/key.pem");
  CHECK(client.error().message == "cannot read: No such file or directory");
}

TEST_CASE("client: total_timeout_ms stops the retries", "[client]") {
  ClientSettings settings = Unreachable();
  settings.retry.max_attempts = 100;
  settings.retry.initial_backoff_ms = 100;
  settings.retry.max_backoff_ms = 100;
  settings.total_timeout_ms = 300;
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  auto start = std::chrono::steady_clock::now();
  Result<rapidjson::Document> read = client->Read("Patient", "p1");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_FALSE(read.ok());
  CHECK(seconds < 0.5);
  // Either the next wait would pass the deadline, or a sleep overran it; both say so.
  const std::string& message = read.error().message;
  INFO(message);
  CHECK(message.find("cannot connect to 127.0.0.1:1") != std::string::npos);
  CHECK(message.find("gave up after") != std::string::npos);
  CHECK(message.find("server.total_timeout_ms = 300") != std::string::npos);
}

TEST_CASE("client: a deadline passed before a retry reports the last attempt", "[client]") {
  ClientSettings settings = Unreachable();
  settings.retry.max_attempts = 5;
  settings.total_timeout_ms = 300;
  settings.max_requests_per_second = 1;  // the second attempt waits ~1 s for its turn
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  Result<rapidjson::Document> read = client->Read("Patient", "p1");
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == ErrorCode::kUnavailable);
  CHECK(read.error().message.rfind("cannot connect to 127.0.0.1:1; gave up after 1 attempt in ",
                                   0) == 0);
  CHECK(read.error().message.find(": server.total_timeout_ms = 300 ran out before the next") !=
        std::string::npos);
}

}  // namespace
}  // namespace als::client
