#include "als/fhir/input_files.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <thread>

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "als/common/file.h"
#include "als/fhir/json.h"

namespace als::fhir {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsNdjson(const std::string& path) { return EndsWith(path, ".ndjson") || EndsWith(path, ".jsonl"); }

const char kNotFhir[] = "valid JSON but not a FHIR resource (no \"resourceType\")";
const char kNoType[] = "not a FHIR resource: no \"resourceType\"";

std::string TooDeep() {
  return "nested more than " + std::to_string(kMaxResourceDepth) + " levels deep: not a FHIR resource";
}

// The checks every resource gets before anything walks it recursively.
Status CheckResource(const rapidjson::Value& json, const std::string& where) {
  if (!json.IsObject()) return MakeError(ErrorCode::kInvalidData, where, "not a FHIR resource: expected a JSON object");
  auto type = StringMember(json, "resourceType");
  if (!type || type->empty()) return MakeError(ErrorCode::kInvalidData, where, kNoType);
  if (NestingDepth(json, kMaxResourceDepth) > kMaxResourceDepth) {
    return MakeError(ErrorCode::kInvalidData, where, TooDeep());
  }
  return Status::Ok();
}

// The top-level facts of a parsed resource, as the NDJSON scanner finds them.
void SetFacts(const rapidjson::Value& json, InputResource* resource) {
  resource->type = StringOr(json, "resourceType");
  resource->id = StringOr(json, "id");
  if (const rapidjson::Value* subject = Member(json, "subject")) {
    resource->has_subject = true;
    resource->subject_reference = StringOr(*subject, "reference");
  }
  if (const rapidjson::Value* patient = Member(json, "patient")) {
    resource->has_patient = true;
    resource->patient_reference = StringOr(*patient, "reference");
  }
}

// SAX handler for one NDJSON line: validates nothing itself (the reader does),
// records the nesting depth and the top-level facts with FindMember's
// semantics (the first member of a name counts, whatever its type).
class ScanHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ScanHandler> {
 public:
  // Beyond this depth the recursive reader is stopped (the caller falls back to
  // the iterative one), so that hostile nesting cannot overflow the stack.
  static constexpr int kRecursionLimit = 256;

  void Reset(bool bounded) {
    bounded_ = bounded;
    depth_ = max_depth_ = 0;
    root_object_ = false;
    pending_ = Slot::kNone;
    owner_ = Slot::kNone;
    type_seen_ = type_is_string_ = id_seen_ = subject_seen_ = patient_seen_ = reference_seen_ = false;
    type_.clear();
    id_.clear();
    subject_reference_.clear();
    patient_reference_.clear();
  }

  bool Default() {
    Value(nullptr, 0, false);
    return true;
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    Value(text, length, true);
    return true;
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    std::string_view key(text, length);
    pending_ = Slot::kNone;
    if (depth_ == 1) {
      if (key == "resourceType") {
        pending_ = First(&type_seen_, Slot::kType);
      } else if (key == "id") {
        pending_ = First(&id_seen_, Slot::kId);
      } else if (key == "subject") {
        pending_ = First(&subject_seen_, Slot::kSubject);
      } else if (key == "patient") {
        pending_ = First(&patient_seen_, Slot::kPatient);
      }
    } else if (depth_ == 2 && owner_ != Slot::kNone && key == "reference") {
      pending_ = First(&reference_seen_, Slot::kReference);
    }
    return true;
  }
  bool StartObject() {
    Enter();
    if (depth_ == 1) root_object_ = true;
    if (depth_ == 2 && (pending_ == Slot::kSubject || pending_ == Slot::kPatient)) {
      owner_ = pending_;
      reference_seen_ = false;
    }
    pending_ = Slot::kNone;
    return !bounded_ || depth_ <= kRecursionLimit;
  }
  bool EndObject(rapidjson::SizeType) {
    if (depth_ == 2) owner_ = Slot::kNone;
    --depth_;
    return true;
  }
  bool StartArray() {
    Enter();
    pending_ = Slot::kNone;
    return !bounded_ || depth_ <= kRecursionLimit;
  }
  bool EndArray(rapidjson::SizeType) {
    --depth_;
    return true;
  }

  int max_depth() const { return max_depth_; }
  bool root_object() const { return root_object_; }
  bool has_string_type() const { return type_is_string_; }

  void Facts(InputResource* resource) const {
    resource->type = type_;
    resource->id = id_;
    resource->has_subject = subject_seen_;
    resource->has_patient = patient_seen_;
    resource->subject_reference = subject_reference_;
    resource->patient_reference = patient_reference_;
  }

