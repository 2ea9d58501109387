#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.h"

namespace {

constexpr char kUsage[] =
    "usage: als-adapter <command> [options]\n"
    "\n"
    "FHIR R4 adapter for ALS care: reads Observation, MedicationRequest, Condition (and the\n"
    "other resources the rules need), evaluates the ALS guideline rule catalogue, and writes\n"
    "one CarePlan per patient and one Flag per alert.\n"
    "\n"
    "commands:\n"
    "  evaluate [--as-of YYYY-MM-DD] [--out FILE] [--parameters FILE] [--mappings DIR]... INPUT...\n"
    "           evaluate FHIR files offline (Bundle, resource, NDJSON, or a directory of them)\n"
    "           and print the transaction Bundle that sync would send\n"
    "  sync --config FILE [--dry-run] [--patient ID]...\n"
    "           run the job against a FHIR server\n"
    "  runs --config FILE [--limit N]\n"
    "           list recent sync runs from the run ledger\n"
    "  rules [--format text|json|markdown]\n"
    "           list the rule catalogue: id, domain, output, priority, citation\n"
    "  generate --patients N [--seed S] [--as-of YYYY-MM-DD] [--format ndjson|bundle]\n"
    "           [--bad-fraction F] [--non-als-fraction F] [--bundle-max-entries N] --out DIR\n"
    "           write a synthetic ALS population (test, demo and benchmark data)\n"
    "  conformance --out DIR [--canonical-base URL]\n"
    "           write the FHIR conformance resources: rule CodeSystem, PlanDefinition, profiles\n"
    "\n"
    "options for every command: --verbose (debug logging: may show patient data), --quiet\n"
    "exit status: 0 success; 1 finished, but some patients or resources could not be processed\n"
    "(each named on stderr); 2 usage, configuration or unreadable input.\n";

}  // namespace

int main(int argc, char** argv) {
  // glibc raises its mmap threshold each time a large block is freed; blocks
  // below it then come from the heap, whose holes are kept: over a long run
  // (evaluate at 100k patients, a sync job) that crept up by about 10 MB. A
  // fixed threshold maps large blocks and gives them back when freed. (sync
  // fixes a higher one for its batch answers: see RunSync.)
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
  mallopt(M_TRIM_THRESHOLD, 1 << 20);
  auto logger = spdlog::stderr_color_mt("als");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::info);

  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--verbose") {
      spdlog::set_level(spdlog::level::debug);
    } else if (arg == "--quiet") {
      spdlog::set_level(spdlog::level::warn);
    } else {
      args.push_back(arg);
    }
  }
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return als::cli::kExitUsage;
  }
  std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return als::cli::kExitOk;
  }
  if (command == "--version") {
    std::printf("als-adapter %s\n", ALS_VERSION);
    return als::cli::kExitOk;
  }
  if (command == "evaluate") return als::cli::RunEvaluate(args);
  if (command == "rules") return als::cli::RunRules(args);
  if (command == "sync") return als::cli::RunSync(args);
  if (command == "runs") return als::cli::RunRuns(args);
  if (command == "generate") return als::cli::RunGenerate(args);
  if (command == "conformance") return als::cli::RunConformance(args);
  std::fprintf(stderr, "als-adapter: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return als::cli::kExitUsage;
}
