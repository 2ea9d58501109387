// How fast the adapter itself parses JSON: each line of the NDJSON files goes
// through fhir::ParseInPool, as sync parses an answer (in place, in the
// document's pool, RapidJSON with SSE2). parse_only gives plain RapidJSON as
// packaged, the offline limit; this gives the adapter's own speed, which the
// bench uses to tell a sync's parsing from the rest of its work. Only the
// parsing is timed (process CPU), not the reading. Prints one line of
// key=value figures for bench/run.sh.
//
//   adapter_parse DIR
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "als/common/file.h"
#include "als/fhir/input_files.h"
#include "als/fhir/json.h"
#include "cpu_clock.h"

int main(int argc, char** argv) {
  if (argc != 2 || !std::filesystem::is_directory(argv[1])) {
    std::fprintf(stderr, "usage: adapter_parse DIR (a directory of .ndjson files)\n");
    return 2;
  }
  als::Result<std::vector<std::string>> files = als::fhir::ExpandInputPaths({argv[1]});
  if (!files.ok()) {
    std::fprintf(stderr, "adapter_parse: %s\n", files.error().ToString().c_str());
    return 1;
  }
  size_t bytes = 0, lines = 0, errors = 0;
  double cpu = 0;
  for (const std::string& file : *files) {
    if (std::filesystem::path(file).extension() != ".ndjson") continue;
    als::Result<std::string> text = als::ReadFile(file, SIZE_MAX);
    if (!text.ok()) {
      std::fprintf(stderr, "adapter_parse: %s\n", text.error().ToString().c_str());
      return 1;
    }
    const std::string_view all(*text);
    const double started = ProcessCpuSeconds();
    for (size_t pos = 0; pos < all.size();) {
      size_t end = std::min(all.find('\n', pos), all.size());
      if (end > pos) {
        rapidjson::Document document;
        als::fhir::ParseInPool(all.substr(pos, end - pos), &document);
        if (document.HasParseError()) ++errors;
        bytes += end - pos;
        ++lines;
      }
      pos = end + 1;
    }
    cpu += ProcessCpuSeconds() - started;
  }
  if (lines == 0 || cpu <= 0) {
    std::fprintf(stderr, "adapter_parse: no NDJSON lines in %s\n", argv[1]);
    return 1;
  }
  std::printf("bytes=%zu lines=%zu errors=%zu cpu_s=%.3f mb_per_cpu_s=%.1f\n", bytes, lines, errors, cpu,
              static_cast<double>(bytes) / 1e6 / cpu);
  return errors == 0 ? 0 : 1;
}
