#include "als/client/settings.h"

#include <catch2/catch.hpp>

#include <string>

namespace als::client {
namespace {

Result<ClientSettings> Parse(const std::string& json, const std::string& relative_to = "") {
  rapidjson::Document document;
  document.Parse(json.c_str());
  REQUIRE_FALSE(document.HasParseError());
  return ParseClientSettings(document, "config.json", relative_to);
}

// The full "location: message" of the error a configuration gives.
std::string ErrorOf(const std::string& json) {
  Result<ClientSettings> settings = Parse(json);
  REQUIRE_FALSE(settings.ok());
  CHECK(settings.error().code == ErrorCode::kInvalidArgument);
  return settings.error().ToString();
}

TEST_CASE("settings: defaults for a minimal server", "[client][settings]") {
  Result<ClientSettings> settings = Parse(R"({"base_url": "https://ehr.example.org/fhir/"})");
  REQUIRE(settings.ok());
  CHECK(settings->base_url == "https://ehr.example.org/fhir");
  CHECK(settings->connect_timeout_ms == 10000);
  CHECK(settings->read_timeout_ms == 60000);
  CHECK(settings->tls.verify);
  CHECK(settings->retry.max_attempts == 5);
  CHECK(settings->retry.initial_backoff_ms == 500);
  CHECK(settings->retry.max_backoff_ms == 30000);
  CHECK(settings->retry.max_retry_after_s == 120);
  CHECK(settings->page_size == 100);
  CHECK(settings->max_pages == 10000);
  CHECK(settings->max_get_url_length == 2000);
  CHECK(settings->max_requests_per_second == 0);
  CHECK(settings->max_response_mb == 256);
  CHECK(settings->auth.type == AuthType::kNone);
  CHECK(SettingLocation(*settings, "auth.token_file") == "config.json: server.auth.token_file");
}

TEST_CASE("settings: every key is read", "[client][settings]") {
  Result<ClientSettings> settings = Parse(R"({
    "base_url": "https://ehr.example.org/fhir",
    "connect_timeout_ms": 2000, "read_timeout_ms": 3000, "total_timeout_ms": 9000,
    "page_size": 50, "max_pages": 7, "max_get_url_length": 1000, "max_requests_per_second": 2.5,
    "max_response_mb": 64,
    "tls": {"verify": true, "ca_file": "ca.pem", "ca_dir": "/etc/ssl/certs",
            "client_cert_file": "client.pem", "client_key_file": "/abs/client-key.pem"},
    "retry": {"max_attempts": 3, "initial_backoff_ms": 10, "max_backoff_ms": 100,
              "max_retry_after_s": 30},
    "auth": {"type": "smart_backend", "client_id": "adapter", "private_key_file": "key.pem",
             "key_id": "k1", "algorithm": "ES384", "scopes": ["system/*.read", "system/Flag.write"],
             "token_url": "https://auth.example.org/token"}
  })", "/etc/als");
  REQUIRE(settings.ok());
  CHECK(settings->connect_timeout_ms == 2000);
  CHECK(settings->read_timeout_ms == 3000);
  CHECK(settings->total_timeout_ms == 9000);
  CHECK(settings->page_size == 50);
  CHECK(settings->max_pages == 7);
  CHECK(settings->max_get_url_length == 1000);
  CHECK(settings->max_requests_per_second == 2.5);
  CHECK(settings->max_response_mb == 64);
  CHECK(settings->tls.ca_file == "/etc/als/ca.pem");
  CHECK(settings->tls.ca_dir == "/etc/ssl/certs");
  CHECK(settings->tls.client_cert_file == "/etc/als/client.pem");
  CHECK(settings->tls.client_key_file == "/abs/client-key.pem");
  CHECK(settings->retry.max_attempts == 3);
  CHECK(settings->retry.initial_backoff_ms == 10);
  CHECK(settings->retry.max_backoff_ms == 100);
  CHECK(settings->retry.max_retry_after_s == 30);
  CHECK(settings->auth.type == AuthType::kSmartBackend);
  CHECK(settings->auth.client_id == "adapter");
  CHECK(settings->auth.private_key_file == "/etc/als/key.pem");
  CHECK(settings->auth.key_id == "k1");
  CHECK(settings->auth.algorithm == JwsAlgorithm::kES384);
  CHECK(settings->auth.scopes == "system/*.read system/Flag.write");
  CHECK(settings->auth.token_url == "https://auth.example.org/token");
}

TEST_CASE("settings: each auth type with its keys", "[client][settings]") {
  CHECK(Parse(R"({"base_url": "http://h/fhir", "auth": {"type": "none"}})").ok());
  CHECK(Parse(R"({"base_url": "http://h/fhir", "auth": {"type": "bearer", "token_env": "T"}})")
            .ok());
  CHECK(Parse(R"({"base_url": "http://h/fhir", "auth": {"type": "client_secret",
                  "client_id": "c", "client_secret_file": "s"}})").ok());
  Result<ClientSettings> smart = Parse(R"({"base_url": "http://h/fhir", "auth": {
      "type": "smart_backend", "client_id": "c", "private_key_env": "K", "key_id": "k",
      "scopes": "system/*.read"}})");
  REQUIRE(smart.ok());
  CHECK_FALSE(smart->auth.algorithm.has_value());
  CHECK(smart->auth.token_url.empty());
}

TEST_CASE("settings: each bad value names its key", "[client][settings]") {
  CHECK(ErrorOf(R"({})") == "config.json: server.base_url: required");
  CHECK(ErrorOf(R"({"base_url": "ftp://h"})") ==
        "config.json: server.base_url: must be an http:// or https:// URL without query or "
        "fragment");
  CHECK(ErrorOf(R"({"base_url": "http://h/fhir?x=1"})").rfind("config.json: server.base_url:", 0) == 0);
  CHECK(ErrorOf(R"({"base_url": "http://h", "colour": 1})") ==
        "config.json: server.colour: unknown key (known keys: base_url, connect_timeout_ms, "
        "read_timeout_ms, total_timeout_ms, tls, retry, auth, page_size, max_pages, "
        "max_get_url_length, max_requests_per_second, max_response_mb)");
  CHECK(ErrorOf(R"({"base_url": "http://h", "read_timeout_ms": 0})") ==
        "config.json: server.read_timeout_ms: must be an integer from 1 to 3600000");
  CHECK(ErrorOf(R"({"base_url": "http://h", "connect_timeout_ms": "10"})") ==
        "config.json: server.connect_timeout_ms: must be an integer from 1 to 600000");
  CHECK(ErrorOf(R"({"base_url": "http://h", "page_size": 2.5})") ==
        "config.json: server.page_size: must be an integer from 1 to 10000");
  CHECK(ErrorOf(R"({"base_url": "http://h", "max_requests_per_second": -1})") ==
        "config.json: server.max_requests_per_second: must be a number from 0 to 1000000");
  CHECK(ErrorOf(R"({"base_url": "http://h", "max_response_mb": 0})") ==
        "config.json: server.max_response_mb: must be an integer from 1 to 16384");
  CHECK(ErrorOf(R"({"base_url": "http://h", "tls": {"verify": "yes"}})") ==
        "config.json: server.tls.verify: must be true or false");
  CHECK(ErrorOf(R"({"base_url": "http://h", "tls": {"client_cert_file": "c.pem"}})") ==
        "config.json: server.tls.client_key_file: required for mutual TLS when the other of "
        "client_cert_file / client_key_file is set");
  CHECK(ErrorOf(R"({"base_url": "http://h", "tls": {"ca": "x"}})").rfind(
            "config.json: server.tls.ca: unknown key", 0) == 0);
  CHECK(ErrorOf(R"({"base_url": "http://h", "tls": []})") ==
        "config.json: server.tls: must be an object");
  CHECK(ErrorOf(R"({"base_url": "http://h", "retry": {"max_attempts": 0}})") ==
        "config.json: server.retry.max_attempts: must be an integer from 1 to 100");
  CHECK(ErrorOf(R"({"base_url": "http://h", "retry": {"initial_backoff_ms": 100,
                   "max_backoff_ms": 10}})") ==
        "config.json: server.retry.max_backoff_ms: must not be less than initial_backoff_ms");
  CHECK(ErrorOf(R"({"base_url": "http://h", "retry": {"max_retry_after_s": -5}})") ==
        "config.json: server.retry.max_retry_after_s: must be an integer from 0 to 86400");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "kerberos"}})") ==
        "config.json: server.auth.type: must be none, bearer, client_secret or smart_backend");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "smart_backend", "client_id": "c",
                   "private_key_file": "k", "key_id": "k", "scopes": "s",
                   "algorithm": "HS256"}})") ==
        "config.json: server.auth.algorithm: must be RS384 or ES384");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "bearer"}})") ==
        "config.json: server.auth.token_file: required (or token_env)");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "bearer", "token_file": "a",
                   "token_env": "B"}})") ==
        "config.json: server.auth.token_env: set only one of token_file and token_env");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "bearer", "token_file": "a",
                   "client_id": "c"}})") ==
        "config.json: server.auth.client_id: not used with auth type bearer");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "client_secret",
                   "client_secret_env": "S"}})") ==
        "config.json: server.auth.client_id: required");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "smart_backend", "client_id": "c",
                   "private_key_file": "k", "scopes": "s"}})") ==
        "config.json: server.auth.key_id: required: the kid of the registered public key");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "smart_backend", "client_id": "c",
                   "private_key_file": "k", "key_id": "k"}})").rfind(
            "config.json: server.auth.scopes: required for smart_backend", 0) == 0);
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "smart_backend", "client_id": "c",
                   "private_key_file": "k", "key_id": "k", "scopes": [1]}})") ==
        "config.json: server.auth.scopes: must be a space-separated string or an array of "
        "scope strings");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "client_secret", "client_id": "c",
                   "client_secret_env": "S", "token_url": "token"}})") ==
        "config.json: server.auth.token_url: must be an http:// or https:// URL without query "
        "or fragment");
  CHECK(ErrorOf(R"({"base_url": "http://h", "auth": {"type": "bearer", "token_file": ""}})") ==
        "config.json: server.auth.token_file: must be a non-empty string");
}

