// als-adapter sync and als-adapter runs.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "als/client/fhir_client.h"
#include "als/fhir/date.h"
#include "als/guideline/engine.h"
#include "als/sync/config.h"
#include "als/sync/evaluator.h"
#include "als/sync/job.h"
#include "als/sync/ledger.h"
#include "als/terminology/terminology.h"
#include "commands.h"

namespace als::cli {
namespace {

constexpr char kSyncUsage[] =
    "usage: als-adapter sync --config FILE [--dry-run] [--patient ID]... [--as-of YYYY-MM-DD]\n"
    "Reads the patients' data from the configured FHIR server, evaluates the rule catalogue and\n"
    "writes what changed (one transaction per patient). --dry-run prints the transactions (one\n"
    "Bundle per line) and writes nothing. --as-of evaluates as if today were that date (for\n"
    "checking what would fire; default today, UTC). Ends with the line\n"
    "  sync: <P> patients, <C> created, <U> updated, <N> unchanged, <F> failed\n";

constexpr char kRunsUsage[] = "usage: als-adapter runs --config FILE [--limit N]\n";

// malloc's thresholds for the sync (why: in RunSync).
constexpr size_t kMmapThreshold = 4 << 20;
constexpr size_t kTrimThreshold = 16 << 20;
// What one patient of a batch holds at most at once, about: its share of the
// decompressed answer (about 130 KB) and of the document parsed from it.
constexpr size_t kHeapPerBatchPatient = 400 << 10;

// Grows the heap by `bytes` and has the kernel map all its pages in one call.
// Touched one by one, each page faults; on a VM a fault costs about 11 us, and
// mapping the same pages ahead about 2.5 us each (MADV_POPULATE_WRITE, Linux
// 5.14; an older kernel refuses it and the pages fault as before). Freed again,
// the block stays at the top of the heap (below the trim threshold) for the
// workers' answers and documents.
void PrefaultHeap(size_t bytes) {
  bytes = std::min(bytes, kTrimThreshold / 2);
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes + (1 << 20)));  // from the heap, not a mapping of its own
  void* block = std::malloc(bytes);
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  if (block == nullptr) return;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(block) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(block) + bytes) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  std::free(block);
}

}  // namespace

