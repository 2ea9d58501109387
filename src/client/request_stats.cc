#include "als/client/request_stats.h"

#include <cstdio>

namespace als::client {

const char* RequestKindName(RequestKind kind) {
  switch (kind) {
    case RequestKind::kMetadata: return "metadata";
    case RequestKind::kRead: return "read";
    case RequestKind::kSearchPage: return "search_page";
    case RequestKind::kBatch: return "batch";
    case RequestKind::kTransaction: return "transaction";
    case RequestKind::kCreate: return "create";
    case RequestKind::kUpdate: return "update";
    case RequestKind::kToken: return "token";
    case RequestKind::kOther: return "other";
  }
  return "other";
}

std::string RequestStatsSnapshot::ToString() const {
  std::string text;
  for (int i = 0; i < kRequestKindCount; ++i) {
    text += RequestKindName(static_cast<RequestKind>(i));
    text += '=' + std::to_string(requests[i]) + ' ';
  }
  text += "attempts=" + std::to_string(attempts) + " retries=" + std::to_string(retries) +
          " failures=" + std::to_string(failures);
  char cpu[32];
  std::snprintf(cpu, sizeof cpu, " exchange_cpu_ms=%.1f", static_cast<double>(exchange_cpu_us) / 1000);
  text += cpu;
  text += " sent_bytes=" + std::to_string(sent_bytes) + " received_bytes=" + std::to_string(received_bytes) +
          " decoded_bytes=" + std::to_string(decoded_bytes);
  return text;
}

void RequestStats::CountRequest(RequestKind kind) {
  requests_[static_cast<int>(kind)].fetch_add(1, std::memory_order_relaxed);
}
void RequestStats::CountAttempt() { attempts_.fetch_add(1, std::memory_order_relaxed); }
void RequestStats::CountRetry() { retries_.fetch_add(1, std::memory_order_relaxed); }
void RequestStats::CountFailure() { failures_.fetch_add(1, std::memory_order_relaxed); }
void RequestStats::AddExchangeCpu(uint64_t microseconds) {
  exchange_cpu_us_.fetch_add(microseconds, std::memory_order_relaxed);
}

void RequestStats::AddAnswered(uint64_t sent_bytes, uint64_t received_bytes, uint64_t decoded_bytes) {
  sent_bytes_.fetch_add(sent_bytes, std::memory_order_relaxed);
  received_bytes_.fetch_add(received_bytes, std::memory_order_relaxed);
  decoded_bytes_.fetch_add(decoded_bytes, std::memory_order_relaxed);
}

RequestStatsSnapshot RequestStats::Snapshot() const {
  RequestStatsSnapshot snapshot;
  for (int i = 0; i < kRequestKindCount; ++i) {
    snapshot.requests[i] = requests_[i].load(std::memory_order_relaxed);
  }
  snapshot.attempts = attempts_.load(std::memory_order_relaxed);
  snapshot.retries = retries_.load(std::memory_order_relaxed);
  snapshot.failures = failures_.load(std::memory_order_relaxed);
  snapshot.exchange_cpu_us = exchange_cpu_us_.load(std::memory_order_relaxed);
  snapshot.sent_bytes = sent_bytes_.load(std::memory_order_relaxed);
  snapshot.received_bytes = received_bytes_.load(std::memory_order_relaxed);
  snapshot.decoded_bytes = decoded_bytes_.load(std::memory_order_relaxed);
  return snapshot;
}

}  // namespace als::client
