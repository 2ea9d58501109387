// als-adapter evaluate: offline evaluation of FHIR files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "als/fhir/date.h"
#include "als/guideline/engine.h"
#include "als/model/population.h"
#include "als/output/write_set.h"
#include "als/sync/evaluator.h"
#include "als/terminology/terminology.h"
#include "commands.h"

namespace als::cli {
namespace {

constexpr char kUsage[] =
    "usage: als-adapter evaluate [--as-of YYYY-MM-DD] [--out FILE] [--parameters FILE]\n"
    "                            [--mappings DIR]... [--canonical-base URL] [--threads N] INPUT...\n"
    "INPUT: a FHIR JSON file (a Bundle of any type, or one resource), an NDJSON file, or a\n"
    "directory of them. Prints the transaction Bundle that sync would send.\n"
    "--threads N: threads that read and evaluate (default: the CPU count, at most 8); the\n"
    "output is the same for any N.\n";

struct EvaluateOptions {
  std::string as_of;
  std::string out;
  std::string parameters;
  std::string canonical_base = terminology::kCanonicalBase;
  std::vector<std::string> mappings;
  std::vector<std::string> inputs;
  int threads = 0;  // 0: the CPU count, at most 8
};

// What the patients of one batch produced, kept until the batches before it
// are written. Then recycled: at most 2 x threads of them, each keeping at
// most `keep` bytes of capacity (4 x the average batch). Keeping every output
// ever made, each at the largest batch it had held, let memory creep up by
// several MB over a long run.
struct BatchOutput {
  std::string entries;  // Bundle entries, comma-separated
  std::unique_ptr<output::TransactionWriter> writer = std::make_unique<output::TransactionWriter>(&entries);
  std::string warnings;  // stderr lines
  size_t patients = 0, als_patients = 0, entries_count = 0;

  void Clear(size_t keep) {
    if (entries.capacity() > keep) {
      std::string().swap(entries);
      entries.reserve(keep);
    }
    entries.clear();
    writer = std::make_unique<output::TransactionWriter>(&entries);
    warnings.clear();
    patients = als_patients = entries_count = 0;
  }
};

// Writes to a temporary file renamed into place at the end, so that a failed
// run never leaves a partial output file.
class OutputSink {
 public:
  explicit OutputSink(std::string path) : path_(std::move(path)) {}
  ~OutputSink() {
    if (file_ != nullptr && file_ != stdout) {
      std::fclose(file_);
      std::remove(temp_.c_str());
    }
  }
  bool Open() {
    if (path_.empty()) {
      file_ = stdout;
      return true;
    }
    temp_ = path_ + ".partial";
    file_ = std::fopen(temp_.c_str(), "wb");
    return file_ != nullptr;
  }
  bool Write(const std::string& text) { return std::fwrite(text.data(), 1, text.size(), file_) == text.size(); }
  bool Commit() {
    if (file_ == stdout) return std::fflush(stdout) == 0;
    bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    return ok && std::rename(temp_.c_str(), path_.c_str()) == 0;
  }