int RunSync(const std::vector<std::string>& args) {
  // A batch answer for several patients is 0.5-1 MB once decompressed, and is
  // decoded into a block of that size in its document's pool. Mapped afresh for
  // each (main's 256 KB threshold), all their pages fault in again each time,
  // about 13 us a page on a VM; from the heap they are reused. The job's memory
  // stays bounded by what its workers hold at once. One arena for all
  // workers: each worker's own arena warmed up its own copy of those blocks
  // (about 500-700 more page faults, 3-5% more CPU on an unchanged re-run), and
  // the workers mostly wait on the server, so they seldom contend for it.
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  mallopt(M_ARENA_MAX, 1);
  std::string config_path;
  std::string as_of;
  sync::SyncOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kSyncUsage, stdout);
      return kExitOk;
    } else if (arg == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (arg == "--patient" && i + 1 < args.size()) {
      options.patient_ids.push_back(args[++i]);
    } else if (arg == "--dry-run") {
      options.dry_run = true;
    } else if (arg == "--as-of" && i + 1 < args.size()) {
      as_of = args[++i];
    } else {
      return UsageError("unexpected argument '" + arg + "'", kSyncUsage);
    }
  }
  if (config_path.empty()) return UsageError("--config FILE is required", kSyncUsage);
  fhir::Day today = fhir::TodayUtc();
  if (!as_of.empty()) {
    auto day = fhir::ParseIsoDay(as_of);
    if (!day.ok()) return UsageError("--as-of: " + day.error().message, kSyncUsage);
    today = *day;
  }
  auto config = sync::LoadSyncConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", config.error().ToString().c_str());
    return kExitUsage;
  }
  std::vector<std::string> mapping_dirs{terminology::Terminology::DefaultDirectory()};
  mapping_dirs.insert(mapping_dirs.end(), config->mappings.begin(), config->mappings.end());
  auto terminology = terminology::Terminology::Load(mapping_dirs);
  if (!terminology.ok()) {
    std::fprintf(stderr, "als-adapter: mappings: %s\n", terminology.error().ToString().c_str());
    return kExitUsage;
  }
  auto client = client::FhirClient::Create(config->server);
  if (!client.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", client.error().ToString().c_str());
    return kExitUsage;
  }
  std::unique_ptr<sync::Ledger> ledger;
  if (!options.dry_run) {
    auto opened = sync::Ledger::Open(config->ledger_path);
    if (!opened.ok()) {
      std::fprintf(stderr, "als-adapter: %s\n", opened.error().ToString().c_str());
      return opened.error().code == ErrorCode::kFailedPrecondition ? kExitPartial : kExitUsage;
    }
    ledger = std::move(*opened);
  }
  PrefaultHeap(static_cast<size_t>(config->concurrency) * config->patients_per_batch * kHeapPerBatchPatient);
  guideline::RuleEngine engine(config->parameters);
  sync::Evaluator evaluator(*terminology, engine, sync::SyncOutputSettings(*config, today));
  sync::SyncJob job(*config, evaluator, **client, ledger.get());
  auto summary = job.Run(options);
  spdlog::info("requests: {}", (*client)->Stats().ToString());
  if (!summary.ok()) {
    std::fprintf(stderr, "als-adapter: sync failed: %s\n", summary.error().ToString().c_str());
    std::printf("sync: 0 patients, 0 created, 0 updated, 0 unchanged, 0 failed\n");
    return kExitPartial;
  }
  for (const std::string& failure : summary->failures) std::fprintf(stderr, "failed: %s\n", failure.c_str());
  std::string flags;
  for (const auto& [rule, count] : summary->active_flags_by_rule) {
    flags += (flags.empty() ? "" : ", ") + rule + "=" + std::to_string(count);
  }
  spdlog::info("active flags by rule: {}", flags.empty() ? "none" : flags);
  spdlog::info("care plan activities: {}", summary->activities);
  std::printf("%s\n", summary->SummaryLine().c_str());
  std::fflush(stdout);
  return summary->exit_status;
}

int RunRuns(const std::vector<std::string>& args) {
  std::string config_path;
  int limit = 10;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (args[i] == "--limit" && i + 1 < args.size()) {
      limit = std::atoi(args[++i].c_str());
      if (limit <= 0) return UsageError("--limit must be a positive number", kRunsUsage);
    } else if (args[i] == "--help" || args[i] == "-h") {
      std::fputs(kRunsUsage, stdout);
      return kExitOk;
    } else {
      return UsageError("unexpected argument '" + args[i] + "'", kRunsUsage);
    }
  }
  if (config_path.empty()) return UsageError("--config FILE is required", kRunsUsage);
  auto config = sync::LoadSyncConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", config.error().ToString().c_str());
    return kExitUsage;
  }
  auto ledger = sync::Ledger::OpenReadOnly(config->ledger_path);
  if (!ledger.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", ledger.error().ToString().c_str());
    return kExitUsage;
  }
  auto runs = (*ledger)->RecentRuns(limit);
  if (!runs.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", runs.error().ToString().c_str());
    return kExitUsage;
  }
  std::printf("%-5s %-20s %-20s %-12s %-10s %4s %8s %8s %8s %9s %6s\n", "run", "started", "finished", "mode", "status",
              "exit", "patients", "created", "updated", "unchanged", "failed");
  for (const sync::RunRecord& run : *runs) {
    std::printf("%-5lld %-20s %-20s %-12s %-10s %4d %8lld %8lld %8lld %9lld %6lld\n", static_cast<long long>(run.id),
                run.started.c_str(), run.finished.empty() ? "-" : run.finished.c_str(), run.mode.c_str(),
                run.status.c_str(), run.exit_status, static_cast<long long>(run.counts.patients),
                static_cast<long long>(run.counts.created), static_cast<long long>(run.counts.updated),
                static_cast<long long>(run.counts.unchanged), static_cast<long long>(run.counts.failed));
  }
  return kExitOk;
}

}  // namespace als::cli
