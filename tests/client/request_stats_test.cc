#include "als/client/request_stats.h"

#include <catch2/catch.hpp>

namespace als::client {
namespace {

TEST_CASE("request stats: counts by kind, the CPU spent in exchanges, bytes sent and received", "[client]") {
  RequestStats stats;
  stats.CountRequest(RequestKind::kBatch);
  stats.CountRequest(RequestKind::kBatch);
  stats.CountRequest(RequestKind::kTransaction);
  stats.CountAttempt();
  stats.AddExchangeCpu(1500);
  stats.AddExchangeCpu(2049);
  stats.AddAnswered(300, 2000, 16000);
  stats.AddAnswered(0, 1000, 9000);

  RequestStatsSnapshot snapshot = stats.Snapshot();
  CHECK(snapshot.of(RequestKind::kBatch) == 2);
  CHECK(snapshot.of(RequestKind::kTransaction) == 1);
  CHECK(snapshot.exchange_cpu_us == 3549);
  CHECK(snapshot.sent_bytes == 300);
  CHECK(snapshot.received_bytes == 3000);
  CHECK(snapshot.decoded_bytes == 25000);
  CHECK(snapshot.ToString() ==
        "metadata=0 read=0 search_page=0 batch=2 transaction=1 create=0 update=0 token=0 other=0 "
        "attempts=1 retries=0 failures=0 exchange_cpu_ms=3.5 sent_bytes=300 received_bytes=3000 "
        "decoded_bytes=25000");
}

}  // namespace
}  // namespace als::client
