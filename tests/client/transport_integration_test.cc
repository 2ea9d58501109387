// Transport against the local test server: TLS, mutual TLS, injected faults
// (429, 503, stall, truncated, non-JSON, reset), retries, timeouts, rate limit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "als/client/fhir_client.h"
#include "als/client/http_transport.h"
#include "test_server.h"

namespace als::client {
namespace {

using testing::CreatePatientWithObservations;
using testing::FastSettings;
using testing::Json;
using testing::SecondsFor;
using testing::TestServer;
using testing::UniqueId;

using testing::MakeClient;

// A Patient of its own, so that a fault on its URL hits no other request.
struct Fixture {
  const TestServer& server = TestServer::Get();
  std::unique_ptr<FhirClient> client = MakeClient(FastSettings(server.http + "/fhir"));
  std::string patient = CreatePatientWithObservations(*client, 0);
  std::string path = "/fhir/Patient/" + patient;

  std::unique_ptr<HttpTransport> Transport(const ClientSettings& settings) const {
    Result<std::unique_ptr<HttpTransport>> transport = HttpTransport::Create(settings, nullptr);
    REQUIRE(transport.ok());
    return std::move(transport).value();
  }
  // A repeatable read of this fixture's Patient.
  HttpRequest PatientRead() const {
    HttpRequest request;
    request.url = server.http + path;
    request.repeatable = true;
    return request;
  }
};

TEST_CASE("transport: 429 with Retry-After in seconds, then success", "[client][integration]") {
  Fixture f;
  f.server.AddFault("429", 1, f.path, "1");
  Result<rapidjson::Document> read(MakeError(ErrorCode::kInternal, "", "not run"));
  double seconds = SecondsFor([&] { read = f.client->Read("Patient", f.patient); });
  INFO((read.ok() ? "" : read.error().ToString()));
  REQUIRE(read.ok());
  CHECK(seconds >= 0.95);
  CHECK(seconds < 3);
  CHECK(f.client->Stats().retries == 1);
}

TEST_CASE("transport: 429 with Retry-After as an HTTP-date", "[client][integration]") {
  Fixture f;
  auto in_two_seconds = std::chrono::system_clock::now() + std::chrono::seconds(2);
  std::time_t t = std::chrono::system_clock::to_time_t(in_two_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  f.server.AddFault("429", 1, f.path, date);
  Result<rapidjson::Document> read(MakeError(ErrorCode::kInternal, "", "not run"));
  double seconds = SecondsFor([&] { read = f.client->Read("Patient", f.patient); });
  REQUIRE(read.ok());
  CHECK(seconds >= 0.9);  // whole seconds: 1 to 2 s of waiting
  CHECK(seconds < 4);
}

TEST_CASE("transport: a Retry-After beyond the cap fails at once", "[client][integration]") {
  Fixture f;
  f.server.AddFault("429", 1, f.path, "7200");
  Result<rapidjson::Document> read(MakeError(ErrorCode::kInternal, "", "not run"));
  double seconds = SecondsFor([&] { read = f.client->Read("Patient", f.patient); });
  REQUIRE_FALSE(read.ok());
  CHECK(seconds < 1);
  CHECK(read.error().code == ErrorCode::kUnavailable);
  CHECK(read.error().message.find("server asked to retry after 7200 s, above the cap of 5 s "
                                  "(server.retry.max_retry_after_s)") != std::string::npos);
  CHECK(read.error().location == "GET " + f.server.http + f.path);
}

TEST_CASE("transport: a 503 storm beyond the retry budget fails in bounded time",
          "[client][integration]") {
  Fixture f;
  int64_t reads_before = f.server.Count("read");
  f.server.AddFault("503", 3, f.path);  // as many as the attempts: nothing stays queued
  Result<rapidjson::Document> read(MakeError(ErrorCode::kInternal, "", "not run"));
  double seconds = SecondsFor([&] { read = f.client->Read("Patient", f.patient); });
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(seconds < 1);  // 2 waits of at most 10 and 20 ms
  CHECK(read.error().code == ErrorCode::kUnavailable);
  CHECK(read.error().message.rfind("HTTP 503", 0) == 0);
  CHECK(read.error().message.find("Injected fault 503") != std::string::npos);
  CHECK(read.error().message.find("gave up after 3 attempts") != std::string::npos);
  CHECK(f.server.Count("read") - reads_before == 3);
  CHECK(f.client->Stats().retries == 2);
}

TEST_CASE("transport: a create is not repeated once it may have reached the server",
          "[client][integration]") {
  Fixture f;
  // Through the bearer prefix, so that the fault's path is this test's alone.
  ClientSettings settings = FastSettings(f.server.http + "/bearer/fhir");
  settings.auth.type = AuthType::kBearer;
  settings.auth.token_file = f.server.File("static-token");
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  rapidjson::Document basic = Json(R"({"resourceType":"Basic","code":{"text":"retry test"}})");

  int64_t creates_before = f.server.Count("create");
  f.server.AddFault("503", 1, "/bearer/fhir/Basic");
  Result<WriteResult> refused = client->CreateResource(basic);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("not retried: the request is not safe to repeat") !=
        std::string::npos);

  f.server.AddFault("reset", 1, "/bearer/fhir/Basic");
  Result<WriteResult> reset = client->CreateResource(basic);
  REQUIRE_FALSE(reset.ok());
  INFO(reset.error().ToString());
  CHECK(reset.error().code == ErrorCode::kUnavailable);
  CHECK(reset.error().message.find("not retried: the request may have reached the server") !=
        std::string::npos);
  CHECK(f.server.Count("create") - creates_before == 2);  // one attempt each
}

TEST_CASE("transport: a reset connection is retried for a read", "[client][integration]") {
  Fixture f;
  f.server.AddFault("reset", 2, f.path);
  Result<rapidjson::Document> read = f.client->Read("Patient", f.patient);
  INFO((read.ok() ? "" : read.error().ToString()));
  CHECK(read.ok());
  CHECK(f.client->Stats().retries == 2);
}

TEST_CASE("transport: a stalled server gives a timeout in bounded time", "[client][integration]") {
  Fixture f;
  ClientSettings settings = FastSettings(f.server.http + "/fhir");
  settings.read_timeout_ms = 300;
  settings.retry.max_attempts = 2;
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  f.server.AddFault("stall", 2, f.path);
  Result<rapidjson::Document> read(MakeError(ErrorCode::kInternal, "", "not run"));
  double seconds = SecondsFor([&] { read = client->Read("Patient", f.patient); });
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kTimeout);
  CHECK(read.error().message.find("no answer within 300 ms (server.read_timeout_ms)") !=
        std::string::npos);
  CHECK(read.error().message.find("gave up after 2 attempts") != std::string::npos);
  CHECK(seconds >= 0.55);
  CHECK(seconds < 1.5);