TEST_CASE("settings: a secret written inline is refused without echoing it",
          "[client][settings]") {
  std::string bearer = ErrorOf(R"({"base_url": "http://h",
                                  "auth": {"type": "bearer", "token": "s3cr3t-value"}})");
  CHECK(bearer ==
        "config.json: server.auth.token: secrets must not be written in the configuration; "
        "name the file or environment variable that holds it with token_file or token_env");
  std::string client_secret = ErrorOf(R"({"base_url": "http://h", "auth": {
      "type": "client_secret", "client_id": "c", "client_secret": "s3cr3t-value"}})");
  CHECK(client_secret.find("server.auth.client_secret: secrets must not be written") !=
        std::string::npos);
  CHECK(client_secret.find("client_secret_file or client_secret_env") != std::string::npos);
  std::string key = ErrorOf(R"({"base_url": "http://h", "auth": {"type": "smart_backend",
      "private_key": "-----BEGIN PRIVATE KEY-----"}})");
  CHECK(key.find("server.auth.private_key: secrets must not be written") != std::string::npos);
  for (const std::string& message : {bearer, client_secret, key}) {
    CHECK(message.find("s3cr3t") == std::string::npos);
    CHECK(message.find("BEGIN") == std::string::npos);
  }
}

TEST_CASE("settings: the server object itself must be an object", "[client][settings]") {
  rapidjson::Document document;
  document.Parse(R"("http://h")");
  Result<ClientSettings> settings = ParseClientSettings(document, "config.json");
  REQUIRE_FALSE(settings.ok());
  CHECK(settings.error().ToString() == "config.json: server: must be an object");
}

}  // namespace
}  // namespace als::client
