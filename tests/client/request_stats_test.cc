#include "als/client/request_stats.h"

#include <catch2/catch.hpp>

namespace als::client {
namespace {

TEST_CASE("request stats: counts by kind and the CPU spent in exchanges", "[client]") {
  RequestStats stats;
  stats.CountRequest(RequestKind::kBatch);
  stats.CountRequest(RequestKind::kBatch);
  stats.CountRequest(RequestKind::kTransaction);
  stats.CountAttempt();
  stats.AddExchangeCpu(1500);
  stats.AddExchangeCpu(2049);

  RequestStatsSnapshot snapshot = stats.Snapshot();
  CHECK(snapshot.of(RequestKind::kBatch) == 2);
  CHECK(snapshot.of(RequestKind::kTransaction) == 1);
  CHECK(snapshot.exchange_cpu_us == 3549);
  CHECK(snapshot.ToString() ==
        "metadata=0 read=0 search_page=0 batch=2 transaction=1 create=0 update=0 token=0 other=0 "
        "attempts=1 retries=0 failures=0 exchange_cpu_ms=3.5");
}

}  // namespace
}  // namespace als::client