  SECTION("total_timeout_ms bounds the request whatever the read timeout") {
    settings.read_timeout_ms = 5000;
    settings.total_timeout_ms = 600;
    std::unique_ptr<FhirClient> bounded = MakeClient(settings);
    f.server.AddFault("stall", 1, f.path);
    double bounded_seconds = SecondsFor([&] { read = bounded->Read("Patient", f.patient); });
    REQUIRE_FALSE(read.ok());
    INFO(read.error().ToString());
    CHECK(read.error().code == ErrorCode::kTimeout);
    CHECK(read.error().message.find("server.total_timeout_ms = 600") != std::string::npos);
    CHECK(bounded_seconds < 1.5);
  }
}

TEST_CASE("transport: a truncated body is a clear error", "[client][integration]") {
  Fixture f;
  f.server.AddFault("truncated", 3, f.path);
  Result<rapidjson::Document> read = f.client->Read("Patient", f.patient);
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kUnavailable);
  CHECK(read.error().message.find("the answer was cut off after") != std::string::npos);
  CHECK(read.error().location == "GET " + f.server.http + f.path);

  SECTION("a single truncated answer is retried away") {
    f.server.AddFault("truncated", 1, f.path);
    CHECK(f.client->Read("Patient", f.patient).ok());
  }
}