 private:
  enum class Slot { kNone, kType, kId, kSubject, kPatient, kReference };

  static Slot First(bool* seen, Slot slot) {
    if (*seen) return Slot::kNone;
    *seen = true;
    return slot;
  }
  void Enter() {
    ++depth_;
    max_depth_ = std::max(max_depth_, depth_);
  }
  void Value(const char* text, size_t length, bool is_string) {
    switch (pending_) {
      case Slot::kType:
        type_is_string_ = is_string;
        if (is_string) type_.assign(text, length);
        break;
      case Slot::kId:
        if (is_string) id_.assign(text, length);
        break;
      case Slot::kReference:
        if (is_string) (owner_ == Slot::kSubject ? subject_reference_ : patient_reference_).assign(text, length);
        break;
      default:
        break;
    }
    pending_ = Slot::kNone;
  }

  bool bounded_ = true;
  int depth_ = 0;
  int max_depth_ = 0;
  bool root_object_ = false;
  Slot pending_ = Slot::kNone;
  Slot owner_ = Slot::kNone;  // subject or patient: the top-level object being read
  bool type_seen_ = false, type_is_string_ = false, id_seen_ = false;
  bool subject_seen_ = false, patient_seen_ = false, reference_seen_ = false;
  std::string type_, id_, subject_reference_, patient_reference_;
};

// Checks that a line is one JSON value and scans it. The fast path is
// RapidJSON's recursive reader with a bounded depth; any failure is redone
// with the iterative reader, which is what ParseJson uses, so that the error
// (or the success of very deep input) is exactly ParseJson's.
class LineScanner {
 public:
  // Empty when the line is valid JSON, else ParseJson's message.
  std::string Scan(std::string_view line) {
    if (ParseCopy(line)) return "";
    if (Parse<rapidjson::kParseIterativeFlag>(line, false)) return "";
    return std::string("malformed JSON: ") + rapidjson::GetParseError_En(reader_.GetParseErrorCode());
  }
  const ScanHandler& handler() const { return handler_; }

  // The thread's line buffers, reused from chunk to chunk.
  std::vector<char> block = std::vector<char>(1 << 20);
  std::string line;

 private:
  template <unsigned kFlags>
  bool Parse(std::string_view line, bool bounded) {
    handler_.Reset(bounded);
    rapidjson::MemoryStream bytes(line.data(), line.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);  // skips a BOM
    return !reader_.Parse<kFlags>(stream, handler_).IsError();
  }

  // The fast path: an in-situ parse of a NUL-terminated copy, which reads
  // strings where they are instead of copying each into the reader's stack
  // (in-situ parsing writes into its input, hence the copy). A NUL byte in the
  // line would end the in-situ input early, so such a line takes the slow path.
  bool ParseCopy(std::string_view line) {
    line = WithoutUtf8Bom(line);
    if (std::memchr(line.data(), '\0', line.size()) != nullptr) return false;
    copy_.assign(line.data(), line.size());
    handler_.Reset(true);
    rapidjson::InsituStringStream stream(copy_.data());
    return !reader_.Parse<rapidjson::kParseInsituFlag>(stream, handler_).IsError();
  }

  rapidjson::Reader reader_;
  ScanHandler handler_;
  std::string copy_;
};

// Reads lines in blocks (`block`, 1 MB, reused by the thread), from a byte
// offset. A line longer than `max_bytes` is reported as too long and consumed
// without being kept.
class LineReader {
 public:
  LineReader(std::FILE* file, size_t max_bytes, uint64_t offset, std::vector<char>* block, std::string* line)
      : file_(file), max_bytes_(max_bytes), block_(*block), line_(*line), offset_(offset) {}

  // Offset in the file of the next line's first byte.
  uint64_t next_offset() const { return offset_; }

  // Consumes the rest of the current line (for a chunk that starts inside one).
  void SkipLine() {
    bool too_long = true;
    std::string_view ignored;
    skipping_ = true;
    Next(&ignored, &too_long);
    skipping_ = false;
  }

