#include "als/client/url.h"

#include <catch2/catch.hpp>

namespace als::client {
namespace {

TEST_CASE("url: parsing absolute URLs", "[client][url]") {
  Result<Url> url = ParseUrl("https://ehr.example.org/fhir/Patient?_id=1#frag");
  REQUIRE(url.ok());
  CHECK(url->scheme == "https");
  CHECK(url->host == "ehr.example.org");
  CHECK(url->port == 443);
  CHECK(url->target == "/fhir/Patient?_id=1");
  CHECK(url->Origin() == "https://ehr.example.org:443");

  url = ParseUrl("HTTP://127.0.0.1:8080");
  REQUIRE(url.ok());
  CHECK(url->scheme == "http");
  CHECK(url->port == 8080);
  CHECK(url->target == "/");

  url = ParseUrl("http://[::1]:9000?x=1");
  REQUIRE(url.ok());
  CHECK(url->host == "[::1]");
  CHECK(url->port == 9000);
  CHECK(url->target == "/?x=1");
}

TEST_CASE("url: unusable URLs", "[client][url]") {
  for (const char* bad : {"ehr.example.org/fhir", "ftp://h/x", "http:///x", "http://h:0/",
                          "http://h:99999/", "http://h:abc/", "http://user:pw@h/",
                          "http://h/a b", "http://[::1/"}) {
    INFO(bad);
    Result<Url> url = ParseUrl(bad);
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().code == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("url: percent-encoding keeps only unreserved characters", "[client][url]") {
  CHECK(PercentEncode("abcXYZ019-._~") == "abcXYZ019-._~");
  CHECK(PercentEncode("http://loinc.org|19868-9") == "http%3A%2F%2Floinc.org%7C19868-9");
  CHECK(PercentEncode("a b&c=d,e+f") == "a%20b%26c%3Dd%2Ce%2Bf");
  CHECK(PercentEncode("ge2026-03-01T00:00:00+01:00") == "ge2026-03-01T00%3A00%3A00%2B01%3A00");
  CHECK(PercentEncode("Ålesund") == "%C3%85lesund");
}

TEST_CASE("url: queries keep order and repeated names", "[client][url]") {
  QueryParams params = {{"patient", "Patient/p 1"}, {"date", "ge2026"}, {"date", "lt2027"}};
  CHECK(EncodeQuery(params) == "patient=Patient%2Fp%201&date=ge2026&date=lt2027");
  CHECK(AppendQuery("http://h/fhir/Observation", params) ==
        "http://h/fhir/Observation?patient=Patient%2Fp%201&date=ge2026&date=lt2027");
  CHECK(AppendQuery("http://h/fhir/Observation?_count=5", {{"code", "a|b"}}) ==
        "http://h/fhir/Observation?_count=5&code=a%7Cb");
  CHECK(AppendQuery("http://h/fhir/Observation", {}) == "http://h/fhir/Observation");
}

TEST_CASE("url: the page size is added once, never over a _count already asked for", "[client][url]") {
  CHECK(WithPageSize({{"subject", "Patient/1"}}, 100) == QueryParams{{"subject", "Patient/1"}, {"_count", "100"}});
  CHECK(WithPageSize({{"_count", "5"}, {"code", "x"}}, 100) == QueryParams{{"_count", "5"}, {"code", "x"}});
  CHECK(WithPageSize({}, 7) == QueryParams{{"_count", "7"}});
}

TEST_CASE("url: redaction hides query values, not names or path", "[client][url]") {
  CHECK(RedactUrl("https://h/fhir/Observation?patient=123&code=x%7Cy&_count=100") ==
        "https://h/fhir/Observation?patient=*&code=*&_count=*");
  CHECK(RedactUrl("https://h/fhir/Patient/123") == "https://h/fhir/Patient/123");
  CHECK(RedactUrl("https://h/fhir?flag&a=") == "https://h/fhir?flag&a=*");
}

}  // namespace
}  // namespace als::client