TEST_CASE("transport: a non-JSON body is a parse error naming the URL", "[client][integration]") {
  Fixture f;
  f.server.AddFault("nonjson", 1, f.path);
  Result<rapidjson::Document> read = f.client->Read("Patient", f.patient);
  REQUIRE_FALSE(read.ok());
  INFO(read.error().ToString());
  CHECK(read.error().code == ErrorCode::kParse);
  CHECK(read.error().location == "GET " + f.server.http + f.path);
  CHECK(read.error().message.find("not valid JSON") != std::string::npos);
  CHECK(read.error().message.find("text/html") != std::string::npos);
}

TEST_CASE("transport: TLS with the test CA; an untrusted CA is refused clearly",
          "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.https + "/fhir");
  settings.tls.ca_file = server.File("ca.pem");
  Result<CapabilityReport> trusted = MakeClient(settings)->CheckMetadata();
  INFO((trusted.ok() ? "" : trusted.error().ToString()));
  CHECK(trusted.ok());

  for (const std::string& ca_file : {server.File("other-ca.pem"), std::string()}) {
    INFO("ca_file: " << (ca_file.empty() ? "(system store)" : ca_file));
    settings.tls.ca_file = ca_file;
    std::unique_ptr<FhirClient> client = MakeClient(settings);
    Result<CapabilityReport> untrusted(MakeError(ErrorCode::kInternal, "", "not run"));
    double seconds = SecondsFor([&] { untrusted = client->CheckMetadata(); });
    REQUIRE_FALSE(untrusted.ok());
    INFO(untrusted.error().ToString());
    CHECK(untrusted.error().code == ErrorCode::kFailedPrecondition);
    CHECK(untrusted.error().message.find("the server's TLS certificate is not trusted") !=
          std::string::npos);
    CHECK(untrusted.error().message.find("server.tls.ca_file") != std::string::npos);
    CHECK(client->Stats().attempts == 1);  // no retrying a trust failure
    CHECK(seconds < 1);
  }

  settings.tls.ca_file = server.File("other-ca.pem");
  settings.tls.verify = false;
  CHECK(MakeClient(settings)->CheckMetadata().ok());
}

TEST_CASE("transport: a trusted certificate for another name is refused", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  // The same listener by IP literal and by DNS name: the certificate names neither.
  const std::string port = server.wrong_name.substr(server.wrong_name.rfind(':'));
  for (const std::string& host : {std::string("127.0.0.1"), std::string("localhost")}) {
    INFO("host " << host);
    ClientSettings settings = FastSettings("https://" + host + port + "/fhir");
    settings.tls.ca_file = server.File("ca.pem");
    std::unique_ptr<FhirClient> client = MakeClient(settings);
    Result<CapabilityReport> refused = client->CheckMetadata();
    REQUIRE_FALSE(refused.ok());
    INFO(refused.error().ToString());
    CHECK(refused.error().code == ErrorCode::kFailedPrecondition);
    CHECK(refused.error().message.find("the server's TLS certificate is not trusted (its name does not match " +
                                       host + ")") != std::string::npos);
    CHECK(client->Stats().attempts == 1);
  }
  // The same certificate on the right name is fine: the test server's own one.
  ClientSettings settings = FastSettings("https://localhost" + server.https.substr(server.https.rfind(':')) + "/fhir");
  settings.tls.ca_file = server.File("ca.pem");
  Result<CapabilityReport> trusted = MakeClient(settings)->CheckMetadata();
  INFO((trusted.ok() ? "" : trusted.error().ToString()));
  CHECK(trusted.ok());
}

TEST_CASE("transport: mutual TLS with the client certificate", "[client][integration]") {
  const TestServer& server = TestServer::Get();
  ClientSettings settings = FastSettings(server.mtls + "/fhir");
  settings.tls.ca_file = server.File("ca.pem");
  settings.tls.client_cert_file = server.File("client.pem");
  settings.tls.client_key_file = server.File("client-key.pem");
  Result<CapabilityReport> with_certificate = MakeClient(settings)->CheckMetadata();
  INFO((with_certificate.ok() ? "" : with_certificate.error().ToString()));
  CHECK(with_certificate.ok());

  settings.tls.client_cert_file.clear();
  settings.tls.client_key_file.clear();
  Result<CapabilityReport> without = MakeClient(settings)->CheckMetadata();
  REQUIRE_FALSE(without.ok());
  INFO(without.error().ToString());
  CHECK(without.error().code == ErrorCode::kUnavailable);
  CHECK(without.error().message.find("server.tls.client_cert_file") != std::string::npos);

  settings.tls.client_cert_file = server.File("no-such-client.pem");
  settings.tls.client_key_file = server.File("client-key.pem");
  Result<std::unique_ptr<FhirClient>> missing = FhirClient::Create(settings);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().location == "test: server.tls.client_cert_file");
}

