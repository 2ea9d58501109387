#include "als/sync/job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"
#include "als/sync/patient_reader.h"

namespace als::sync {
namespace {

// Whether every read of a batch failed with the same error, one the server
// gave about the request itself (not an outage, not authorisation): the batch
// was refused as a whole, and one patient at a time may well be read.
bool RefusedAsAWhole(const std::vector<Result<std::unique_ptr<PatientData>>>& reads) {
  if (reads.empty() || reads.front().ok()) return false;
  const Error& first = reads.front().error();
  if (first.code != ErrorCode::kInvalidData && first.code != ErrorCode::kServerError) return false;
  return std::all_of(reads.begin(), reads.end(), [&](const auto& read) {
    return !read.ok() && read.error().code == first.code && read.error().ToString() == first.ToString();
  });
}

// Resource types whose changes can change a patient's evaluation.
const std::vector<std::string>& WatchedTypes() {
  static const std::vector<std::string> kTypes = {
      "Patient", "Condition", "Observation", "MedicationRequest", "MedicationStatement", "MedicationAdministration",
      "AllergyIntolerance", "Procedure", "ServiceRequest", "DeviceRequest", "DeviceUseStatement", "Encounter",
      "Consent", "DocumentReference", "FamilyMemberHistory", "RelatedPerson", "QuestionnaireResponse",
      "DiagnosticReport", "Communication", "CarePlan", "Goal"};
  return kTypes;
}

bool HasIdentifierSystem(const rapidjson::Value& resource, const std::string& system) {
  const rapidjson::Value* identifiers = fhir::Member(resource, "identifier");
  if (identifiers == nullptr || !identifiers->IsArray()) return false;
  for (const auto& identifier : identifiers->GetArray()) {
    if (fhir::StringOr(identifier, "system") == system) return true;
  }
  return false;
}

// The patients of a searchset's entries; resources carrying `skip_system` as
// an identifier (the adapter's own CarePlans) are not counted.
std::vector<std::string> SubjectsOf(const rapidjson::Value& bundle, const std::string& skip_system = "") {
  std::vector<std::string> ids;
  const rapidjson::Value* entries = fhir::Member(bundle, "entry");
  if (entries == nullptr || !entries->IsArray()) return ids;
  for (const auto& entry : entries->GetArray()) {
    const rapidjson::Value* resource = fhir::Member(entry, "resource");
    if (resource == nullptr) continue;
    if (!skip_system.empty() && HasIdentifierSystem(*resource, skip_system)) continue;
    std::string id;
    if (fhir::StringOr(*resource, "resourceType") == "Patient") {
      id = std::string(fhir::StringOr(*resource, "id"));
    } else {
      for (const char* element : {"subject", "patient"}) {
        if (const rapidjson::Value* reference = fhir::Member(*resource, element)) {
          id = fhir::ReferenceId(fhir::StringOr(*reference, "reference"), "Patient");
          if (!id.empty()) break;
        }
      }
    }
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

void SortUnique(std::vector<std::string>* ids) {
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
}

// Hours since a FHIR instant written by UtcNowInstant (YYYY-MM-DDTHH:MM:SSZ).
double HoursSince(const std::string& instant) {
  std::tm tm{};
  if (strptime(instant.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return 1e9;
  return std::difftime(std::time(nullptr), timegm(&tm)) / 3600.0;
}

}  // namespace

std::string SyncSummary::SummaryLine() const {
  return "sync: " + std::to_string(counts.patients) + " patients, " + std::to_string(counts.created) + " created, " +
         std::to_string(counts.updated) + " updated, " + std::to_string(counts.unchanged) + " unchanged, " +
         std::to_string(counts.failed) + " failed";
}

struct SyncJob::PatientOutcomeDetail {
  PatientOutcome outcome = PatientOutcome::kUnchanged;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t activities = 0;
  std::vector<std::string> flag_rules;
  std::string error;
};

SyncJob::SyncJob(const SyncConfig& config, const Evaluator& evaluator, client::FhirClient& client, Ledger* ledger)
    : config_(config), evaluator_(evaluator), client_(client), ledger_(ledger) {}

Result<std::vector<std::string>> SyncJob::DiscoverAlsPatients() {
  std::string codes;
  for (const fhir::Coding& coding : evaluator_.terminology().CodesOf("als")) {
    codes += (codes.empty() ? "" : ",") + coding.system + "|" + coding.code;
  }
  ALS_ASSIGN_OR_RETURN(client::SearchResult result, client_.Search("Condition", {{"code", codes}}));
  std::vector<std::string> ids = SubjectsOf(result.bundle);
  SortUnique(&ids);
  return ids;
}

Result<std::vector<std::string>> SyncJob::ChangedPatients(const std::string& since) {
  std::vector<std::string> ids;
  for (const std::string& type : WatchedTypes()) {
    ALS_ASSIGN_OR_RETURN(client::SearchResult result, client_.Search(type, {{"_lastUpdated", "gt" + since}}));
    // The adapter's own writes are not changes to re-evaluate.
    std::vector<std::string> more =
        SubjectsOf(result.bundle, output::CarePlanIdentifierSystem(evaluator_.settings()));
    ids.insert(ids.end(), more.begin(), more.end());
  }
  SortUnique(&ids);
  return ids;
}

Result<std::vector<std::string>> SyncJob::SelectPatients(const SyncOptions& options, std::string* mode,
                                                         std::string* server_time) {
  // The server's clock before anything is read: the next incremental run looks
  // for changes after it (never the local clock).
  ALS_ASSIGN_OR_RETURN(client::SearchResult clock, client_.Search("Patient", {{"_id", "als-adapter-clock"}}));
  *server_time = clock.server_time;
  if (!options.patient_ids.empty()) {
    *mode = "patients";
    std::vector<std::string> ids = options.patient_ids;
    SortUnique(&ids);
    return ids;
  }
  std::vector<std::string> selected;
  switch (config_.patients.kind) {
    case PatientSelection::Kind::kIds:
      selected = config_.patients.ids;
      break;
    case PatientSelection::Kind::kGroup: {
      ALS_ASSIGN_OR_RETURN(rapidjson::Document group, client_.Read("Group", config_.patients.group_id));
      const rapidjson::Value* members = fhir::Member(group, "member");
      if (members != nullptr && members->IsArray()) {
        for (const auto& member : members->GetArray()) {
          const rapidjson::Value* entity = fhir::Member(member, "entity");
          std::string id = entity ? fhir::ReferenceId(fhir::StringOr(*entity, "reference"), "Patient") : "";
          if (!id.empty()) selected.push_back(id);
        }
      }
      break;
    }
    case PatientSelection::Kind::kDiscover:
      ALS_ASSIGN_OR_RETURN(selected, DiscoverAlsPatients());
      break;
  }
  SortUnique(&selected);
  *mode = "full";
  if (options.dry_run || ledger_ == nullptr || !config_.incremental) return selected;

  ALS_ASSIGN_OR_RETURN(std::optional<std::string> watermark, ledger_->Watermark(config_.server.base_url));
  ALS_ASSIGN_OR_RETURN(std::optional<std::string> last_full, ledger_->LastFullRun(config_.server.base_url));
  ALS_ASSIGN_OR_RETURN(std::vector<std::string> retry, ledger_->PatientsToRetry(config_.server.base_url));
  bool full_due = !watermark || !last_full || HoursSince(*last_full) >= config_.full_reevaluation_hours;
  std::vector<std::string> result;
  if (full_due) {
    result = selected;
  } else {
    // Only patients in scope with a change since the watermark. Discovery was
    // just re-run, so a new ALS diagnosis is in scope already.
    *mode = "incremental";
    ALS_ASSIGN_OR_RETURN(std::vector<std::string> changed, ChangedPatients(*watermark));
    std::set_intersection(changed.begin(), changed.end(), selected.begin(), selected.end(), std::back_inserter(result));
  }
  result.insert(result.end(), retry.begin(), retry.end());
  SortUnique(&result);
  return result;
}

Result<SyncJob::PatientOutcomeDetail> SyncJob::WritePatient(const output::PatientWriteSet& write_set) {
  PatientOutcomeDetail detail;
  for (const output::PatientWriteSet& part : output::SplitWriteSet(write_set, config_.max_transaction_entries)) {
    ALS_ASSIGN_OR_RETURN(rapidjson::Document response, client_.Transaction(output::TransactionBundle(part)));
    const rapidjson::Value* entries = fhir::Member(response, "entry");
    if (entries == nullptr || !entries->IsArray() || entries->Size() != part.entries.size()) {
      return MakeError(ErrorCode::kServerError, "transaction for Patient/" + write_set.patient_id,
                       "the transaction-response does not have one entry per request");
    }
    for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
      if (part.entries[i].resource_type == "Provenance") continue;
      const rapidjson::Value* answer = fhir::Member((*entries)[i], "response");
      std::string status = answer ? std::string(fhir::StringOr(*answer, "status")) : "";
      if (status.rfind("201", 0) == 0) {
        ++detail.created;
      } else if (status.rfind("200", 0) == 0) {
        // Medplum answers a conditional PUT that creates with 200 too: trust what we knew.
        ++(part.entries[i].replaces_existing ? detail.updated : detail.created);
      } else {
        return MakeError(ErrorCode::kServerError, "transaction for Patient/" + write_set.patient_id,
                         "entry " + std::to_string(i) + " answered '" + status + "'");
      }
    }
  }
  detail.outcome = detail.created > 0 ? PatientOutcome::kCreated : PatientOutcome::kUpdated;
  return detail;
}

SyncJob::PatientOutcomeDetail SyncJob::SyncPatient(const std::string& patient_id,
                                                   Result<std::unique_ptr<PatientData>> read,
                                                   const SyncOptions& options) {
  PatientOutcomeDetail detail;
  // A concurrent edit (412) is retried once from a fresh read, never forced.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto data = attempt == 0 ? std::move(read) : ReadPatient(client_, patient_id, use_batch_);
    if (!data.ok()) {
      detail.outcome = PatientOutcome::kFailed;
      detail.error = data.error().ToString();
      return detail;
    }
    PatientResult result = evaluator_.Evaluate(patient_id, (*data)->resources(), data->get());
    for (const model::DataIssue& issue : result.issues) {
      spdlog::warn("Patient/{}: {}: {}", patient_id, issue.source, issue.message);
    }
    detail.activities = static_cast<int64_t>(result.write_set.activities);
    detail.flag_rules = result.write_set.flag_rules;
    if (result.write_set.entries.empty()) {
      detail.outcome = result.has_als_diagnosis ? PatientOutcome::kUnchanged : PatientOutcome::kNoOutput;
      return detail;
    }
    if (options.dry_run) {
      std::string bundle = output::TransactionBundle(result.write_set) + "\n";
      static std::mutex output_mutex;
      std::lock_guard<std::mutex> lock(output_mutex);
      std::fwrite(bundle.data(), 1, bundle.size(), options.dry_run_out);
      detail.outcome = PatientOutcome::kUpdated;
      for (const auto& entry : result.write_set.entries) {
        if (entry.resource_type != "Provenance") ++(entry.replaces_existing ? detail.updated : detail.created);
      }
      return detail;
    }
    auto written = WritePatient(result.write_set);
    if (written.ok()) {
      written->activities = detail.activities;
      written->flag_rules = detail.flag_rules;
      return *written;
    }
    if (written.error().code != ErrorCode::kConflict) {
      detail.outcome = PatientOutcome::kFailed;
      detail.error = written.error().ToString();
      return detail;
    }
    spdlog::info("Patient/{}: the server's copy changed while we evaluated (412); re-reading once", patient_id);
    detail.error = written.error().ToString();
  }
  detail.outcome = PatientOutcome::kConflict;
  return detail;
}

Result<SyncSummary> SyncJob::Run(const SyncOptions& options) {
  SyncSummary summary;
  ALS_ASSIGN_OR_RETURN(client::CapabilityReport capabilities, client_.CheckMetadata());
  for (const std::string& missing : capabilities.missing) spdlog::warn("server lacks {}", missing);
  use_batch_ = std::none_of(capabilities.missing.begin(), capabilities.missing.end(),
                            [](const std::string& m) { return m == "batch"; });
  bool lacks_transaction = std::any_of(capabilities.missing.begin(), capabilities.missing.end(),
                                       [](const std::string& m) { return m == "transaction"; });
  if (lacks_transaction && !options.dry_run) {
    return MakeError(ErrorCode::kFailedPrecondition, config_.server.base_url,
                     "the server does not support transactions: the adapter writes one transaction per patient");
  }
  std::string server_time;
  std::vector<std::string> patients;
  ALS_ASSIGN_OR_RETURN(patients, SelectPatients(options, &summary.mode, &server_time));
  if (options.dry_run) summary.mode = "dry-run";
  spdlog::info("sync: {} patient(s) to evaluate ({} run)", patients.size(), summary.mode);

  int64_t run_id = 0;
  if (ledger_ != nullptr && !options.dry_run) {
    ALS_ASSIGN_OR_RETURN(run_id, ledger_->StartRun(config_.server.base_url, summary.mode));
  }
  std::mutex mutex;  // guards the summary, the ledger and `unrecorded`
  std::atomic<size_t> next{0};
  // Outcomes are recorded 32 patients at a time: a transaction for each was
  // 13% of an unchanged re-run's CPU. A run cut short before they are
  // recorded is never finished in the ledger, so the next run starts from the
  // same watermark (or is full again) and evaluates those patients again.
  constexpr size_t kOutcomesPerTransaction = 32;
  std::vector<PatientOutcomeRecord> unrecorded;
  auto record_outcomes = [&]() {
    Status recorded = ledger_ ? ledger_->RecordOutcomes(run_id, config_.server.base_url, unrecorded) : Status::Ok();
    if (!recorded.ok()) spdlog::error("ledger: {}", recorded.error().ToString());
    unrecorded.clear();
  };
  auto record_outcome = [&](const std::string& patient_id, const PatientOutcomeDetail& detail) {
    std::lock_guard<std::mutex> lock(mutex);
    ++summary.counts.patients;
    summary.counts.created += detail.created;
    summary.counts.updated += detail.updated;
    summary.activities += detail.activities;
    for (const std::string& rule : detail.flag_rules) ++summary.active_flags_by_rule[rule];
    bool failed = detail.outcome == PatientOutcome::kFailed || detail.outcome == PatientOutcome::kConflict;
    if (failed) {
      ++summary.counts.failed;
      summary.failures.push_back("Patient/" + patient_id + ": " + detail.error);
      spdlog::error("Patient/{} {}: {}", patient_id, OutcomeName(detail.outcome), detail.error);
    } else if (detail.created == 0 && detail.updated == 0) {
      ++summary.counts.unchanged;
    }
    if (ledger_ == nullptr || options.dry_run) return;
    unrecorded.push_back({patient_id, detail.outcome, detail.created, detail.updated, detail.error, failed});
    if (unrecorded.size() >= kOutcomesPerTransaction) record_outcomes();
  };
  // Patients are read a few at a time, in one batch, but no more at a time
  // than keeps every worker busy. A server that refuses such a batch as a
  // whole (one that caps batch size, say) gets one patient per batch from then on.
  const int workers = std::max(1, std::min<int>(config_.concurrency, static_cast<int>(patients.size())));
  const size_t group = std::clamp<size_t>((patients.size() + workers - 1) / workers, 1,
                                          static_cast<size_t>(config_.patients_per_batch));
  std::atomic<bool> one_per_batch{false};
  auto worker = [&]() {
    for (;;) {
      const size_t size = one_per_batch ? 1 : group;
      const size_t first = next.fetch_add(size);
      if (first >= patients.size()) break;
      std::vector<std::string> ids(patients.begin() + first,
                                   patients.begin() + std::min(first + size, patients.size()));
      std::vector<Result<std::unique_ptr<PatientData>>> reads = ReadPatients(client_, ids, use_batch_);
      if (ids.size() > 1 && RefusedAsAWhole(reads)) {
        if (!one_per_batch.exchange(true)) {
          spdlog::warn("the server refused a batch of {} patients' searches ({}); reading one patient per batch "
                       "from now on (set patients_per_batch to 1 for this server)",
                       ids.size(), ErrorCodeName(reads.front().error().code));
        }
        spdlog::debug("the refused batch: {}", reads.front().error().ToString());
        for (size_t j = 0; j < ids.size(); ++j) reads[j] = ReadPatient(client_, ids[j], use_batch_);
      }
      for (size_t j = 0; j < ids.size(); ++j) {
        record_outcome(ids[j], SyncPatient(ids[j], std::move(reads[j]), options));
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  record_outcomes();
  std::sort(summary.failures.begin(), summary.failures.end());

  summary.exit_status = summary.counts.failed > 0 ? 1 : 0;
  if (ledger_ != nullptr && !options.dry_run) {
    std::string status = summary.counts.failed > 0 ? "partial" : "succeeded";
    ALS_RETURN_IF_ERROR(ledger_->FinishRun(run_id, status, summary.exit_status, summary.counts, ""));
    // The watermark advances only to the server time read at the start of a
    // discovery (changes made during the run are seen by the next one).
    if (!server_time.empty() && summary.mode != "patients") {
      ALS_RETURN_IF_ERROR(ledger_->SetWatermark(config_.server.base_url, server_time, summary.mode == "full"));
    }
  }
  return summary;
}

}  // namespace als::sync