  // False at the end of the file. Otherwise `line` holds the next line without
  // its newline (empty and *too_long set when it exceeded the limit); it stays
  // valid until the next call.
  bool Next(std::string_view* line, bool* too_long) {
    line_.clear();
    *too_long = false;
    bool any = false;
    bool assembled = false;
    while (true) {
      if (position_ == filled_) {
        filled_ = std::fread(block_.data(), 1, block_.size(), file_);
        position_ = 0;
        if (filled_ == 0) {
          if (!assembled) *line = std::string_view();
          if (assembled) *line = line_;
          return any;
        }
      }
      any = true;
      const char* start = block_.data() + position_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', filled_ - position_));
      size_t length = newline ? static_cast<size_t>(newline - start) : filled_ - position_;
      size_t consumed = length + (newline ? 1 : 0);
      position_ += consumed;
      offset_ += consumed;
      if (skipping_ || *too_long || line_.size() + length > max_bytes_) {
        *too_long = true;
        line_.clear();
        assembled = false;
      } else if (newline && !assembled) {
        *line = std::string_view(start, length);  // the whole line is in the block
        return true;
      } else {
        line_.append(start, length);
        assembled = true;
      }
      if (newline) {
        *line = assembled ? std::string_view(line_) : std::string_view();
        return true;
      }
    }
  }

 private:
  std::FILE* file_;
  size_t max_bytes_;
  std::vector<char>& block_;
  std::string& line_;
  size_t filled_ = 0;
  size_t position_ = 0;
  uint64_t offset_;
  bool skipping_ = false;
};

// One unit of work: a whole JSON file, or a byte range of an NDJSON file
// holding the lines that start in [begin, end).
struct Task {
  uint32_t file = 0;
  uint32_t chunk = 0;
  uint64_t begin = 0;
  uint64_t end = 0;
  bool ndjson = false;
  bool last_chunk = true;
};

struct TaskResult {
  Status status;
  bool status_at_line = false;  // status's location is the line at `status_line`
  uint32_t status_line = 0;
  uint64_t lines = 0;           // lines that start in the chunk
  bool any = false;             // a non-blank line
  bool read_error = false;
  bool bundle = false;
  std::vector<InputWarning> warnings;  // NDJSON: `where` filled in once line numbers are known
};

using Visitor = std::function<Status(const InputResource&, int thread)>;

Status ReadJsonFile(const std::string& path, uint32_t file_index, const Visitor& visit, int thread,
                    TaskResult* result) {
  // Read whole and parsed as one document (about three times its size in
  // memory); a larger export belongs in NDJSON, which is read line by line.
  constexpr size_t kMaxJsonFileBytes = size_t{1} << 30;
  ALS_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxJsonFileBytes));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return MakeError(ErrorCode::kParse, path, "empty file: expected a FHIR resource or Bundle");
  }
  ALS_ASSIGN_OR_RETURN(rapidjson::Document document, ParseJson(text, path));
  if (!document.IsObject() || !StringMember(document, "resourceType")) {
    return MakeError(ErrorCode::kInvalidData, path, kNotFhir);
  }
  InputResource resource;
  resource.position.file = file_index;
  if (StringOr(document, "resourceType") != "Bundle") {
    ALS_RETURN_IF_ERROR(CheckResource(document, path));
    resource.json = &document;
    SetFacts(document, &resource);
    return visit(resource, thread);
  }
  result->bundle = true;
  const rapidjson::Value* entries = Member(document, "entry");
  if (entries == nullptr) return Status::Ok();  // an empty Bundle
  if (!entries->IsArray()) return MakeError(ErrorCode::kInvalidData, path + ": Bundle.entry", "expected an array");
  std::map<std::string, std::string> full_urls;
  for (const auto& entry : entries->GetArray()) {
    const rapidjson::Value* resource_json = Member(entry, "resource");
    auto full_url = StringMember(entry, "fullUrl");
    if (resource_json && full_url && resource_json->IsObject()) {
      std::string type(StringOr(*resource_json, "resourceType"));
      std::string id(StringOr(*resource_json, "id"));
      if (!type.empty() && !id.empty()) full_urls[std::string(*full_url)] = type + "/" + id;
    }
  }
  for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
    const rapidjson::Value& entry = (*entries)[i];
    std::string where = path + " Bundle.entry[" + std::to_string(i) + "]";
    InputPosition position{file_index, 0, i};
    const rapidjson::Value* resource_json = Member(entry, "resource");
    if (resource_json == nullptr) {
      // Transaction entries that only DELETE or GET carry no resource.
      const rapidjson::Value* request = Member(entry, "request");
      std::string_view method = request ? StringOr(*request, "method") : "";
      if (method != "DELETE" && method != "GET") {
        result->warnings.push_back({where, "entry without a resource: skipped", position});
      }
      continue;
    }
    if (Status status = CheckResource(*resource_json, where + ".resource"); !status.ok()) {
      result->warnings.push_back({status.error().location, status.error().message + ": skipped", position});
      continue;
    }
    InputResource item;
    item.json = resource_json;
    item.position = position;
    item.full_urls = &full_urls;
    item.full_url = std::string(StringOr(entry, "fullUrl"));
    SetFacts(*resource_json, &item);
    ALS_RETURN_IF_ERROR(visit(item, thread));
  }
  return Status::Ok();
}

