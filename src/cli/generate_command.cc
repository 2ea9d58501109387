// als-adapter generate: a synthetic ALS population for tests, the demo and the benchmarks.
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "als/fhir/date.h"
#include "als/generator/population_generator.h"
#include "commands.h"

namespace als::cli {
namespace {

constexpr char kUsage[] =
    "usage: als-adapter generate --patients N [--seed S] [--as-of YYYY-MM-DD] [--format ndjson|bundle]\n"
    "                            [--bad-fraction F] [--non-als-fraction F] [--bundle-max-entries N]\n"
    "                            --out DIR\n"
    "Writes N synthetic patients (about 15% without ALS) as FHIR R4 JSON into DIR, which must be\n"
    "new or empty. Same seed and options, same bytes. No resource is dated after --as-of\n"
    "(default 2026-06-01).\n"
    "  --format ndjson   one <Type>.ndjson file per resource type, as a Bulk Data export (default)\n"
    "  --format bundle   transaction Bundles bundle-000001.json... of PUT Type/id (stable ids);\n"
    "                    at most --bundle-max-entries entries each (default 50, the test server's\n"
    "                    limit; 0 = one Bundle per patient)\n"
    "  --bad-fraction F  make this fraction of measurements unusable on purpose (unknown unit,\n"
    "                    missing code, impossible date); default 0\n";

bool ParseUnsigned(const std::string& text, uint64_t* out) {
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, *out);
  return error == std::errc() && stop == end && !text.empty();
}

bool ParseFraction(const std::string& text, double* out) {
  char* stop = nullptr;
  *out = std::strtod(text.c_str(), &stop);
  return !text.empty() && stop == text.c_str() + text.size() && *out >= 0 && *out <= 1;
}

// Parses the arguments into `options`; returns an error message, or "" when they are valid.
std::string ParseOptions(const std::vector<std::string>& args, generator::GeneratorOptions* options) {
  bool have_patients = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') return "unexpected argument '" + arg + "'";
    if (i + 1 >= args.size()) return arg + " needs a value";
    const std::string& value = args[++i];
    uint64_t number = 0;
    if (arg == "--patients") {
      if (!ParseUnsigned(value, &options->patients) || options->patients == 0)
        return "--patients needs a positive whole number";
      have_patients = true;
    } else if (arg == "--seed") {
      if (!ParseUnsigned(value, &options->seed)) return "--seed needs a whole number (0 to 2^64-1)";
    } else if (arg == "--as-of") {
      auto day = fhir::ParseIsoDay(value);
      if (!day.ok()) return "--as-of: " + day.error().message;
      options->as_of = *day;
    } else if (arg == "--format") {
      if (value != "ndjson" && value != "bundle") return "--format must be ndjson or bundle";
      options->format = value == "ndjson" ? generator::OutputFormat::kNdjson : generator::OutputFormat::kBundle;
    } else if (arg == "--bad-fraction") {
      if (!ParseFraction(value, &options->bad_fraction)) return "--bad-fraction needs a number between 0 and 1";
    } else if (arg == "--non-als-fraction") {
      if (!ParseFraction(value, &options->non_als_fraction)) return "--non-als-fraction needs a number between 0 and 1";
    } else if (arg == "--bundle-max-entries") {
      if (!ParseUnsigned(value, &number)) return "--bundle-max-entries needs a whole number (0 = no limit)";
      options->bundle_max_entries = static_cast<size_t>(number);
    } else if (arg == "--out") {
      options->out_dir = value;
    } else {
      return "unknown option '" + arg + "'";
    }
  }
  if (!have_patients) return "--patients is required";
  if (options->out_dir.empty()) return "--out is required";
  return "";
}

void PrintSummary(const generator::GeneratorOptions& options, const generator::GenerationSummary& summary) {
  std::string types;
  for (const auto& [type, count] : summary.resources_by_type) {
    types += (types.empty() ? "" : ", ") + type + " " + std::to_string(count);
  }
  spdlog::info("generate: resources by type: {}", types);
  std::printf("generate: %llu patients (%llu with ALS, %llu without), %llu resources in %llu %s files in %s",
              static_cast<unsigned long long>(summary.patients), static_cast<unsigned long long>(summary.als_patients),
              static_cast<unsigned long long>(summary.patients - summary.als_patients),
              static_cast<unsigned long long>(summary.resources), static_cast<unsigned long long>(summary.files),
              options.format == generator::OutputFormat::kNdjson ? "NDJSON" : "Bundle", options.out_dir.c_str());
  if (summary.bad_resources > 0) {
    std::printf(", %llu deliberately unusable", static_cast<unsigned long long>(summary.bad_resources));
  }
  std::printf("\n");
}

}  // namespace

int RunGenerate(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  generator::GeneratorOptions options;
  if (std::string problem = ParseOptions(args, &options); !problem.empty()) return UsageError(problem, kUsage);
  auto summary = generator::GeneratePopulation(options);
  if (!summary.ok()) {
    std::fprintf(stderr, "als-adapter: %s\n", summary.error().ToString().c_str());
    return kExitUsage;
  }
  PrintSummary(options, *summary);
  return kExitOk;
}

}  // namespace als::cli