 private:
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
};

}  // namespace

int UsageError(const std::string& message, const char* usage) {
  std::fprintf(stderr, "als-adapter: %s\n%s", message.c_str(), usage);
  return kExitUsage;
}

int RunEvaluate(const std::vector<std::string>& args) {
  EvaluateOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string* into) {
      if (i + 1 >= args.size()) return false;
      *into = args[++i];
      return true;
    };
    std::string mapping;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else if (arg == "--as-of") {
      if (!value(&options.as_of)) return UsageError("--as-of needs a date (YYYY-MM-DD)", kUsage);
    } else if (arg == "--out") {
      if (!value(&options.out)) return UsageError("--out needs a file name", kUsage);
    } else if (arg == "--parameters") {
      if (!value(&options.parameters)) return UsageError("--parameters needs a file name", kUsage);
    } else if (arg == "--canonical-base") {
      if (!value(&options.canonical_base)) return UsageError("--canonical-base needs a URL", kUsage);
      Result<std::string> base = terminology::CheckCanonicalBase(options.canonical_base, "--canonical-base");
      if (!base) return UsageError(base.error().ToString(), kUsage);
      options.canonical_base = *base;
    } else if (arg == "--threads") {
      std::string count;
      if (!value(&count) || count.empty() || count.size() > 3 ||
          count.find_first_not_of("0123456789") != std::string::npos || std::stoi(count) < 1) {
        return UsageError("--threads needs a number from 1", kUsage);
      }
      options.threads = std::stoi(count);
    } else if (arg == "--mappings") {
      if (!value(&mapping)) return UsageError("--mappings needs a directory", kUsage);
      options.mappings.push_back(mapping);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return UsageError("unknown option '" + arg + "'", kUsage);
    } else {
      options.inputs.push_back(arg);
    }
  }
  if (options.inputs.empty()) return UsageError("no INPUT given", kUsage);

  fhir::Day now = fhir::TodayUtc();
  if (!options.as_of.empty()) {
    auto day = fhir::ParseIsoDay(options.as_of);
    if (!day.ok()) return UsageError("--as-of: " + day.error().message, kUsage);
    now = *day;
  }
  std::vector<std::string> mapping_dirs{terminology::Terminology::DefaultDirectory()};
  mapping_dirs.insert(mapping_dirs.end(), options.mappings.begin(), options.mappings.end());
  auto terminology = terminology::Terminology::Load(mapping_dirs);
  if (!terminology.ok()) {
    std::fprintf(stderr, "als-adapter: mappings: %s\n", terminology.error().ToString().c_str());
    return kExitUsage;
  }
  guideline::Parameters parameters = guideline::Parameters::Defaults(guideline::Catalogue());
  if (!options.parameters.empty()) {
    if (Status status = parameters.OverrideFromFile(options.parameters); !status.ok()) {
      std::fprintf(stderr, "als-adapter: %s\n", status.error().ToString().c_str());
      return kExitUsage;
    }
  }
  int threads = options.threads;
  if (threads == 0) threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  model::PopulationOptions population_options;
  population_options.threads = threads;
  population_options.one_pass = true;
  auto population = model::Population::Read(options.inputs, population_options);
  if (!population.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", population.error().ToString().c_str());
    return kExitUsage;
  }
  bool partial = false;
  for (const fhir::InputWarning& warning : (*population)->warnings()) {
    std::fprintf(stderr, "warning: %s: %s\n", warning.where.c_str(), warning.message.c_str());
    partial = true;
  }
  for (const auto& [type, count] : (*population)->stats().unlinked_by_type) {
    spdlog::info("{} {} resource(s) not linked to a patient: not used", count, type);
  }

  guideline::RuleEngine engine(parameters);
  output::OutputSettings settings;
  settings.canonical_base = options.canonical_base;
  settings.now = now;
  sync::Evaluator evaluator(*terminology, engine, settings);

  OutputSink sink(options.out);
  if (!sink.Open()) {
    std::fprintf(stderr, "als-adapter: %s: cannot write\n", options.out.c_str());
    return kExitUsage;
  }
  // Patients are evaluated on `threads` threads in batches; the batches are
  // written in order, so the output does not depend on the thread count.
  size_t patients = 0, als_patients = 0, entries = 0;
  std::string buffer;
  output::TransactionWriter writer(&buffer);
  writer.Begin();
  bool any_entry = false;
  uint64_t entry_bytes = 0, batches_written = 0;
  std::mutex batches_mutex;
  std::map<size_t, std::unique_ptr<BatchOutput>> batches;
  std::vector<std::unique_ptr<BatchOutput>> spare_outputs;
  auto batch_output = [&](size_t batch) {
    std::lock_guard<std::mutex> lock(batches_mutex);
    std::unique_ptr<BatchOutput>& slot = batches[batch];
    if (!slot && !spare_outputs.empty()) {
      slot = std::move(spare_outputs.back());
      spare_outputs.pop_back();
    }
    if (!slot) slot = std::make_unique<BatchOutput>();
    return slot.get();
  };
  Status status = (*population)->ForEachPatient(
      threads,
      [&](size_t batch, const std::string& patient_id, const std::vector<model::SourcedResource>& resources,
          const model::ResourceResolver& resolver) -> Status {
        BatchOutput* out = batch_output(batch);
        ++out->patients;
        sync::PatientResult result = evaluator.Evaluate(patient_id, resources, &resolver);
        if (result.has_als_diagnosis) ++out->als_patients;
        for (const model::DataIssue& issue : result.issues) {
          // As "%s" would print them: up to a NUL.
          out->warnings.append("warning: ").append(issue.source.c_str()).append(": ");
          out->warnings.append(issue.message.c_str()).append("\n");
        }
        out->entries_count += result.write_set.entries.size();
        out->writer->Add(result.write_set);
        return Status::Ok();
      },
      [&](size_t batch) -> Status {
        std::unique_ptr<BatchOutput> out;
        {
          std::lock_guard<std::mutex> lock(batches_mutex);
          auto it = batches.find(batch);
          if (it == batches.end()) return Status::Ok();  // no patients
          out = std::move(it->second);
          batches.erase(it);
        }
        patients += out->patients;
        als_patients += out->als_patients;
        entries += out->entries_count;
        if (!out->warnings.empty()) {
          std::fwrite(out->warnings.data(), 1, out->warnings.size(), stderr);
          partial = true;
        }
        if (!out->entries.empty()) {
          if (any_entry) buffer += ",";
          any_entry = true;
          if (!sink.Write(buffer) || !sink.Write(out->entries)) {
            return MakeError(ErrorCode::kIo, options.out, "write failed");
          }
          buffer.clear();
        }
        entry_bytes += out->entries.size();
        ++batches_written;
        out->Clear(4 * entry_bytes / batches_written);
        std::lock_guard<std::mutex> lock(batches_mutex);
        if (spare_outputs.size() < 2 * static_cast<size_t>(threads)) spare_outputs.push_back(std::move(out));
        return Status::Ok();
      });
  if (!status.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", status.error().ToString().c_str());
    return kExitUsage;
  }
  writer.End();
  buffer += "\n";
  if (!sink.Write(buffer) || !sink.Commit()) {
    std::fprintf(stderr, "als-adapter: %s: write failed\n", options.out.empty() ? "stdout" : options.out.c_str());
    return kExitUsage;
  }
  const model::PopulationStats& stats = (*population)->stats();
  spdlog::info("evaluate: {} resources, {} patients, {} with an ALS diagnosis, {} bundle entries",
               stats.resources, patients, als_patients, entries);
  if (stats.temporary_bytes > 0) {  // bench/run.sh reads this line
    spdlog::info("evaluate: grouped by patient in {} temporary files: {:.1f} MB, {}", stats.partitions,
                 stats.temporary_bytes / 1e6,
                 stats.compressed ? fmt::format("compressed from {:.1f} MB", stats.grouped_bytes / 1e6)
                                  : std::string("not compressed"));
  }
  return partial ? kExitPartial : kExitOk;
}

}  // namespace als::cli
