// Access to the local FHIR test server (tests/fhir-server/README.md) for the
// client's integration tests: its URLs and files, and its admin endpoints.
#ifndef ALS_TESTS_CLIENT_TEST_SERVER_H_
#define ALS_TESTS_CLIENT_TEST_SERVER_H_

#include <catch2/catch.hpp>
#include <httplib.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "als/client/fhir_client.h"
#include "als/client/settings.h"

namespace als::client::testing {

struct TestServer {
  std::string dir;
  std::string http;   // "http://127.0.0.1:PORT"
  std::string https;
  std::string mtls;
  std::string wrong_name;  // https with a trusted certificate for another name

  std::string File(const std::string& name) const { return dir + "/" + name; }

  // The server the ctest fixture started ($ALS_TEST_SERVER_DIR/server.json).
  static const TestServer& Get() {
    static const TestServer server = Load();
    return server;
  }

  // --- admin endpoints (HTTP port) ---

  // The next `count` requests whose URL contains `path` get `kind`.
  void AddFault(const std::string& kind, int count, const std::string& path,
                const std::string& retry_after = "") const {
    std::string fault = R"({"kind":")" + kind + R"(","count":)" + std::to_string(count) +
                        R"(,"path":")" + path + "\"";
    if (!retry_after.empty()) fault += R"(,"retryAfter":")" + retry_after + "\"";
    Admin("POST", "/_admin/faults", R"({"faults":[)" + fault + "}]}");
  }

  // Requests of `kind` (read, search, token, ...) the server has counted so far.
  int64_t Count(const std::string& kind) const { return Stat("byKind", kind); }
  int64_t CountMethod(const std::string& method) const { return Stat("byMethod", method); }

  int64_t Stat(const char* section, const std::string& key) const {
    rapidjson::Document stats;
    stats.Parse(Admin("GET", "/_admin/stats", "").c_str());
    REQUIRE(stats.IsObject());
    const rapidjson::Value& counts = stats[section];
    return counts.HasMember(key.c_str()) ? counts[key.c_str()].GetInt64() : 0;
  }

  void SetTokenLifetime(int seconds) const {
    Admin("POST", "/_admin/config", R"({"tokenLifetimeSeconds":)" + std::to_string(seconds) + "}");
  }

  void RevokeTokens() const { Admin("POST", "/_admin/revoke-tokens", "{}"); }

  // For destructors: no assertion, so nothing throws while a test unwinds.
  void AdminQuietly(const std::string& path, const std::string& body) const {
    httplib::Client client(http);
    client.set_read_timeout(10, 0);
    client.Post(path.c_str(), body, "application/json");
  }

  std::string Admin(const std::string& method, const std::string& path,
                    const std::string& body) const {
    httplib::Client client(http);
    client.set_read_timeout(10, 0);
    httplib::Result result = method == "GET"    ? client.Get(path.c_str())
                             : method == "POST" ? client.Post(path.c_str(), body, "application/json")
                                                : client.Delete(path.c_str());
    INFO(method << " " << path);
    REQUIRE(result);
    REQUIRE(result->status == 200);
    return result->body;
  }

 private:
  static TestServer Load() {
    const char* dir = std::getenv("ALS_TEST_SERVER_DIR");
    if (dir == nullptr || *dir == '\0') {
      FAIL("ALS_TEST_SERVER_DIR is not set: run the integration tests through ctest, or start "
           "tests/fhir-server/ctl.sh start DIR and set ALS_TEST_SERVER_DIR=DIR");
    }
    std::ifstream file(std::string(dir) + "/server.json");
    REQUIRE(file);
    std::stringstream text;
    text << file.rdbuf();
    rapidjson::Document json;
    json.Parse(text.str().c_str());
    REQUIRE(json.IsObject());
    return TestServer{dir, json["http"].GetString(), json["https"].GetString(),
                      json["mtls"].GetString(), json["wrong_name"].GetString()};
  }
};

// Settings with short timeouts and backoffs, so that failures come quickly.
// A client for `settings`; the test fails (REQUIRE) with the reason if it cannot be made.
inline std::unique_ptr<FhirClient> MakeClient(const ClientSettings& settings) {
  Result<std::unique_ptr<FhirClient>> client = FhirClient::Create(settings);
  INFO((client.ok() ? "" : client.error().ToString()));
  REQUIRE(client.ok());
  return std::move(client).value();
}

inline ClientSettings FastSettings(const std::string& base_url) {
  ClientSettings settings;
  settings.config_name = "test";
  settings.base_url = base_url;
  settings.connect_timeout_ms = 2000;
  settings.read_timeout_ms = 5000;
  settings.total_timeout_ms = 20000;
  settings.retry.max_attempts = 3;
  settings.retry.initial_backoff_ms = 10;
  settings.retry.max_backoff_ms = 50;
  settings.retry.max_retry_after_s = 5;
  return settings;
}

// An id no other test (or earlier run against the same server) uses.
inline std::string UniqueId(const std::string& prefix) {
  unsigned char bytes[6];
  REQUIRE(RAND_bytes(bytes, sizeof bytes) == 1);
  std::string id = prefix;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char byte : bytes) {
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
  return id;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline rapidjson::Document Json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

// Runs `operation`, returning how long it took in seconds.
template <typename Operation>
double SecondsFor(Operation operation) {
  auto start = std::chrono::steady_clock::now();
  operation();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Stores a new Patient with `observations` Observations (one transaction) and
// returns the Patient's id.
inline std::string CreatePatientWithObservations(FhirClient& client, int observations) {
  const std::string patient_uuid = "urn:uuid:6a1f3c2e-0b7d-4c1a-9e2f-1d3b5c7a9e01";
  std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":")" +
                       patient_uuid + R"(","resource":{"resourceType":"Patient","identifier":[)" +
                       R"({"system":"urn:als:client-test","value":")" + UniqueId("p-") +
                       R"("}]},"request":{"method":"POST","url":"Patient"}})";
  for (int i = 0; i < observations; ++i) {
    bundle += R"(,{"resource":{"resourceType":"Observation","status":"final",)"
              R"("code":{"text":"FVC"},"valueQuantity":{"value":)" +
              std::to_string(50 + i) + R"(,"unit":"%"},"subject":{"reference":")" + patient_uuid +
              R"("}},"request":{"method":"POST","url":"Observation"}})";
  }
  bundle += "]}";
  Result<rapidjson::Document> response = client.Transaction(Json(bundle));
  INFO((response.ok() ? "" : response.error().ToString()));
  REQUIRE(response.ok());
  std::string location = (*response)["entry"][0]["response"]["location"].GetString();
  // "Patient/<id>/_history/<version>", possibly absolute
  std::string path = location.substr(0, location.find("/_history/"));
  return path.substr(path.find_last_of('/') + 1);
}

}  // namespace als::client::testing

#endif  // ALS_TESTS_CLIENT_TEST_SERVER_H_