void ReadNdjsonChunk(const std::string& path, const Task& task, const InputLimits& limits, const Visitor& visit,
                     int thread, LineScanner* scanner, TaskResult* result) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    result->status = MakeError(ErrorCode::kIo, path, "cannot read");
    return;
  }
  std::setvbuf(file.get(), nullptr, _IONBF, 0);  // LineReader reads whole blocks
  uint64_t start = task.begin == 0 ? 0 : task.begin - 1;
  if (start > 0 && fseeko(file.get(), static_cast<off_t>(start), SEEK_SET) != 0) {
    result->read_error = true;
    return;
  }
  LineReader reader(file.get(), limits.max_resource_bytes, start, &scanner->block, &scanner->line);
  if (task.begin > 0) reader.SkipLine();  // the line holding begin - 1 belongs to the previous chunk
  std::string_view line;
  bool too_long = false;
  uint32_t line_number = 0;
  auto fail = [&](ErrorCode code, std::string message) {
    result->status = MakeError(code, "", std::move(message));
    result->status_at_line = true;
    result->status_line = line_number;
  };
  while (reader.next_offset() < task.end && reader.Next(&line, &too_long)) {
    ++line_number;
    InputPosition position{task.file, task.chunk, line_number};
    if (too_long) {
      result->warnings.push_back(
          {"", "line longer than " + std::to_string(limits.max_resource_bytes >> 20) + " MB: resource skipped",
           position});
      result->any = true;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    result->any = true;
    if (std::string error = scanner->Scan(line); !error.empty()) return fail(ErrorCode::kParse, std::move(error));
    const ScanHandler& facts = scanner->handler();
    if (!facts.root_object() || !facts.has_string_type()) return fail(ErrorCode::kInvalidData, kNotFhir);
    InputResource resource;
    facts.Facts(&resource);
    if (resource.type.empty()) {
      result->warnings.push_back({"", std::string(kNoType) + ": skipped", position});
      continue;
    }
    if (facts.max_depth() > kMaxResourceDepth) {
      result->warnings.push_back({"", TooDeep() + ": skipped", position});
      continue;
    }
    line = WithoutUtf8Bom(line);  // the scanner skipped it too
    resource.text = line;
    resource.position = position;
    if (Status status = visit(resource, thread); !status.ok()) {
      result->status = status;
      return;
    }
  }
  result->lines = line_number;
  result->read_error = std::ferror(file.get()) != 0;
}

}  // namespace

