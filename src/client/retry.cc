#include "als/client/retry.h"

#include <algorithm>
#include <cctype>

#include "als/client/http_time.h"

namespace als::client {

bool IsRetryableStatus(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    constexpr long long kLongest = 1000000000;  // beyond any cap; avoids overflow
    long long seconds = 0;
    for (char c : value) seconds = std::min(kLongest, seconds * 10 + (c - '0'));
    return std::chrono::seconds(seconds);
  }
  std::optional<std::chrono::system_clock::time_point> date = ParseHttpDate(value);
  if (!date) return std::nullopt;
  if (*date <= now) return std::chrono::seconds(0);
  // Round up: retrying a fraction of a second early would just be refused again.
  auto wait = std::chrono::ceil<std::chrono::seconds>(*date - now);
  return wait;
}

std::chrono::milliseconds BackoffCeiling(const RetrySettings& settings, int retry) {
  long long ceiling = std::max(0, settings.initial_backoff_ms);
  for (int i = 0; i < retry && ceiling < settings.max_backoff_ms; ++i) ceiling *= 2;
  return std::chrono::milliseconds(std::min<long long>(ceiling, settings.max_backoff_ms));
}

std::chrono::milliseconds FullJitterBackoff(const RetrySettings& settings, int retry,
                                            std::mt19937_64& random) {
  std::uniform_int_distribution<long long> wait(0, BackoffCeiling(settings, retry).count());
  return std::chrono::milliseconds(wait(random));
}

}  // namespace als::client
