// The run ledger: a SQLite file (WAL) with the sync runs, each patient's
// outcome, the incremental watermark per server, and the patients to retry.
// One sync at a time per ledger: Open takes an exclusive lock on
// "<ledger>.lock" (flock), released by the kernel even if the process is
// killed, so a crashed run never blocks the next one.
#ifndef ALS_SYNC_LEDGER_H_
#define ALS_SYNC_LEDGER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "als/common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace als::sync {

enum class PatientOutcome { kCreated, kUpdated, kUnchanged, kNoOutput, kFailed, kConflict };
const char* OutcomeName(PatientOutcome outcome);

struct RunCounts {
  int64_t patients = 0;
  int64_t created = 0;    // resources created
  int64_t updated = 0;    // resources updated
  int64_t unchanged = 0;  // patients with nothing to write
  int64_t failed = 0;     // patients that failed
};

// One patient's outcome in a run, as RecordOutcomes records it.
struct PatientOutcomeRecord {
  std::string patient_id;
  PatientOutcome outcome = PatientOutcome::kUnchanged;
  int64_t created = 0;
  int64_t updated = 0;
  std::string error;
  bool retry = false;  // put on the retry list (else taken off it)
};

struct RunRecord {
  int64_t id = 0;
  std::string server;
  std::string started;   // UTC ISO instant
  std::string finished;  // empty while running (or if the process died)
  std::string status;    // running, succeeded, partial, failed, aborted
  std::string mode;      // full, incremental, patients, dry-run
  int exit_status = -1;
  RunCounts counts;
  std::string message;
};

class Ledger {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens (creating or migrating) the ledger and takes the run lock. Another
  // process holding it -> kFailedPrecondition naming the lock file. Runs left
  // "running" by a dead process are marked "aborted".
  static Result<std::unique_ptr<Ledger>> Open(const std::string& path);
  // Opens for reading only (the `runs` command): no lock.
  static Result<std::unique_ptr<Ledger>> OpenReadOnly(const std::string& path);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  Result<int64_t> StartRun(const std::string& server, const std::string& mode);
  Status RecordPatient(int64_t run_id, const std::string& patient_id, PatientOutcome outcome, int64_t created,
                       int64_t updated, const std::string& error);
  Status FinishRun(int64_t run_id, const std::string& status, int exit_status, const RunCounts& counts,
                   const std::string& message);

  // The watermark (a server instant) for incremental runs, and when the last
  // full evaluation finished.
  Result<std::optional<std::string>> Watermark(const std::string& server);
  Status SetWatermark(const std::string& server, const std::string& server_time, bool full_run);
  Result<std::optional<std::string>> LastFullRun(const std::string& server);

  // Patients that failed and must be retried by the next run.
  Result<std::vector<std::string>> PatientsToRetry(const std::string& server);
  Status MarkForRetry(const std::string& server, const std::string& patient_id, const std::string& reason);
  Status ClearRetry(const std::string& server, const std::string& patient_id);
  // For each outcome RecordPatient, then MarkForRetry (`retry`) or ClearRetry,
  // all in one transaction: all are recorded or none. (A Ledger is used by one
  // thread at a time.)
  Status RecordOutcomes(int64_t run_id, const std::string& server, const std::vector<PatientOutcomeRecord>& outcomes);

  Result<std::vector<RunRecord>> RecentRuns(int limit);
  Result<std::vector<std::pair<std::string, std::string>>> PatientOutcomes(int64_t run_id);

  const std::string& path() const { return path_; }

 private:
  Ledger(sqlite3* db, std::string path, int lock_fd);
  Status Exec(const std::string& sql);
  Status Migrate();
  // A prepared statement kept for the ledger's lifetime (statements run once per patient).
  sqlite3_stmt* Prepared(const char* sql);
  sqlite3* db_;
  std::string path_;
  int lock_fd_;
  std::map<const char*, sqlite3_stmt*> prepared_;
};

// Current UTC time as a FHIR instant (seconds precision).
std::string UtcNowInstant();

}  // namespace als::sync

#endif  // ALS_SYNC_LEDGER_H_
