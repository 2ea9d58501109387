#include "als/client/retry.h"

#include <catch2/catch.hpp>

#include "als/client/http_time.h"
#include "als/client/rate_limiter.h"

namespace als::client {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

system_clock::time_point At(std::time_t epoch_seconds) {
  return system_clock::from_time_t(epoch_seconds);
}

constexpr std::time_t k1994Nov6 = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST_CASE("http dates: the three forms of RFC 9110", "[client][retry]") {
  CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == At(k1994Nov6));
  CHECK(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT") == At(k1994Nov6));
  CHECK(ParseHttpDate("Sun Nov  6 08:49:37 1994") == At(k1994Nov6));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 CET"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("1994-11-06T08:49:37Z"));
  CHECK_FALSE(ParseHttpDate(""));
  CHECK(FormatFhirInstant(At(k1994Nov6)) == "1994-11-06T08:49:37Z");
}

TEST_CASE("Retry-After: delta-seconds", "[client][retry]") {
  system_clock::time_point now = At(k1994Nov6);
  CHECK(ParseRetryAfter("5", now) == seconds(5));
  CHECK(ParseRetryAfter("0", now) == seconds(0));
  CHECK(ParseRetryAfter(" 120 ", now) == seconds(120));
  CHECK(ParseRetryAfter("7200", now) == seconds(7200));
  // Absurd values saturate instead of overflowing, and stay above any cap.
  CHECK(ParseRetryAfter("99999999999999999999999", now) == seconds(1000000000));
}

TEST_CASE("Retry-After: HTTP-date", "[client][retry]") {
  system_clock::time_point now = At(k1994Nov6 - 30);
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now) == seconds(30));
  // Part of a second left still means one second: early retries would be refused.
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now + milliseconds(29500)) == seconds(1));
  // A date in the past: retry now.
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", At(k1994Nov6 + 60)) == seconds(0));
}

TEST_CASE("Retry-After: garbage is not a wait", "[client][retry]") {
  system_clock::time_point now = At(k1994Nov6);
  for (const char* garbage : {"", "  ", "soon", "-5", "5s", "1.5", "12abc", "Sun, 06 Nov"}) {
    INFO(garbage);
    CHECK_FALSE(ParseRetryAfter(garbage, now).has_value());
  }
}

TEST_CASE("retryable statuses", "[client][retry]") {
  for (int status : {429, 502, 503, 504}) CHECK(IsRetryableStatus(status));
  for (int status : {200, 201, 400, 401, 403, 404, 409, 412, 500, 501}) {
    CHECK_FALSE(IsRetryableStatus(status));
  }
}

TEST_CASE("backoff: exponential ceiling, capped", "[client][retry]") {
  RetrySettings settings;
  settings.initial_backoff_ms = 500;
  settings.max_backoff_ms = 30000;
  CHECK(BackoffCeiling(settings, 0) == milliseconds(500));
  CHECK(BackoffCeiling(settings, 1) == milliseconds(1000));
  CHECK(BackoffCeiling(settings, 5) == milliseconds(16000));
  CHECK(BackoffCeiling(settings, 6) == milliseconds(30000));
  CHECK(BackoffCeiling(settings, 99) == milliseconds(30000));
  settings.initial_backoff_ms = 0;
  CHECK(BackoffCeiling(settings, 3) == milliseconds(0));
}

TEST_CASE("backoff: full jitter stays within [0, ceiling] and spreads", "[client][retry]") {
  RetrySettings settings;
  settings.initial_backoff_ms = 100;
  settings.max_backoff_ms = 1000;
  std::mt19937_64 random(42);
  for (int retry = 0; retry < 8; ++retry) {
    milliseconds ceiling = BackoffCeiling(settings, retry);
    milliseconds lowest = ceiling, highest{0};
    for (int i = 0; i < 2000; ++i) {
      milliseconds wait = FullJitterBackoff(settings, retry, random);
      REQUIRE(wait >= milliseconds(0));
      REQUIRE(wait <= ceiling);
      lowest = std::min(lowest, wait);
      highest = std::max(highest, wait);
    }
    // Full jitter, not "equal jitter": waits near zero and near the ceiling both occur.
    CHECK(lowest <= ceiling / 10);
    CHECK(highest >= ceiling * 9 / 10);
  }
}

TEST_CASE("rate limiter: unlimited, burst, then spaced", "[client][retry]") {
  RateLimiter unlimited(0);
  for (int i = 0; i < 100; ++i) CHECK(unlimited.Reserve().count() == 0);

  RateLimiter limiter(10);  // 10/s: a burst of 10, then 100 ms apart
  for (int i = 0; i < 10; ++i) CHECK(limiter.Reserve().count() == 0);
  auto wait_11 = limiter.Reserve();
  auto wait_12 = limiter.Reserve();
  CHECK(wait_11 > milliseconds(90));
  CHECK(wait_11 <= milliseconds(100));
  CHECK(wait_12 > milliseconds(190));
  CHECK(wait_12 <= milliseconds(200));
}

}  // namespace
}  // namespace als::client
