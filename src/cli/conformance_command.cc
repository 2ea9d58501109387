// als-adapter conformance: writes the FHIR conformance resources (profiles/).
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "als/conformance/conformance_resources.h"
#include "als/terminology/terminology.h"
#include "commands.h"

namespace als::cli {
namespace {

constexpr char kConformanceUsage[] =
    "usage: als-adapter conformance --out DIR [--canonical-base URL]\n"
    "Writes the adapter's FHIR conformance resources (rule CodeSystem and ValueSet, the catalogue's\n"
    "PlanDefinition, StructureDefinitions of the CarePlan, Flag and Provenance it writes) into DIR,\n"
    "one JSON file each, under the canonical base (default http://als-adapter.org/fhir).\n"
    "The StructureDefinitions carry a differential; `make profiles` also adds their snapshots.\n";

}  // namespace

int RunConformance(const std::vector<std::string>& args) {
  std::string out;
  std::string canonical_base = terminology::kCanonicalBase;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool has_value = i + 1 < args.size();
    if (arg == "--help" || arg == "-h") {
      std::fputs(kConformanceUsage, stdout);
      return kExitOk;
    } else if (arg == "--out" && has_value) {
      out = args[++i];
    } else if (arg == "--canonical-base" && has_value) {
      Result<std::string> base = terminology::CheckCanonicalBase(args[++i], "--canonical-base");
      if (!base) return UsageError(base.error().ToString(), kConformanceUsage);
      canonical_base = *base;
    } else {
      return UsageError("unknown or incomplete argument '" + arg + "'", kConformanceUsage);
    }
  }
  if (out.empty()) return UsageError("--out DIR is required", kConformanceUsage);

  Result<std::vector<conformance::ConformanceResource>> resources =
      conformance::BuildConformanceResources(canonical_base);
  if (!resources) {
    std::fprintf(stderr, "als-adapter: %s\n", resources.error().ToString().c_str());
    return kExitUsage;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "als-adapter: %s: cannot create directory: %s\n", out.c_str(), ec.message().c_str());
    return kExitUsage;
  }
  for (const conformance::ConformanceResource& resource : *resources) {
    std::string path = (std::filesystem::path(out) / resource.file_name).string();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << resource.json;
    file.close();
    if (!file) {
      std::fprintf(stderr, "als-adapter: %s: cannot write\n", path.c_str());
      return kExitUsage;
    }
  }
  std::printf("%zu conformance resources written to %s\n", resources->size(), out.c_str());
  return kExitOk;
}

}  // namespace als::cli