// Reads the tasks on a pool of threads and puts the results together in input order.
class InputReader {
 public:
  static Status Read(const std::vector<std::string>& files, const InputReadOptions& options, const Visitor& visit,
                     std::vector<InputWarning>* warnings, InputIndex* index) {
    std::vector<Task> tasks = Plan(files, options);
    std::vector<TaskResult> results(tasks.size());
    std::atomic<size_t> next{0};
    std::atomic<size_t> first_failed{std::numeric_limits<size_t>::max()};
    auto worker = [&](int thread) {
      LineScanner scanner;
      for (size_t i; (i = next.fetch_add(1)) < tasks.size();) {
        if (i > first_failed.load()) continue;  // an earlier task failed: its error is the one reported
        const Task& task = tasks[i];
        TaskResult& result = results[i];
        if (task.ndjson) {
          ReadNdjsonChunk(files[task.file], task, options.limits, visit, thread, &scanner, &result);
        } else {
          result.status = ReadJsonFile(files[task.file], task.file, visit, thread, &result);
        }
        if (!result.status.ok()) {
          size_t failed = first_failed.load();
          while (i < failed && !first_failed.compare_exchange_weak(failed, i)) {
          }
        }
      }
    };
    int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(tasks.size())));
    if (threads == 1) {
      worker(0);
    } else {
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
      for (std::thread& thread : pool) thread.join();
    }

    InputIndex local;
    InputIndex& out = index ? *index : local;
    out.files_.assign(files.size(), {});
    for (size_t f = 0; f < files.size(); ++f) {
      out.files_[f].path = files[f];
      out.files_[f].ndjson = IsNdjson(files[f]);
    }
    bool any = false;
    for (size_t i = 0; i < tasks.size(); ++i) {
      const Task& task = tasks[i];
      TaskResult& result = results[i];
      InputIndex::File& file = out.files_[task.file];
      file.bundle = file.bundle || result.bundle;
      if (task.ndjson) {
        uint64_t first_line = task.chunk == 0 ? 0 : file.chunk_first_line.back() + results[i - 1].lines;
        file.chunk_first_line.push_back(first_line);
        if (task.chunk == 0) any = false;
        any = any || result.any;
      }
      if (!result.status.ok()) {
        if (!result.status_at_line) return result.status;
        const Error& error = result.status.error();
        return MakeError(error.code, out.Origin({task.file, task.chunk, result.status_line}), error.message);
      }
      for (InputWarning& warning : result.warnings) {
        if (task.ndjson) warning.where = out.Origin(warning.position);
        warnings->push_back(std::move(warning));
      }
      if (task.ndjson && result.read_error) return MakeError(ErrorCode::kIo, files[task.file], "read error");
      if (task.ndjson && task.last_chunk && !any) {
        return MakeError(ErrorCode::kParse, files[task.file], "empty file: no FHIR resources");
      }
    }
    return Status::Ok();
  }

 private:
  static std::vector<Task> Plan(const std::vector<std::string>& files, const InputReadOptions& options) {
    std::vector<Task> tasks;
    uint64_t chunk_bytes = std::max<uint64_t>(options.chunk_bytes, 1);
    for (size_t f = 0; f < files.size(); ++f) {
      Task task;
      task.file = static_cast<uint32_t>(f);
      task.ndjson = IsNdjson(files[f]);
      if (!task.ndjson) {
        tasks.push_back(task);
        continue;
      }
      std::error_code ec;
      uint64_t size = fs::file_size(files[f], ec);
      uint64_t chunks = ec ? 1 : std::max<uint64_t>(1, (size + chunk_bytes - 1) / chunk_bytes);
      for (uint64_t c = 0; c < chunks; ++c) {
        task.chunk = static_cast<uint32_t>(c);
        task.begin = c * size / chunks;
        task.last_chunk = c + 1 == chunks;
        // The last chunk reads to the end, whatever the size is by then.
        task.end = task.last_chunk ? std::numeric_limits<uint64_t>::max() : (c + 1) * size / chunks;
        tasks.push_back(task);
      }
    }
    return tasks;
  }
};

std::string InputIndex::Origin(const InputPosition& position) const {
  std::string out;
  Origin(position, &out);
  return out;
}

void InputIndex::Origin(const InputPosition& position, std::string* out) const {
  out->clear();
  if (position.file >= files_.size()) return;
  const File& file = files_[position.file];
  *out += file.path;
  if (file.ndjson) {
    uint64_t first = position.chunk < file.chunk_first_line.size() ? file.chunk_first_line[position.chunk] : 0;
    *out += ':';
    *out += std::to_string(first + position.index);
  } else if (file.bundle) {
    *out += " Bundle.entry[";
    *out += std::to_string(position.index);
    *out += ']';
  }
}

Result<std::vector<std::string>> ExpandInputPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        std::string name = entry.path().string();
        if (entry.is_regular_file() && (EndsWith(name, ".json") || IsNdjson(name))) found.push_back(name);
      }
      if (ec) return MakeError(ErrorCode::kIo, path, "cannot list: " + ec.message());
      if (found.empty()) return MakeError(ErrorCode::kIo, path, "directory has no .json or .ndjson files");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else if (fs::exists(path, ec)) {
      return MakeError(ErrorCode::kIo, path, "not a regular file or a directory (a device, pipe or socket is not read)");
    } else {
      return MakeError(ErrorCode::kIo, path, "no such file or directory");
    }
  }
  return files;
}

Status ReadInputFiles(const std::vector<std::string>& files, const InputReadOptions& options,
                      const std::function<Status(const InputResource&, int thread)>& visit,
                      std::vector<InputWarning>* warnings, InputIndex* index) {
  return InputReader::Read(files, options, visit, warnings, index);
}

uint64_t TotalSize(const std::vector<std::string>& files) {
  uint64_t total = 0;
  for (const std::string& file : files) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace als::fhir
