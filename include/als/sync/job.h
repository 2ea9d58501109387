// The sync job: select patients, read each one, evaluate, write only what
// changed in one transaction per patient, and record everything in the ledger.
// A thin orchestrator over the client, the evaluator and the ledger.
#ifndef ALS_SYNC_JOB_H_
#define ALS_SYNC_JOB_H_

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "als/client/fhir_client.h"
#include "als/common/result.h"
#include "als/sync/config.h"
#include "als/sync/evaluator.h"
#include "als/sync/ledger.h"
#include "als/sync/patient_reader.h"

namespace als::sync {

struct SyncOptions {
  bool dry_run = false;                  // evaluate and print the transactions; write nothing
  std::vector<std::string> patient_ids;  // --patient: only these (a full evaluation of them)
  std::FILE* dry_run_out = stdout;
};

struct SyncSummary {
  RunCounts counts;
  std::map<std::string, int64_t> active_flags_by_rule;  // after this run, over the patients processed
  int64_t activities = 0;
  std::string mode;
  std::vector<std::string> failures;  // "Patient/p7: <error>"
  int exit_status = 0;
  std::string SummaryLine() const;  // "sync: P patients, C created, U updated, N unchanged, F failed"
};

class SyncJob {
 public:
  // `ledger` may be null for a dry run.
  SyncJob(const SyncConfig& config, const Evaluator& evaluator, client::FhirClient& client, Ledger* ledger);

  // Runs the job. Errors only for failures that stop the whole run before any
  // patient (server unreachable, unauthorised, lacking capabilities); patient
  // failures are counted in the summary (exit status 1) and retried next run.
  Result<SyncSummary> Run(const SyncOptions& options);

 private:
  struct PatientOutcomeDetail;
  Result<std::vector<std::string>> SelectPatients(const SyncOptions& options, std::string* mode,
                                                  std::string* server_time);
  Result<std::vector<std::string>> DiscoverAlsPatients();
  Result<std::vector<std::string>> ChangedPatients(const std::string& since);
  // `read`: the patient as read with others (ReadPatients); after a 412 it is read again alone.
  PatientOutcomeDetail SyncPatient(const std::string& patient_id, Result<std::unique_ptr<PatientData>> read,
                                   const SyncOptions& options);
  Result<PatientOutcomeDetail> WritePatient(const output::PatientWriteSet& write_set);

  const SyncConfig& config_;
  const Evaluator& evaluator_;
  client::FhirClient& client_;
  Ledger* ledger_;
  bool use_batch_ = true;
};

}  // namespace als::sync

#endif  // ALS_SYNC_JOB_H_