TEST_CASE("transport: answers come gzip-compressed and are decompressed",
          "[client][integration]") {
  Fixture f;
  std::string patient = CreatePatientWithObservations(*f.client, 10);
  ClientSettings settings = FastSettings(f.server.http + "/fhir");
  RequestStats stats;
  Result<std::unique_ptr<HttpTransport>> transport = HttpTransport::Create(settings, &stats);
  REQUIRE(transport.ok());
  HttpRequest request;
  request.url = f.server.http + "/fhir/Observation?subject=Patient/" + patient;
  request.repeatable = true;
  Result<HttpResponse> response = (*transport)->Send(request);
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  CHECK(response->Header("Content-Encoding") == "gzip");
  rapidjson::Document bundle = Json(response->body);
  CHECK(bundle["entry"].Size() == 10);

  // The stats count the answer as it came (gzip) and as decoded (the body here).
  RequestStatsSnapshot decoded_here = stats.Snapshot();
  CHECK(decoded_here.sent_bytes == 0);
  CHECK(decoded_here.decoded_bytes == response->body.size());
  CHECK(decoded_here.received_bytes > 0);
  CHECK(decoded_here.received_bytes < decoded_here.decoded_bytes);

  SECTION("left encoded for the caller, the answer counts as its stated size once decoded") {
    request.keep_gzip = true;
    Result<HttpResponse> kept = (*transport)->Send(request);
    REQUIRE(kept.ok());
    REQUIRE(kept->gzip);
    RequestStatsSnapshot after = stats.Snapshot();
    CHECK(after.received_bytes - decoded_here.received_bytes == kept->body.size());
    // The same search again: only Bundle.meta.lastUpdated differs, at the same length.
    CHECK(after.decoded_bytes - decoded_here.decoded_bytes == decoded_here.decoded_bytes);
  }
  SECTION("a request body counts as sent") {
    HttpRequest post;
    post.method = "POST";
    post.url = f.server.http + "/fhir/Patient";
    post.content_type = "application/fhir+json";
    post.body = R"({"resourceType":"Patient","active":true})";
    Result<HttpResponse> created = (*transport)->Send(post);
    REQUIRE(created.ok());
    CHECK(created->status == 201);
    CHECK(stats.Snapshot().sent_bytes == post.body.size());
  }
}

// cpp-httplib writes a POST's head and body in two sends. Unless Nagle's
// algorithm is off, the body waits for the head's ACK, which the server's
// kernel delays (at least 40 ms on Linux) while it waits for the body.
TEST_CASE("transport: a POST's body is not held back for the head's acknowledgement",
          "[client][integration]") {
  const TestServer& server = TestServer::Get();
  for (const std::string& base : {server.http, server.https}) {
    INFO(base);
    ClientSettings settings = FastSettings(base + "/fhir");
    settings.tls.ca_file = server.File("ca.pem");
    Result<std::unique_ptr<HttpTransport>> transport = HttpTransport::Create(settings, nullptr);
    REQUIRE(transport.ok());
    HttpRequest post;
    post.method = "POST";
    post.url = base + "/fhir/metadata";  // refused at once (405): the server's own time is nil
    post.content_type = "application/fhir+json";
    post.body = "{" + std::string(20000, ' ') + "}";  // a transaction's size
    double fastest = 1e9;
    // One kept-alive connection. The first request, which opens it, is not
    // counted: a new connection's first segments are acknowledged at once.
    for (int i = 0; i < 9; ++i) {
      Result<HttpResponse> refused(MakeError(ErrorCode::kInternal, "", "not run"));
      double seconds = SecondsFor([&] { refused = (*transport)->Send(post); });
      REQUIRE(refused.ok());
      CHECK(refused->status == 405);
      if (i > 0) fastest = std::min(fastest, seconds);
    }
    CHECK(fastest < 0.02);
  }
}

