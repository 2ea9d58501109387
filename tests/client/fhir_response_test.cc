#include "als/client/fhir_response.h"

#include <libdeflate.h>

#include <catch2/catch.hpp>

#include "als/client/capability.h"
#include "als/fhir/json.h"

namespace als::client {
namespace {

HttpResponse Answer(int status, std::string body, std::string content_type = "application/fhir+json") {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("content-type", std::move(content_type));
  return response;
}

constexpr char kLocation[] = "GET https://h/fhir/Observation?patient=*";

std::string Gzip(std::string_view text) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_gzip_compress_bound(compressor, text.size()), '\0');
  out.resize(libdeflate_gzip_compress(compressor, text.data(), text.size(), out.data(), out.size()));
  libdeflate_free_compressor(compressor);
  return out;
}

// An answer the transport left gzip-encoded (HttpRequest::keep_gzip).
HttpResponse GzipAnswer(int status, std::string encoded, size_t max_decoded_size = size_t{64} << 20) {
  HttpResponse response = Answer(status, std::move(encoded));
  response.headers.emplace_back("Content-Encoding", "gzip");
  response.gzip = true;
  response.max_decoded_size = max_decoded_size;
  return response;
}

TEST_CASE("response: JSON bodies", "[client][response]") {
  Result<rapidjson::Document> ok = ParseJsonBody(Answer(200, R"({"resourceType":"Patient"})"), kLocation);
  REQUIRE(ok.ok());
  CHECK(std::string((*ok)["resourceType"].GetString()) == "Patient");

  Result<rapidjson::Document> truncated =
      ParseJsonBody(Answer(200, R"({"resourceType":"Bundle","entry":[{"res)"), kLocation);
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().code == ErrorCode::kParse);
  CHECK(truncated.error().location == kLocation);
  CHECK(truncated.error().message.find("ends early (truncated body?)") != std::string::npos);

  Result<rapidjson::Document> html =
      ParseJsonBody(Answer(200, "<html><body>Bad gateway</body></html>", "text/html"), kLocation);
  REQUIRE_FALSE(html.ok());
  CHECK(html.error().code == ErrorCode::kParse);
  CHECK(html.error().message.find("not valid JSON") != std::string::npos);
  CHECK(html.error().message.find("Content-Type text/html") != std::string::npos);

  Result<rapidjson::Document> empty = ParseJsonBody(Answer(200, ""), kLocation);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("no body") != std::string::npos);
}

TEST_CASE("response: deeply nested JSON does not overflow the stack", "[client][response]") {
  std::string deep(200000, '[');
  Result<rapidjson::Document> parsed = ParseJsonBody(Answer(200, deep), kLocation);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == ErrorCode::kParse);
}

TEST_CASE("response: JSON nested deeper than the fast parse's bound still parses", "[client][response]") {
  std::string deep = std::string(1000, '[') + "\"x\"" + std::string(1000, ']');
  Result<rapidjson::Document> parsed = ParseJsonBody(Answer(200, deep), kLocation);
  REQUIRE(parsed.ok());
  const rapidjson::Value* value = &*parsed;
  for (int i = 0; i < 1000; ++i) value = &(*value)[0];
  CHECK(std::string(value->GetString()) == "x");
}

TEST_CASE("response: a body parses as fhir::ParseInPool parses it", "[client][response]") {
  const std::string body =
      "\xEF\xBB\xBF" R"( {"resourceType":"Bundle","n":[1,-2,3.25,1e300,18446744073709551615],"s":"a\u00e9\"\\\n",)"
      R"("t":true,"f":false,"z":null,"o":{},"a":[]} )";
  Result<rapidjson::Document> parsed = ParseJsonBody(Answer(200, body), kLocation);
  REQUIRE(parsed.ok());
  rapidjson::Document expected;
  fhir::ParseInPool(body, &expected);
  REQUIRE_FALSE(expected.HasParseError());
  CHECK(*parsed == expected);
  CHECK(fhir::ToJson(*parsed) == fhir::ToJson(expected));

  // A syntax error is reported at ParseInPool's offset.
  const std::string bad = R"({"resourceType":"Bundle","entry":[{"a":1}, oops]})";
  Result<rapidjson::Document> failed = ParseJsonBody(Answer(200, bad), kLocation);
  REQUIRE_FALSE(failed.ok());
  rapidjson::Document reference;
  size_t offset = fhir::ParseInPool(bad, &reference);
  CHECK(failed.error().message.find("at byte " + std::to_string(offset) + " ") != std::string::npos);
}

TEST_CASE("response: OperationOutcome issues are quoted", "[client][response]") {
  const char* outcome = R"({"resourceType":"OperationOutcome","issue":[
      {"severity":"error","code":"invariant","diagnostics":"Missing required property",
       "expression":["Flag.code"]},
      {"severity":"warning","code":"processing","details":{"text":"Unknown code system"}},
      {"severity":"information"}]})";
  rapidjson::Document document;
  document.Parse(outcome);
  CHECK(DescribeOperationOutcome(document) ==
        "error: Flag.code: Missing required property; warning: Unknown code system");

  HttpResponse response = Answer(400, outcome);
  response.reason = "Bad Request";
  Error error = ErrorFromResponse(response, "PUT https://h/fhir/Flag/f1");
  CHECK(error.code == ErrorCode::kInvalidData);
  CHECK(error.ToString() ==
        "PUT https://h/fhir/Flag/f1: HTTP 400 Bad Request: error: Flag.code: Missing required "
        "property; warning: Unknown code system");
}

