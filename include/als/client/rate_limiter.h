// A token bucket shared by every thread that uses one client.
#ifndef ALS_CLIENT_RATE_LIMITER_H_
#define ALS_CLIENT_RATE_LIMITER_H_

#include <chrono>
#include <mutex>

namespace als::client {

class RateLimiter {
 public:
  // `per_second` <= 0 means unlimited. Bursts of up to max(1, per_second)
  // requests pass at once after an idle second.
  explicit RateLimiter(double per_second);

  // Blocks until the caller may send one request.
  void Acquire();

  // How long a caller would wait now, after reserving its slot: for tests.
  std::chrono::nanoseconds Reserve();

 private:
  using Clock = std::chrono::steady_clock;

  const double per_second_;
  const double capacity_;
  std::mutex mutex_;
  double tokens_;  // negative: slots already promised to waiting callers
  Clock::time_point last_refill_;
};

}  // namespace als::client

#endif  // ALS_CLIENT_RATE_LIMITER_H_