TEST_CASE("transport: gzip in several members is decoded; corrupt gzip and unasked encodings are clear errors",
          "[client][integration]") {
  Fixture f;
  std::unique_ptr<HttpTransport> transport = f.Transport(FastSettings(f.server.http + "/fhir"));
  HttpRequest request = f.PatientRead();

  f.server.AddFault("gzipmembers", 1, f.path);
  Result<HttpResponse> members = transport->Send(request);
  REQUIRE(members.ok());
  rapidjson::Document bundle = Json(members->body);
  REQUIRE(bundle.IsObject());
  CHECK(bundle["entry"][0]["resource"]["id"] == "gzipmembers");

  f.server.AddFault("badgzip", 3, f.path);
  Result<HttpResponse> corrupt = transport->Send(request);
  REQUIRE_FALSE(corrupt.ok());
  INFO(corrupt.error().ToString());
  CHECK(corrupt.error().message.find("cannot decompress the answer") != std::string::npos);
  CHECK(corrupt.error().location == "GET " + request.url);

  f.server.AddFault("brotli", 1, f.path);
  Result<HttpResponse> brotli = transport->Send(request);
  REQUIRE_FALSE(brotli.ok());
  INFO(brotli.error().ToString());
  CHECK(brotli.error().message.find("Content-Encoding 'br' was not asked for") != std::string::npos);
}

TEST_CASE("transport: an answer over max_response_mb fails, as received or once decompressed",
          "[client][integration]") {
  Fixture f;
  ClientSettings settings = FastSettings(f.server.http + "/fhir");
  settings.max_response_mb = 1;
  std::unique_ptr<HttpTransport> transport = f.Transport(settings);
  HttpRequest request = f.PatientRead();

  // Queued for more attempts than are made: a retry would take the second.
  f.server.AddFault("huge", 2, f.path);
  Result<HttpResponse> huge = transport->Send(request);
  REQUIRE_FALSE(huge.ok());
  INFO(huge.error().ToString());
  CHECK(huge.error().location == "GET " + request.url);
  CHECK(huge.error().message.find("larger than the limit: 1 MB (server.max_response_mb; raise it, or lower server.page_size)") != std::string::npos);
  // Not retried: the second 'huge' is still queued and answers this one.
  Result<HttpResponse> again = transport->Send(request);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("larger than the limit: 1 MB") != std::string::npos);

  f.server.AddFault("gzipbomb", 2, f.path);
  Result<HttpResponse> bomb = transport->Send(request);
  REQUIRE_FALSE(bomb.ok());
  INFO(bomb.error().ToString());
  CHECK(bomb.error().message.find("larger than the limit once decompressed: 1 MB") != std::string::npos);

  // The default limit reads the same answer (the second 'gzipbomb').
  Result<HttpResponse> read = f.Transport(FastSettings(f.server.http + "/fhir"))->Send(request);
  REQUIRE(read.ok());
  CHECK(read->body.size() > 32u * 1024 * 1024);
  CHECK(Json(read->body)["resourceType"] == "Bundle");
}

TEST_CASE("transport: requests per second are limited across threads",
          "[client][integration]") {
  Fixture f;
  ClientSettings settings = FastSettings(f.server.http + "/fhir");
  settings.max_requests_per_second = 10;
  std::unique_ptr<FhirClient> client = MakeClient(settings);
  // A burst of 10, then 10 more at 100 ms intervals: about 1 s for 20 reads.
  std::atomic<int> succeeded{0};  // Catch2 assertions are not thread-safe
  double seconds = SecondsFor([&] {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 5; ++i) succeeded += client->Read("Patient", f.patient).ok() ? 1 : 0;
      });
    }
    for (std::thread& thread : threads) thread.join();
  });
  CHECK(succeeded == 20);
  CHECK(seconds >= 0.9);
  CHECK(seconds < 3);
}

}  // namespace
}  // namespace als::client
