// Authentication against the local test server: static bearer, client secret,
// SMART Backend Services (RS384, ES384), refused keys, token renewal.
#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "als/client/fhir_client.h"
#include "test_server.h"

namespace als::client {
namespace {

using testing::CreatePatientWithObservations;
using testing::FastSettings;
using testing::ReadFile;
using testing::TestServer;
using testing::UniqueId;

using testing::MakeClient;

// A patient to read, stored without authentication (all prefixes share one repository).
std::string SomePatient() {
  static const std::string patient = [] {
    return CreatePatientWithObservations(*MakeClient(FastSettings(TestServer::Get().http + "/fhir")), 2);
  }();
  return patient;
}

ClientSettings SmartSettings(const std::string& client_id, const std::string& key_file,
                             const std::string& key_id) {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.http + "/smart/fhir");
  settings.auth.type = AuthType::kSmartBackend;
  settings.auth.client_id = client_id;
  settings.auth.private_key_file = key_file;
  settings.auth.key_id = key_id;
  settings.auth.scopes = "system/*.read system/*.write";
  return settings;
}

// Reads and searches, expecting success; returns the first error otherwise.
void ReadAndSearch(FhirClient& client) {
  Result<rapidjson::Document> read = client.Read("Patient", SomePatient());
  INFO((read.ok() ? "" : read.error().ToString()));
  REQUIRE(read.ok());
  Result<SearchResult> search = client.Search("Observation", {{"subject", "Patient/" + SomePatient()}});
  INFO((search.ok() ? "" : search.error().ToString()));
  REQUIRE(search.ok());
  CHECK(search->entries().Size() == 2);
}

// Restores the server's token lifetime even when the test fails.
struct TokenLifetime {
  explicit TokenLifetime(int seconds) { TestServer::Get().SetTokenLifetime(seconds); }
  ~TokenLifetime() {
    TestServer::Get().AdminQuietly("/_admin/config", R"({"tokenLifetimeSeconds":300})");
  }
};

TEST_CASE("auth: none is refused by a protected endpoint", "[client][integration]") {
  std::unique_ptr<FhirClient> client = MakeClient(FastSettings(TestServer::Get().http + "/bearer/fhir"));
  Result<rapidjson::Document> read = client->Read("Patient", SomePatient());
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kUnauthenticated);
  CHECK(read.error().message.rfind("HTTP 401", 0) == 0);
}

TEST_CASE("auth: static bearer token from a file or the environment", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.http + "/bearer/fhir");
  settings.auth.type = AuthType::kBearer;
  settings.auth.token_file = server.File("static-token");
  ReadAndSearch(*MakeClient(settings));

  settings.auth.token_file.clear();
  settings.auth.token_env = "ALS_CLIENT_TEST_TOKEN";
  std::string token = ReadFile(server.File("static-token"));
  setenv("ALS_CLIENT_TEST_TOKEN", token.c_str(), 1);
  ReadAndSearch(*MakeClient(settings));

  setenv("ALS_CLIENT_TEST_TOKEN", "wrong-token-value", 1);
  std::unique_ptr<FhirClient> wrong = MakeClient(settings);
  Result<rapidjson::Document> read = wrong->Read("Patient", SomePatient());
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kUnauthenticated);
  CHECK(read.error().ToString().find("wrong-token-value") == std::string::npos);
  CHECK(wrong->Stats().attempts == 1);  // nothing to renew a static token with

  unsetenv("ALS_CLIENT_TEST_TOKEN");
  Result<std::unique_ptr<FhirClient>> unset = FhirClient::Create(settings);
  REQUIRE_FALSE(unset.ok());
  CHECK(unset.error().ToString() ==
        "test: server.auth.token_env: environment variable ALS_CLIENT_TEST_TOKEN is not set or "
        "empty");
}

TEST_CASE("auth: client secret, token endpoint discovered", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.http + "/smart/fhir");
  settings.auth.type = AuthType::kClientSecret;
  settings.auth.client_id = "secret-client";
  settings.auth.client_secret_file = server.File("secret-client.secret");
  settings.auth.scopes = "system/*.read";
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  ReadAndSearch(*client);
  ReadAndSearch(*client);
  CHECK(client->Stats().of(RequestKind::kToken) == 1);  // cached

  settings.auth.client_secret_file.clear();
  settings.auth.client_secret_env = "ALS_CLIENT_TEST_SECRET";
  setenv("ALS_CLIENT_TEST_SECRET", "not-the-secret", 1);
  Result<rapidjson::Document> read = MakeClient(settings)->Read("Patient", SomePatient());
  unsetenv("ALS_CLIENT_TEST_SECRET");
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kUnauthenticated);
  CHECK(read.error().message.find("the token endpoint refused client 'secret-client'") !=
        std::string::npos);
  CHECK(read.error().message.find("invalid_client") != std::string::npos);
  CHECK(read.error().ToString().find("not-the-secret") == std::string::npos);
}

