#include "als/sync/ledger.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace als::sync {
namespace {

Error SqlError(sqlite3* db, const std::string& where, const std::string& what) {
  return MakeError(ErrorCode::kIo, where, what + ": " + (db ? sqlite3_errmsg(db) : "cannot open"));
}

// A prepared statement with positional text/int binding; finalised on scope
// exit, or (one kept by the ledger) reset for its next use.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  Statement(sqlite3* db, sqlite3_stmt* kept) : db_(db), stmt_(kept), kept_(true) {}
  ~Statement() {
    if (!kept_) {
      sqlite3_finalize(stmt_);
    } else if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(const std::string& value) {
    sqlite3_bind_text(stmt_, ++index_, value.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int64_t value) {
    sqlite3_bind_int64(stmt_, ++index_, value);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  Status Run(const std::string& where) {
    if (!ok()) return SqlError(db_, where, "cannot prepare statement");
    int rc = Step();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqlError(db_, where, "statement failed");
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool kept_ = false;
  int index_ = 0;
};

constexpr char kRecordPatientSql[] =
    "INSERT OR REPLACE INTO patient_outcomes (run_id, patient_id, outcome, created, updated, error) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kMarkForRetrySql[] =
    "INSERT INTO retry (server, patient_id, reason, since) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(server, patient_id) DO UPDATE SET reason=excluded.reason";
constexpr char kClearRetrySql[] = "DELETE FROM retry WHERE server=? AND patient_id=?";

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  server TEXT NOT NULL,
  mode TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL,
  exit_status INTEGER,
  patients INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  message TEXT
);
CREATE TABLE IF NOT EXISTS patient_outcomes (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  patient_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  PRIMARY KEY (run_id, patient_id)
);
CREATE TABLE IF NOT EXISTS watermarks (
  server TEXT PRIMARY KEY,
  server_time TEXT NOT NULL,
  last_full_run TEXT
);
CREATE TABLE IF NOT EXISTS retry (
  server TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  reason TEXT,
  since TEXT NOT NULL,
  PRIMARY KEY (server, patient_id)
);
)sql";

}  // namespace

const char* OutcomeName(PatientOutcome outcome) {
  switch (outcome) {
    case PatientOutcome::kCreated: return "created";
    case PatientOutcome::kUpdated: return "updated";
    case PatientOutcome::kUnchanged: return "unchanged";
    case PatientOutcome::kNoOutput: return "no-output";
    case PatientOutcome::kFailed: return "failed";
    case PatientOutcome::kConflict: return "conflict";
  }
  return "?";
}

std::string UtcNowInstant() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Ledger::Ledger(sqlite3* db, std::string path, int lock_fd) : db_(db), path_(std::move(path)), lock_fd_(lock_fd) {}

Ledger::~Ledger() {
  for (auto& [sql, statement] : prepared_) sqlite3_finalize(statement);
  sqlite3_close(db_);
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

sqlite3_stmt* Ledger::Prepared(const char* sql) {
  sqlite3_stmt*& statement = prepared_[sql];
  if (statement == nullptr && sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) statement = nullptr;
  return statement;
}

Status Ledger::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return MakeError(ErrorCode::kIo, path_, "ledger: " + text);
  }
  return Status::Ok();
}

