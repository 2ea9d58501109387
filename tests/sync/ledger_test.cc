#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "als/sync/ledger.h"
#include "testing/process.h"

namespace als::sync {
namespace {

TEST_CASE("Ledger records runs, outcomes, watermarks and retries", "[sync][ledger]") {
  testing::TempDir dir;
  std::string path = dir.File("ledger.db");
  {
    auto ledger = Ledger::Open(path);
    REQUIRE(ledger.ok());
    auto run = (*ledger)->StartRun("http://fhir", "full");
    REQUIRE(run.ok());
    REQUIRE((*ledger)->RecordPatient(*run, "p1", PatientOutcome::kCreated, 3, 0, "").ok());
    REQUIRE((*ledger)->RecordPatient(*run, "p2", PatientOutcome::kFailed, 0, 0, "timeout").ok());
    REQUIRE((*ledger)->MarkForRetry("http://fhir", "p2", "timeout").ok());
    REQUIRE((*ledger)->SetWatermark("http://fhir", "2026-06-01T10:00:00.123Z", true).ok());
    REQUIRE((*ledger)->FinishRun(*run, "partial", 1, RunCounts{2, 3, 0, 0, 1}, "").ok());
  }
  auto ledger = Ledger::Open(path);
  REQUIRE(ledger.ok());
  auto runs = (*ledger)->RecentRuns(10);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  CHECK((*runs)[0].status == "partial");
  CHECK((*runs)[0].counts.created == 3);
  CHECK((*runs)[0].counts.failed == 1);
  CHECK(*(*ledger)->Watermark("http://fhir").value() == "2026-06-01T10:00:00.123Z");
  CHECK((*ledger)->LastFullRun("http://fhir").value().has_value());
  CHECK_FALSE((*ledger)->Watermark("http://other").value().has_value());
  CHECK((*ledger)->PatientsToRetry("http://fhir").value() == std::vector<std::string>{"p2"});
  REQUIRE((*ledger)->ClearRetry("http://fhir", "p2").ok());
  CHECK((*ledger)->PatientsToRetry("http://fhir").value().empty());
}

TEST_CASE("Ledger::RecordOutcomes records the outcomes and the retry list together, again and again",
          "[sync][ledger]") {
  testing::TempDir dir;
  auto ledger = Ledger::Open(dir.File("ledger.db"));
  REQUIRE(ledger.ok());
  auto run = (*ledger)->StartRun("http://fhir", "full");
  REQUIRE(run.ok());
  std::vector<PatientOutcomeRecord> batch;
  size_t batch_size = 1;
  for (int i = 0; i < 50; ++i) {  // in batches of 1 to 7: the statements are kept and reused
    bool failed = i % 10 == 3;
    batch.push_back({"p" + std::to_string(i), failed ? PatientOutcome::kFailed : PatientOutcome::kUpdated,
                     failed ? 0 : 2, 0, failed ? "timeout" : "", failed});
    if (batch.size() == batch_size) {
      REQUIRE((*ledger)->RecordOutcomes(*run, "http://fhir", batch).ok());
      batch.clear();
      batch_size = batch_size % 7 + 1;
    }
  }
  REQUIRE((*ledger)->RecordOutcomes(*run, "http://fhir", batch).ok());
  REQUIRE((*ledger)->RecordOutcomes(*run, "http://fhir", {}).ok());
  CHECK((*ledger)->PatientsToRetry("http://fhir").value() ==
        std::vector<std::string>{"p13", "p23", "p3", "p33", "p43"});
  REQUIRE((*ledger)->RecordOutcomes(*run, "http://fhir", {{"p3", PatientOutcome::kUpdated, 1, 0, "", false}}).ok());
  CHECK((*ledger)->PatientsToRetry("http://fhir").value().size() == 4);
  auto outcomes = (*ledger)->PatientOutcomes(*run);
  REQUIRE(outcomes.ok());
  CHECK(outcomes->size() == 50);
}

TEST_CASE("A second run on the same ledger is refused while the first holds it", "[sync][ledger]") {
  testing::TempDir dir;
  std::string path = dir.File("ledger.db");
  auto first = Ledger::Open(path);
  REQUIRE(first.ok());
  auto second = Ledger::Open(path);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == ErrorCode::kFailedPrecondition);
  CHECK(second.error().message.find("another sync is running") != std::string::npos);
}

TEST_CASE("A run left 'running' by a killed process is marked aborted, and the lock is free", "[sync][ledger]") {
  testing::TempDir dir;
  std::string path = dir.File("ledger.db");
  pid_t child = fork();
  if (child == 0) {
    auto ledger = Ledger::Open(path);
    if (ledger.ok()) (void)(*ledger)->StartRun("http://fhir", "full");
    _exit(ledger.ok() ? 0 : 1);  // no FinishRun: like a process killed mid-run
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WEXITSTATUS(status) == 0);
  auto ledger = Ledger::Open(path);
  REQUIRE(ledger.ok());
  auto runs = (*ledger)->RecentRuns(1);
  REQUIRE(runs->size() == 1);
  CHECK((*runs)[0].status == "aborted");
}

}  // namespace
}  // namespace als::sync
