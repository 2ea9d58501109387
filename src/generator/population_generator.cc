#include "als/generator/population_generator.h"

#include <filesystem>
#include <system_error>

#include "chart.h"
#include "output_sink.h"
#include "render.h"

namespace als::generator {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxPatients = 10'000'000;

Status CheckOptions(const GeneratorOptions& options) {
  auto invalid = [](const char* option, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, option, message);
  };
  if (options.patients == 0 || options.patients > kMaxPatients) {
    return invalid("--patients", "must be between 1 and " + std::to_string(kMaxPatients));
  }
  if (!(options.bad_fraction >= 0 && options.bad_fraction <= 1))
    return invalid("--bad-fraction", "must be between 0 and 1");
  if (!(options.non_als_fraction >= 0 && options.non_als_fraction <= 1)) {
    return invalid("non_als_fraction", "must be between 0 and 1");
  }
  if (options.out_dir.empty()) return invalid("--out", "an output directory is required");
  return Status::Ok();
}

// The output goes to "<out>.partial" first; <out> may exist only if empty.
Result<std::string> PrepareStagingDirectory(const std::string& out_dir) {
  std::error_code error;
  if (fs::exists(out_dir, error) && (!fs::is_directory(out_dir, error) || !fs::is_empty(out_dir, error))) {
    return MakeError(ErrorCode::kInvalidArgument, out_dir,
                     "exists and is not an empty directory; choose a new directory or remove it first");
  }
  const std::string staging = out_dir + ".partial";
  fs::remove_all(staging, error);
  if (!fs::create_directories(staging, error)) {
    return MakeError(ErrorCode::kIo, staging, "cannot create the directory: " + error.message());
  }
  return staging;
}

Status PublishStagingDirectory(const std::string& staging, const std::string& out_dir) {
  std::error_code error;
  if (fs::exists(out_dir, error)) fs::remove(out_dir, error);  // empty, checked before
  const fs::path parent = fs::path(out_dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, error);
  fs::rename(staging, out_dir, error);
  if (error) return MakeError(ErrorCode::kIo, out_dir, "cannot rename " + staging + " into place: " + error.message());
  return Status::Ok();
}

bool HasAlsDiagnosis(const Chart& chart) { return chart.kind == PatientKind::kAls; }

Status WritePopulation(const GeneratorOptions& options, OutputSink& sink, GenerationSummary* summary) {
  for (uint64_t index = 1; index <= options.patients; ++index) {
    GeneratedPatient patient = GeneratePatient(options, index);
    ++summary->patients;
    if (patient.has_als) ++summary->als_patients;
    summary->bad_resources += patient.bad_resources;
    summary->resources += patient.resources.size();
    for (const GeneratedResource& resource : patient.resources) ++summary->resources_by_type[resource.type];
    ALS_RETURN_IF_ERROR(sink.Write(patient.resources));
  }
  ALS_RETURN_IF_ERROR(sink.Close());
  summary->files = sink.files();
  return Status::Ok();
}

// "out/" and "out/." name the directory "out", whose staging sibling is "out.partial".
std::string DirectoryName(const std::string& path) {
  std::string name = fs::path(path).lexically_normal().string();
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  return name;
}

}  // namespace

fhir::Day DefaultAsOf() { return fhir::DaysFromCivil(2026, 6, 1); }

GeneratedPatient GeneratePatient(const GeneratorOptions& options, uint64_t index) {
  const Chart chart = SampleChart(ChartSettings{options.seed, options.as_of, options.non_als_fraction}, index);
  ResourceEmitter emitter(chart, options.seed, index, options.bad_fraction);
  RenderPatient(emitter);
  RenderConditions(emitter);
  RenderAllergies(emitter);
  RenderRelations(emitter);
  RenderMeasurements(emitter);
  RenderAlsfrs(emitter);
  RenderFindings(emitter);
  RenderGenomics(emitter);
  RenderMedications(emitter);
  RenderAdministrations(emitter);
  RenderCare(emitter);
  GeneratedPatient patient;
  patient.id = chart.patient_id;
  patient.has_als = HasAlsDiagnosis(chart);
  patient.bad_resources = emitter.defects();
  patient.resources = emitter.TakeResources();
  return patient;
}

Result<GenerationSummary> GeneratePopulation(const GeneratorOptions& options) {
  ALS_RETURN_IF_ERROR(CheckOptions(options));
  const std::string out_dir = DirectoryName(options.out_dir);
  ALS_ASSIGN_OR_RETURN(const std::string staging, PrepareStagingDirectory(out_dir));
  std::unique_ptr<OutputSink> sink = options.format == OutputFormat::kNdjson
                                         ? MakeNdjsonSink(staging)
                                         : MakeBundleSink(staging, options.bundle_max_entries);
  GenerationSummary summary;
  Status written = WritePopulation(options, *sink, &summary);
  sink.reset();
  if (written.ok()) written = PublishStagingDirectory(staging, out_dir);
  if (!written.ok()) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return written.error();
  }
  return summary;
}

}  // namespace als::generator