TEST_CASE("response: statuses map to error codes", "[client][response]") {
  CHECK(ErrorCodeForStatus(401) == ErrorCode::kUnauthenticated);
  CHECK(ErrorCodeForStatus(403) == ErrorCode::kPermissionDenied);
  CHECK(ErrorCodeForStatus(404) == ErrorCode::kNotFound);
  CHECK(ErrorCodeForStatus(410) == ErrorCode::kNotFound);
  CHECK(ErrorCodeForStatus(409) == ErrorCode::kConflict);
  CHECK(ErrorCodeForStatus(412) == ErrorCode::kConflict);
  CHECK(ErrorCodeForStatus(422) == ErrorCode::kInvalidData);
  CHECK(ErrorCodeForStatus(429) == ErrorCode::kUnavailable);
  CHECK(ErrorCodeForStatus(503) == ErrorCode::kUnavailable);
  CHECK(ErrorCodeForStatus(418) == ErrorCode::kServerError);
}

TEST_CASE("response: non-JSON and OAuth error bodies, and why retrying stopped",
          "[client][response]") {
  HttpResponse html = Answer(503, "<html>down</html>", "text/html");
  html.gave_up = "gave up after 5 attempts in 1.0 s (server.retry.max_attempts = 5)";
  Error error = ErrorFromResponse(html, kLocation);
  CHECK(error.code == ErrorCode::kUnavailable);
  CHECK(error.message ==
        "HTTP 503: a 17-byte text/html body, not JSON; gave up after 5 attempts in 1.0 s "
        "(server.retry.max_attempts = 5)");

  HttpResponse oauth =
      Answer(401, R"({"error":"invalid_client","error_description":"bad signature"})",
             "application/json");
  CHECK(ErrorFromResponse(oauth, kLocation).message == "HTTP 401: invalid_client: bad signature");
}

TEST_CASE("capabilities: what the server lacks is listed", "[client][capability]") {
  rapidjson::Document statement;
  statement.Parse(R"({"resourceType":"CapabilityStatement","fhirVersion":"4.0.1",
    "software":{"name":"Test","version":"1.2"},
    "rest":[{"mode":"server","interaction":[{"code":"transaction"}],
      "searchParam":[{"name":"_lastUpdated"}],
      "resource":[
        {"type":"Observation","interaction":[{"code":"read"},{"code":"search-type"}],
         "searchParam":[{"name":"patient"},{"name":"code"}]},
        {"type":"Flag","conditionalUpdate":true,"searchParam":[{"name":"identifier"}]},
        {"type":"CarePlan","conditionalUpdate":false,"interaction":[{"code":"read"}]}]}]})");
  CapabilityRequirements requirements;
  requirements.batch = true;
  requirements.transaction = true;
  requirements.conditional_update_types = {"CarePlan", "Flag"};
  requirements.search_params = {{"Observation", {"patient", "date", "_lastUpdated"}},
                                {"Flag", {"identifier"}},
                                {"CarePlan", {"identifier"}},
                                {"Condition", {"code"}}};
  Result<CapabilityReport> report = AssessCapabilities(statement, requirements);
  REQUIRE(report.ok());
  CHECK(report->fhir_version == "4.0.1");
  CHECK(report->software == "Test 1.2");
  CHECK(report->missing == std::vector<std::string>{
                               "batch", "conditional update of CarePlan",
                               "search parameter Observation.date", "search of CarePlan",
                               "resource type Condition"});
}

TEST_CASE("capabilities: only FHIR R4", "[client][capability]") {
  rapidjson::Document statement;
  statement.Parse(R"({"resourceType":"CapabilityStatement","fhirVersion":"5.0.0"})");
  Result<CapabilityReport> report = AssessCapabilities(statement, {});
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().code == ErrorCode::kFailedPrecondition);
  CHECK(report.error().message ==
        "the server speaks FHIR 5.0.0; the adapter needs FHIR R4 (4.0.x)");

  statement.Parse(R"({"resourceType":"Patient"})");
  CHECK_FALSE(AssessCapabilities(statement, {}).ok());
}

}  // namespace
}  // namespace als::client

