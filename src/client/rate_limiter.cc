#include "als/client/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace als::client {

RateLimiter::RateLimiter(double per_second)
    : per_second_(per_second),
      capacity_(std::max(1.0, per_second)),
      tokens_(capacity_),
      last_refill_(Clock::now()) {}

std::chrono::nanoseconds RateLimiter::Reserve() {
  if (per_second_ <= 0) return std::chrono::nanoseconds(0);
  std::lock_guard<std::mutex> lock(mutex_);
  Clock::time_point now = Clock::now();
  double elapsed_s = std::chrono::duration<double>(now - last_refill_).count();
  tokens_ = std::min(capacity_, tokens_ + elapsed_s * per_second_);
  last_refill_ = now;
  tokens_ -= 1;
  if (tokens_ >= 0) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(static_cast<long long>(-tokens_ / per_second_ * 1e9));
}

void RateLimiter::Acquire() {
  std::chrono::nanoseconds wait = Reserve();
  if (wait.count() > 0) std::this_thread::sleep_for(wait);
}

}  // namespace als::client
