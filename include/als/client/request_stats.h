// Counters of the requests a client sent, readable at any time (benchmarks, logs).
#ifndef ALS_CLIENT_REQUEST_STATS_H_
#define ALS_CLIENT_REQUEST_STATS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace als::client {

enum class RequestKind {
  kMetadata,
  kRead,
  kSearchPage,
  kBatch,
  kTransaction,
  kCreate,
  kUpdate,
  kToken,
  kOther,
};
constexpr int kRequestKindCount = static_cast<int>(RequestKind::kOther) + 1;

const char* RequestKindName(RequestKind kind);

struct RequestStatsSnapshot {
  std::array<uint64_t, kRequestKindCount> requests{};  // logical requests, by kind
  uint64_t attempts = 0;  // HTTP exchanges tried, retries included
  uint64_t retries = 0;
  uint64_t failures = 0;  // requests that ended in an error
  // CPU time the sending threads spent inside HTTP exchanges (writing the request,
  // waiting for and reading the answer; not decoding it), summed over threads.
  uint64_t exchange_cpu_us = 0;
  // Bytes of the answered exchanges: request bodies sent, answer bodies as they
  // came over the wire, and as decoded (after gzip): the JSON the client parses.
  uint64_t sent_bytes = 0;
  uint64_t received_bytes = 0;
  uint64_t decoded_bytes = 0;

  uint64_t of(RequestKind kind) const { return requests[static_cast<int>(kind)]; }
  // "read=3 search_page=12 ... attempts=17 retries=2 failures=0 exchange_cpu_ms=4.2
  // sent_bytes=512 received_bytes=20480 decoded_bytes=161792"
  std::string ToString() const;
};

class RequestStats {
 public:
  void CountRequest(RequestKind kind);
  void CountAttempt();
  void CountRetry();
  void CountFailure();
  void AddExchangeCpu(uint64_t microseconds);
  void AddAnswered(uint64_t sent_bytes, uint64_t received_bytes, uint64_t decoded_bytes);
  RequestStatsSnapshot Snapshot() const;

 private:
  std::array<std::atomic<uint64_t>, kRequestKindCount> requests_{};
  std::atomic<uint64_t> attempts_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> exchange_cpu_us_{0};
  std::atomic<uint64_t> sent_bytes_{0};
  std::atomic<uint64_t> received_bytes_{0};
  std::atomic<uint64_t> decoded_bytes_{0};
};

}  // namespace als::client

#endif  // ALS_CLIENT_REQUEST_STATS_H_
