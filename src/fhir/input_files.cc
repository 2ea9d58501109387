#include "als/fhir/input_files.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "als/fhir/json.h"

namespace als::fhir {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsNdjson(const std::string& path) { return EndsWith(path, ".ndjson") || EndsWith(path, ".jsonl"); }

// The checks every resource gets before anything walks it recursively.
Status CheckResource(const rapidjson::Value& json, const std::string& where) {
  if (!json.IsObject()) return MakeError(ErrorCode::kInvalidData, where, "not a FHIR resource: expected a JSON object");
  auto type = StringMember(json, "resourceType");
  if (!type || type->empty()) {
    return MakeError(ErrorCode::kInvalidData, where, "not a FHIR resource: no \"resourceType\"");
  }
  if (NestingDepth(json, kMaxResourceDepth) > kMaxResourceDepth) {
    return MakeError(ErrorCode::kInvalidData, where,
                     "nested more than " + std::to_string(kMaxResourceDepth) + " levels deep: not a FHIR resource");
  }
  return Status::Ok();
}

Status ReadJsonFile(const std::string& path, const std::function<Status(const InputResource&)>& visit,
                    std::vector<InputWarning>* warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, path, "cannot read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return MakeError(ErrorCode::kParse, path, "empty file: expected a FHIR resource or Bundle");
  }
  ALS_ASSIGN_OR_RETURN(rapidjson::Document document, ParseJson(text, path));
  if (!document.IsObject() || !StringMember(document, "resourceType")) {
    return MakeError(ErrorCode::kInvalidData, path, "valid JSON but not a FHIR resource (no \"resourceType\")");
  }
  if (StringOr(document, "resourceType") != "Bundle") {
    ALS_RETURN_IF_ERROR(CheckResource(document, path));
    return visit(InputResource{&document, path, nullptr, "", {}});
  }
  const rapidjson::Value* entries = Member(document, "entry");
  if (entries == nullptr) return Status::Ok();  // an empty Bundle
  if (!entries->IsArray()) return MakeError(ErrorCode::kInvalidData, path + ": Bundle.entry", "expected an array");
  std::map<std::string, std::string> full_urls;
  for (const auto& entry : entries->GetArray()) {
    const rapidjson::Value* resource = Member(entry, "resource");
    auto full_url = StringMember(entry, "fullUrl");
    if (resource && full_url && resource->IsObject()) {
      std::string type(StringOr(*resource, "resourceType"));
      std::string id(StringOr(*resource, "id"));
      if (!type.empty() && !id.empty()) full_urls[std::string(*full_url)] = type + "/" + id;
    }
  }
  for (rapidjson::SizeType i = 0; i < entries->Size(); ++i) {
    const rapidjson::Value& entry = (*entries)[i];
    std::string where = path + " Bundle.entry[" + std::to_string(i) + "]";
    const rapidjson::Value* resource = Member(entry, "resource");
    if (resource == nullptr) {
      // Transaction entries that only DELETE or GET carry no resource.
      const rapidjson::Value* request = Member(entry, "request");
      std::string_view method = request ? StringOr(*request, "method") : "";
      if (method != "DELETE" && method != "GET") warnings->push_back({where, "entry without a resource: skipped"});
      continue;
    }
    if (Status status = CheckResource(*resource, where + ".resource"); !status.ok()) {
      warnings->push_back({status.error().location, status.error().message + ": skipped"});
      continue;
    }
    ALS_RETURN_IF_ERROR(visit(InputResource{resource, where, &full_urls,
                                            std::string(StringOr(entry, "fullUrl")), {}}));
  }
  return Status::Ok();
}

// Reads lines in 1 MB blocks. A line longer than `max_bytes` is reported as
// too long and consumed without being kept in memory.
class LineReader {
 public:
  LineReader(std::FILE* file, size_t max_bytes) : file_(file), max_bytes_(max_bytes), block_(1 << 20) {}

  // False at the end of the file. Otherwise `line` holds the next line without
  // its newline (empty and *too_long set when it exceeded the limit).
  bool Next(std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    bool any = false;
    while (true) {
      if (position_ == filled_) {
        filled_ = std::fread(block_.data(), 1, block_.size(), file_);
        position_ = 0;
        if (filled_ == 0) return any;
      }
      any = true;
      const char* start = block_.data() + position_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', filled_ - position_));
      size_t length = newline ? static_cast<size_t>(newline - start) : filled_ - position_;
      if (!*too_long && line->size() + length <= max_bytes_) {
        line->append(start, length);
      } else {
        *too_long = true;
        line->clear();
      }
      position_ += length + (newline ? 1 : 0);
      if (newline) return true;
    }
  }

 private:
  std::FILE* file_;
  size_t max_bytes_;
  std::vector<char> block_;
  size_t filled_ = 0;
  size_t position_ = 0;
};

Status ReadNdjsonFile(const std::string& path, const InputLimits& limits,
                      const std::function<Status(const InputResource&)>& visit, std::vector<InputWarning>* warnings) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return MakeError(ErrorCode::kIo, path, "cannot read");
  LineReader reader(file.get(), limits.max_resource_bytes);
  std::string line;
  bool too_long = false;
  int line_number = 0;
  bool any = false;
  rapidjson::Document document;
  while (reader.Next(&line, &too_long)) {
    ++line_number;
    std::string where = path + ":" + std::to_string(line_number);
    if (too_long) {
      warnings->push_back({where, "line longer than " + std::to_string(limits.max_resource_bytes >> 20) +
                                      " MB: resource skipped"});
      any = true;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    any = true;
    ALS_ASSIGN_OR_RETURN(document, ParseJson(line, path, line_number));
    if (!document.IsObject() || !StringMember(document, "resourceType")) {
      return MakeError(ErrorCode::kInvalidData, where, "valid JSON but not a FHIR resource (no \"resourceType\")");
    }
    if (Status status = CheckResource(document, where); !status.ok()) {
      warnings->push_back({where, status.error().message + ": skipped"});
      continue;
    }
    ALS_RETURN_IF_ERROR(visit(InputResource{&document, where, nullptr, "", line}));
  }
  if (std::ferror(file.get())) return MakeError(ErrorCode::kIo, path, "read error");
  if (!any) return MakeError(ErrorCode::kParse, path, "empty file: no FHIR resources");
  return Status::Ok();
}

}  // namespace

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
    } else {
      return MakeError(ErrorCode::kIo, path, "no such file or directory");
    }
  }
  return files;
}

Status ReadInputFiles(const std::vector<std::string>& files, const InputLimits& limits,
                      const std::function<Status(const InputResource&)>& visit, std::vector<InputWarning>* warnings) {
  for (const std::string& file : files) {
    ALS_RETURN_IF_ERROR(IsNdjson(file) ? ReadNdjsonFile(file, limits, visit, warnings)
                                       : ReadJsonFile(file, visit, warnings));
  }
  return Status::Ok();
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
