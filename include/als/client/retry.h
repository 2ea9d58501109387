// When and how long to wait before repeating a request.
#ifndef ALS_CLIENT_RETRY_H_
#define ALS_CLIENT_RETRY_H_

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

#include "als/client/settings.h"

namespace als::client {

// 429, 502, 503 and 504: the server or a gateway asks to come back later.
bool IsRetryableStatus(int status);

// The wait a Retry-After header asks for: delta-seconds or an HTTP-date
// (a date in the past means no wait). nullopt when the value is neither.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

// The upper bound of the wait before retry number `retry` (0 for the first):
// initial_backoff_ms * 2^retry, capped at max_backoff_ms.
std::chrono::milliseconds BackoffCeiling(const RetrySettings& settings, int retry);

// "Full jitter": a uniformly random wait in [0, BackoffCeiling], so that many
// clients failing together do not come back together.
std::chrono::milliseconds FullJitterBackoff(const RetrySettings& settings, int retry,
                                            std::mt19937_64& random);

}  // namespace als::client

#endif  // ALS_CLIENT_RETRY_H_