namespace als::client {
namespace {

TEST_CASE("response: a gzip body is decoded into the document as a plain one parses", "[client][response]") {
  const std::string body =
      "\xEF\xBB\xBF" R"({"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Basic",)"
      R"("id":"b1","s":"a\u00e9\"\\"}}],"n":[1,-2,3.25]})";
  // Each way of decoding reports the depth (Bundle, entry, entry[0], resource = 4).
  int depth = -1;
  Result<rapidjson::Document> plain = ParseJsonBody(Answer(200, body), kLocation, &depth);
  REQUIRE(plain.ok());
  CHECK(depth == 4);

  depth = -1;
  Result<rapidjson::Document> one = ParseJsonBody(GzipAnswer(200, Gzip(body)), kLocation, &depth);
  REQUIRE(one.ok());
  CHECK(*one == *plain);
  CHECK(depth == 4);

  // Several members (RFC 1952): decoded whole, by the slower way.
  const size_t half = body.size() / 2;
  depth = -1;
  Result<rapidjson::Document> members =
      ParseJsonBody(GzipAnswer(200, Gzip(body.substr(0, half)) + Gzip(body.substr(half))), kLocation, &depth);
  REQUIRE(members.ok());
  CHECK(*members == *plain);
  CHECK(depth == 4);

  // Deeper than the fast parse's bound: decoded a second time for the iterative parse.
  const std::string deep = std::string(1000, '[') + "\"x\"" + std::string(1000, ']');
  Result<rapidjson::Document> nested = ParseJsonBody(GzipAnswer(200, Gzip(deep)), kLocation, &depth);
  REQUIRE(nested.ok());
  CHECK(depth == fhir::kDepthBeyondRecursiveParse);
  const rapidjson::Value* value = &*nested;
  for (int i = 0; i < 1000; ++i) value = &(*value)[0];
  CHECK(std::string(value->GetString()) == "x");
}

TEST_CASE("response: whether an answer has a body, once decoded", "[client][response]") {
  CHECK_FALSE(HasBody(Answer(201, "")));
  CHECK(HasBody(Answer(201, "{}")));
  CHECK_FALSE(HasBody(GzipAnswer(201, Gzip(""))));
  CHECK(HasBody(GzipAnswer(201, Gzip("{}"))));
  CHECK(HasBody(GzipAnswer(201, Gzip("{}") + Gzip(""))));  // a last member of no length
  std::string corrupt = Gzip("");
  corrupt[10] ^= 0x55;
  CHECK(HasBody(GzipAnswer(201, corrupt)));  // for ParseJsonBody to report
}

TEST_CASE("response: gzip bodies that are bad, empty or over the limit are clear errors", "[client][response]") {
  const std::string bad = R"({"resourceType":"Bundle","entry":[{"a":1}, oops]})";
  Result<rapidjson::Document> syntax = ParseJsonBody(GzipAnswer(200, Gzip(bad)), kLocation);
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.error().code == ErrorCode::kParse);
  rapidjson::Document reference;
  size_t offset = fhir::ParseInPool(bad, &reference);
  CHECK(syntax.error().message.find("not valid JSON") != std::string::npos);
  CHECK(syntax.error().message.find("at byte " + std::to_string(offset) + " ") != std::string::npos);
  CHECK(syntax.error().message.find(std::to_string(bad.size()) + " bytes decompressed") != std::string::npos);

  const std::string truncated_json = R"({"resourceType":"Bundle","entry":[)";
  Result<rapidjson::Document> ends = ParseJsonBody(GzipAnswer(200, Gzip(truncated_json)), kLocation);
  REQUIRE_FALSE(ends.ok());
  CHECK(ends.error().message.find("ends early") != std::string::npos);

  std::string corrupt = Gzip(bad);
  corrupt[corrupt.size() / 2] ^= 0x55;
  Result<rapidjson::Document> damaged = ParseJsonBody(GzipAnswer(200, corrupt), kLocation);
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.error().code == ErrorCode::kParse);
  CHECK(damaged.error().location == kLocation);
  CHECK(damaged.error().message.find("cannot decompress the answer") != std::string::npos);

  Result<rapidjson::Document> empty = ParseJsonBody(GzipAnswer(200, Gzip("")), kLocation);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("no body") != std::string::npos);

  // A trailer that understates the length (as one over 4 GB would, mod 2^32):
  // decoding stops at the limit.
  std::string spaces = Gzip(std::string(3 << 20, ' '));
  for (size_t i = spaces.size() - 4; i < spaces.size(); ++i) spaces[i] = i == spaces.size() - 4 ? 1 : 0;
  Result<rapidjson::Document> bomb = ParseJsonBody(GzipAnswer(200, spaces, size_t{1} << 20), kLocation);
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.error().code == ErrorCode::kServerError);
  CHECK(bomb.error().message.find("larger than the limit once decompressed: 1 MB (server.max_response_mb") !=
        std::string::npos);
}

TEST_CASE("response: a gzip error body is decoded for its OperationOutcome", "[client][response]") {
  const std::string outcome =
      R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","diagnostics":"version conflict"}]})";
  Error error = ErrorFromResponse(GzipAnswer(412, Gzip(outcome)), kLocation);
  CHECK(error.code == ErrorCode::kConflict);
  CHECK(error.message == "HTTP 412: error: version conflict");

  std::string corrupt = Gzip(outcome);
  corrupt[corrupt.size() / 2] ^= 0x55;
  Error undecodable = ErrorFromResponse(GzipAnswer(500, corrupt), kLocation);
  CHECK(undecodable.message.find("gzip body that does not decompress") != std::string::npos);
}

}  // namespace
}  // namespace als::client