TEST_CASE("auth: SMART Backend Services, RS384 and ES384", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  for (const char* name : {"rs384", "es384"}) {
    INFO(name);
    ClientSettings settings = SmartSettings(std::string(name) + "-client",
                                            server.File(std::string(name) + "-client.key.pem"),
                                            std::string(name) + "-key");
    int64_t tokens_before = server.Count("token");
    std::unique_ptr<FhirClient> client = MakeClient(settings);
    ReadAndSearch(*client);
    ReadAndSearch(*client);
    CHECK(client->Stats().of(RequestKind::kToken) == 1);
    CHECK(server.Count("token") - tokens_before == 1);
  }

  SECTION("with the token URL configured, nothing is discovered") {
    ClientSettings settings = SmartSettings("es384-client", server.File("es384-client.key.pem"),
                                            "es384-key");
    settings.auth.token_url = server.http + "/smart/token";
    settings.auth.algorithm = JwsAlgorithm::kES384;
    std::unique_ptr<FhirClient> client = MakeClient(settings);
    ReadAndSearch(*client);
    CHECK(client->Stats().of(RequestKind::kOther) == 0);
  }
}

TEST_CASE("auth: a wrong key fails clearly, without a retry storm", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}), EVP_PKEY_free);
  REQUIRE(key);
  std::string key_file =
      (std::filesystem::temp_directory_path() / (UniqueId("als-wrong-key-") + ".pem")).string();
  {
    FILE* out = std::fopen(key_file.c_str(), "w");
    REQUIRE(out != nullptr);
    REQUIRE(PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
    std::fclose(out);
  }
  ClientSettings settings = SmartSettings("rs384-client", key_file, "rs384-key");
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  std::filesystem::remove(key_file);

  int64_t tokens_before = server.Count("token");
  for (int i = 0; i < 5; ++i) {
    Result<rapidjson::Document> read = client->Read("Patient", SomePatient());
    REQUIRE_FALSE(read.ok());
    INFO(read.error().ToString());
    CHECK(read.error().code == ErrorCode::kUnauthenticated);
    CHECK(read.error().message.find("the token endpoint refused client 'rs384-client'") !=
          std::string::npos);
    CHECK(read.error().message.find("invalid_client") != std::string::npos);
    CHECK(read.error().message.find("signature") != std::string::npos);
  }
  CHECK(server.Count("token") - tokens_before == 1);
}

TEST_CASE("auth: a busy token endpoint is retried with a fresh assertion",
          "[client][integration]") {
  const TestServer& server = TestServer::Get();
  std::unique_ptr<FhirClient> client = MakeClient(
      SmartSettings("rs384-client", server.File("rs384-client.key.pem"), "rs384-key"));
  int64_t tokens_before = server.Count("token");
  server.AddFault("503", 1, "/smart/token");
  ReadAndSearch(*client);
  CHECK(server.Count("token") - tokens_before == 2);
  CHECK(client->Stats().of(RequestKind::kToken) == 1);
  CHECK(client->Stats().retries == 1);
}

TEST_CASE("auth: a revoked token is renewed once, transparently", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  std::unique_ptr<FhirClient> client = MakeClient(
      SmartSettings("rs384-client", server.File("rs384-client.key.pem"), "rs384-key"));
  ReadAndSearch(*client);
  int64_t tokens_before = server.Count("token");
  server.RevokeTokens();
  ReadAndSearch(*client);
  ReadAndSearch(*client);
  CHECK(server.Count("token") - tokens_before == 1);
  CHECK(client->Stats().of(RequestKind::kToken) == 2);
}

TEST_CASE("auth: a short-lived token is renewed before it expires", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  TokenLifetime lifetime(2);
  std::unique_ptr<FhirClient> client = MakeClient(
      SmartSettings("es384-client", server.File("es384-client.key.pem"), "es384-key"));
  ReadAndSearch(*client);
  std::this_thread::sleep_for(std::chrono::milliseconds(1900));
  ReadAndSearch(*client);
  CHECK(client->Stats().of(RequestKind::kToken) == 2);
  CHECK(client->Stats().failures == 0);  // renewed ahead, not after a 401
}

TEST_CASE("auth: threads share one token", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  std::unique_ptr<FhirClient> client = MakeClient(
      SmartSettings("es384-client", server.File("es384-client.key.pem"), "es384-key"));
  std::string patient = SomePatient();
  std::atomic<int> succeeded{0};  // Catch2 assertions are not thread-safe
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        bool ok = client->Read("Patient", patient).ok() &&
                  client->Search("Observation", {{"subject", "Patient/" + patient}}).ok();
        succeeded += ok ? 1 : 0;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(succeeded == 40);
  CHECK(client->Stats().of(RequestKind::kToken) == 1);
}

}  // namespace
}  // namespace als::client
