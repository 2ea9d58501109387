// Reads FHIR resources from files: a Bundle of any type, a single resource, an
// NDJSON file (one resource per line, as FHIR Bulk Data writes), or a
// directory of such files.
//
// NDJSON is streamed line by line and never parsed into a DOM here: each line
// is scanned once with RapidJSON's SAX reader, which checks that it is valid
// JSON (parse errors name file:line) and picks out the few top-level facts that
// are needed to file the resource under its patient (resourceType, id,
// subject/patient reference). Large NDJSON files are split into chunks at line
// boundaries and read on several threads; positions keep the input's order.
#ifndef ALS_FHIR_INPUT_FILES_H_
#define ALS_FHIR_INPUT_FILES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::fhir {

// Where a resource is in the input. Ordering positions gives the input's order:
// files in order, an NDJSON file's chunks in order, then lines (NDJSON) or
// Bundle entries within a chunk.
struct InputPosition {
  uint32_t file = 0;
  uint32_t chunk = 0;
  uint32_t index = 0;  // NDJSON: line within the chunk (1-based); Bundle: entry index

  friend bool operator<(const InputPosition& a, const InputPosition& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.chunk != b.chunk) return a.chunk < b.chunk;
    return a.index < b.index;
  }
};

// One resource found in the input.
struct InputResource {
  // The parsed resource for resources of JSON files (Bundles, single
  // resources); nullptr for NDJSON lines, which are scanned, not parsed.
  const rapidjson::Value* json = nullptr;
  // The resource's JSON text when it was read as one NDJSON line.
  std::string_view text;
  InputPosition position;
  // The Bundle's fullUrl -> "Type/id" map when the resource came from a Bundle
  // (to resolve urn:uuid references); nullptr otherwise.
  const std::map<std::string, std::string>* full_urls = nullptr;
  // The entry's own fullUrl, if any.
  std::string full_url;
  // Top-level facts (the first member of each name, as RapidJSON's FindMember):
  // resourceType, id ("" unless a string), and whether subject / patient are
  // present with their `reference` ("" unless a string in an object).
  std::string_view type;
  std::string_view id;
  bool has_subject = false;
  bool has_patient = false;
  std::string_view subject_reference;
  std::string_view patient_reference;
};

// A problem with one resource that does not stop the run (exit status 1).
struct InputWarning {
  std::string where;
  std::string message;
  InputPosition position;  // orders warnings as the input
};

struct InputLimits {
  size_t max_resource_bytes = 64u << 20;  // a larger NDJSON line is skipped with a warning
};

struct InputReadOptions {
  InputLimits limits;
  // Threads reading at once; `visit` is called from all of them.
  int threads = 1;
  // NDJSON files larger than this are split into chunks of about this size.
  uint64_t chunk_bytes = 8ull << 20;
};

// Turns positions into the origins that messages name: "file.ndjson:12",
// "bundle.json Bundle.entry[3]", or the file name of a single resource. Line
// numbers are known once ReadInputFiles has returned.
class InputIndex {
 public:
  std::string Origin(const InputPosition& position) const;
  // Same, into `out` (replacing its content; saves an allocation per resource).
  void Origin(const InputPosition& position, std::string* out) const;

 private:
  friend class InputReader;
  struct File {
    std::string path;
    bool ndjson = false;
    bool bundle = false;
    std::vector<uint64_t> chunk_first_line;  // NDJSON: line number before each chunk's first line
  };
  std::vector<File> files_;
};

// Expands directories (their *.json and *.ndjson files, sorted) and checks that
// every path exists. Errors name the path.
Result<std::vector<std::string>> ExpandInputPaths(const std::vector<std::string>& paths);

// Calls `visit(resource, thread)` for every resource in `files`; `thread` is in
// [0, options.threads). Calls on one thread are in input order; calls on
// different threads run concurrently. Fails (kParse, kInvalidData, kIo) on input
// that cannot be read as FHIR at all: malformed JSON (file:line), an empty file,
// JSON that is not a FHIR resource; when there are several such problems, the
// first in input order is returned. Problems with single resources are
// appended to `warnings` in input order. A `visit` error stops the read.
// `index` (optional) receives what InputIndex::Origin needs.
Status ReadInputFiles(const std::vector<std::string>& files, const InputReadOptions& options,
                      const std::function<Status(const InputResource&, int thread)>& visit,
                      std::vector<InputWarning>* warnings, InputIndex* index = nullptr);

// Total size of the files in bytes (to plan memory).
uint64_t TotalSize(const std::vector<std::string>& files);

}  // namespace als::fhir

#endif  // ALS_FHIR_INPUT_FILES_H_