Status Ledger::Migrate() {
  ALS_RETURN_IF_ERROR(Exec(kSchema));
  Statement read(db_, "SELECT version FROM schema_version LIMIT 1");
  int64_t version = 0;
  if (read.ok() && read.Step() == SQLITE_ROW) version = read.Int(0);
  if (version > kSchemaVersion) {
    return MakeError(ErrorCode::kFailedPrecondition, path_,
                     "ledger schema version " + std::to_string(version) + " is newer than this adapter supports (" +
                         std::to_string(kSchemaVersion) + "): use a newer als-adapter");
  }
  if (version == 0) {
    ALS_RETURN_IF_ERROR(Exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")"));
  }
  // Future migrations: `if (version < 2) { ALTER TABLE ...; UPDATE schema_version ... }`.
  return Status::Ok();
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& path) {
  std::string lock_path = path + ".lock";
  int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kIo, lock_path, std::string("cannot open lock file: ") + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return MakeError(ErrorCode::kFailedPrecondition, lock_path,
                     "another sync is running on this ledger (the lock is held); not starting a second one");
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    Error error = SqlError(db, path, "cannot open the ledger");
    sqlite3_close(db);
    close(fd);
    return error;
  }
  std::unique_ptr<Ledger> ledger(new Ledger(db, path, fd));
  sqlite3_busy_timeout(db, 5000);
  ALS_RETURN_IF_ERROR(ledger->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  ALS_RETURN_IF_ERROR(ledger->Migrate());
  // We hold the lock, so any run still "running" belongs to a process that died.
  ALS_RETURN_IF_ERROR(ledger->Exec(
      "UPDATE runs SET status='aborted', message='the process ended before the run finished' WHERE status='running'"));
  return ledger;
}

Result<std::unique_ptr<Ledger>> Ledger::OpenReadOnly(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Error error = SqlError(db, path, "cannot open the ledger");
    sqlite3_close(db);
    return error;
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<Ledger>(new Ledger(db, path, -1));
}

