// Reads FHIR resources from files: a Bundle of any type, a single resource, an
// NDJSON file (one resource per line, as FHIR Bulk Data writes), or a
// directory of such files. NDJSON is streamed line by line.
#ifndef ALS_FHIR_INPUT_FILES_H_
#define ALS_FHIR_INPUT_FILES_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::fhir {

// One resource found in the input.
struct InputResource {
  const rapidjson::Value* json = nullptr;
  // "file.ndjson:12" or "bundle.json entry[3]".
  std::string origin;
  // The Bundle's fullUrl -> "Type/id" map when the resource came from a Bundle
  // (to resolve urn:uuid references); nullptr otherwise.
  const std::map<std::string, std::string>* full_urls = nullptr;
  // The entry's own fullUrl, if any.
  std::string full_url;
  // The resource's JSON text when it was read as one NDJSON line (saves re-serialising).
  std::string_view text;
};

// A problem with one resource that does not stop the run (exit status 1).
struct InputWarning {
  std::string where;
  std::string message;
};

struct InputLimits {
  size_t max_resource_bytes = 64u << 20;  // a larger NDJSON line is skipped with a warning
};

// Expands directories (their *.json and *.ndjson files, sorted) and checks that
// every path exists. Errors name the path.
Result<std::vector<std::string>> ExpandInputPaths(const std::vector<std::string>& paths);

// Calls `visit` for every resource in `files`, in order. Fails (kParse,
// kInvalidData, kIo) on input that cannot be read as FHIR at all: malformed
// JSON (file:line), an empty file, JSON that is not a FHIR resource. Problems
// with single resources are appended to `warnings`. A `visit` error stops the read.
Status ReadInputFiles(const std::vector<std::string>& files, const InputLimits& limits,
                      const std::function<Status(const InputResource&)>& visit,
                      std::vector<InputWarning>* warnings);

// Total size of the files in bytes (to plan memory).
uint64_t TotalSize(const std::vector<std::string>& files);

}  // namespace als::fhir

#endif  // ALS_FHIR_INPUT_FILES_H_