Result<int64_t> Ledger::StartRun(const std::string& server, const std::string& mode) {
  Statement insert(db_, "INSERT INTO runs (server, mode, started, status) VALUES (?, ?, ?, 'running')");
  ALS_RETURN_IF_ERROR(insert.Bind(server).Bind(mode).Bind(UtcNowInstant()).Run(path_));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status Ledger::RecordPatient(int64_t run_id, const std::string& patient_id, PatientOutcome outcome, int64_t created,
                             int64_t updated, const std::string& error) {
  Statement insert(db_, Prepared(kRecordPatientSql));
  return insert.Bind(run_id).Bind(patient_id).Bind(std::string(OutcomeName(outcome))).Bind(created).Bind(updated)
      .Bind(error).Run(path_);
}

Status Ledger::FinishRun(int64_t run_id, const std::string& status, int exit_status, const RunCounts& counts,
                         const std::string& message) {
  Statement update(db_,
                   "UPDATE runs SET finished=?, status=?, exit_status=?, patients=?, created=?, updated=?, "
                   "unchanged=?, failed=?, message=? WHERE id=?");
  return update.Bind(UtcNowInstant()).Bind(status).Bind(static_cast<int64_t>(exit_status)).Bind(counts.patients)
      .Bind(counts.created).Bind(counts.updated).Bind(counts.unchanged).Bind(counts.failed).Bind(message).Bind(run_id)
      .Run(path_);
}

Result<std::optional<std::string>> Ledger::Watermark(const std::string& server) {
  Statement select(db_, "SELECT server_time FROM watermarks WHERE server=?");
  if (!select.ok()) return SqlError(db_, path_, "cannot read watermark");
  select.Bind(server);
  if (select.Step() == SQLITE_ROW) return std::optional<std::string>(select.Text(0));
  return std::optional<std::string>();
}

Result<std::optional<std::string>> Ledger::LastFullRun(const std::string& server) {
  Statement select(db_, "SELECT last_full_run FROM watermarks WHERE server=?");
  if (!select.ok()) return SqlError(db_, path_, "cannot read watermark");
  select.Bind(server);
  if (select.Step() == SQLITE_ROW && !select.Text(0).empty()) return std::optional<std::string>(select.Text(0));
  return std::optional<std::string>();
}

Status Ledger::SetWatermark(const std::string& server, const std::string& server_time, bool full_run) {
  Statement upsert(db_,
                   full_run ? "INSERT INTO watermarks (server, server_time, last_full_run) VALUES (?, ?, ?) "
                              "ON CONFLICT(server) DO UPDATE SET server_time=excluded.server_time, "
                              "last_full_run=excluded.last_full_run"
                            : "INSERT INTO watermarks (server, server_time) VALUES (?, ?) "
                              "ON CONFLICT(server) DO UPDATE SET server_time=excluded.server_time");
  upsert.Bind(server).Bind(server_time);
  if (full_run) upsert.Bind(UtcNowInstant());
  return upsert.Run(path_);
}

Result<std::vector<std::string>> Ledger::PatientsToRetry(const std::string& server) {
  Statement select(db_, "SELECT patient_id FROM retry WHERE server=? ORDER BY patient_id");
  if (!select.ok()) return SqlError(db_, path_, "cannot read retry list");
  select.Bind(server);
  std::vector<std::string> patients;
  while (select.Step() == SQLITE_ROW) patients.push_back(select.Text(0));
  return patients;
}

Status Ledger::MarkForRetry(const std::string& server, const std::string& patient_id, const std::string& reason) {
  Statement upsert(db_, Prepared(kMarkForRetrySql));
  return upsert.Bind(server).Bind(patient_id).Bind(reason).Bind(UtcNowInstant()).Run(path_);
}

Status Ledger::ClearRetry(const std::string& server, const std::string& patient_id) {
  Statement remove(db_, Prepared(kClearRetrySql));
  return remove.Bind(server).Bind(patient_id).Run(path_);
}

Status Ledger::RecordOutcomes(int64_t run_id, const std::string& server,
                              const std::vector<PatientOutcomeRecord>& outcomes) {
  if (outcomes.empty()) return Status::Ok();
  ALS_RETURN_IF_ERROR(Exec("BEGIN"));
  Status written = Status::Ok();
  for (const PatientOutcomeRecord& o : outcomes) {
    written = RecordPatient(run_id, o.patient_id, o.outcome, o.created, o.updated, o.error);
    if (written.ok()) written = o.retry ? MarkForRetry(server, o.patient_id, o.error) : ClearRetry(server, o.patient_id);
    if (!written.ok()) break;
  }
  if (!written.ok()) {
    (void)Exec("ROLLBACK");
    return written;
  }
  Status committed = Exec("COMMIT");
  if (!committed.ok()) (void)Exec("ROLLBACK");
  return committed;
}

Result<std::vector<RunRecord>> Ledger::RecentRuns(int limit) {
  Statement select(db_,
                   "SELECT id, server, mode, started, IFNULL(finished,''), status, IFNULL(exit_status,-1), patients, "
                   "created, updated, unchanged, failed, IFNULL(message,'') FROM runs ORDER BY id DESC LIMIT ?");
  if (!select.ok()) return SqlError(db_, path_, "cannot read runs");
  select.Bind(static_cast<int64_t>(limit));
  std::vector<RunRecord> runs;
  while (select.Step() == SQLITE_ROW) {
    RunRecord run;
    run.id = select.Int(0);
    run.server = select.Text(1);
    run.mode = select.Text(2);
    run.started = select.Text(3);
    run.finished = select.Text(4);
    run.status = select.Text(5);
    run.exit_status = static_cast<int>(select.Int(6));
    run.counts = {select.Int(7), select.Int(8), select.Int(9), select.Int(10), select.Int(11)};
    run.message = select.Text(12);
    runs.push_back(run);
  }
  return runs;
}

Result<std::vector<std::pair<std::string, std::string>>> Ledger::PatientOutcomes(int64_t run_id) {
  Statement select(db_, "SELECT patient_id, outcome FROM patient_outcomes WHERE run_id=? ORDER BY patient_id");
  if (!select.ok()) return SqlError(db_, path_, "cannot read outcomes");
  select.Bind(run_id);
  std::vector<std::pair<std::string, std::string>> outcomes;
  while (select.Step() == SQLITE_ROW) outcomes.emplace_back(select.Text(0), select.Text(1));
  return outcomes;
}

}  // namespace als::sync
