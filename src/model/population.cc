#include "als/model/population.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"

namespace als::model {
namespace {

namespace fs = std::filesystem;

bool IsReferenceable(std::string_view type) {
  return type == "Medication" || type == "Device" || type == "Substance";
}

void AppendRecord(std::string* out, const std::string& patient, const std::string& origin, std::string_view text) {
  auto append_field = [out](std::string_view field) {
    uint64_t size = field.size();
    out->append(reinterpret_cast<const char*>(&size), sizeof size);
    out->append(field.data(), field.size());
  };
  append_field(patient);
  append_field(origin);
  append_field(text);
}

}  // namespace

std::string PatientOf(const rapidjson::Value& resource, const std::map<std::string, std::string>* full_urls) {
  std::string_view type = fhir::StringOr(resource, "resourceType");
  if (type == "Patient") return std::string(fhir::StringOr(resource, "id"));
  for (const char* element : {"subject", "patient"}) {
    const rapidjson::Value* reference = fhir::Member(resource, element);
    if (reference == nullptr) continue;
    std::string target(fhir::StringOr(*reference, "reference"));
    if (full_urls != nullptr) {
      if (auto it = full_urls->find(target); it != full_urls->end()) target = it->second;
    }
    std::string id = fhir::ReferenceId(target, "Patient");
    if (!id.empty()) return id;
  }
  return "";
}

// Records of one partition: in memory, or appended to a temporary file.
class Population::Partition {
 public:
  explicit Partition(std::string path) : path_(std::move(path)) {}
  ~Partition() {
    if (file_ != nullptr) std::fclose(file_);
    if (!path_.empty()) std::remove(path_.c_str());
  }

  Status Append(const std::string& patient, const std::string& origin, std::string_view text) {
    buffer_.clear();
    AppendRecord(&buffer_, patient, origin, text);
    if (path_.empty()) {
      memory_ += buffer_;
      return Status::Ok();
    }
    if (file_ == nullptr && (file_ = std::fopen(path_.c_str(), "wb+")) == nullptr) {
      return MakeError(ErrorCode::kIo, path_, std::string("cannot create temporary file: ") + std::strerror(errno));
    }
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return MakeError(ErrorCode::kIo, path_, std::string("cannot write temporary file: ") + std::strerror(errno));
    }
    return Status::Ok();
  }

  // The whole partition's bytes (read back from the file when spilled).
  Result<std::string> Load() const {
    if (path_.empty()) return memory_;
    std::string data;
    if (file_ == nullptr) return data;
    std::fflush(file_);
    long size = std::ftell(file_);
    data.resize(static_cast<size_t>(size));
    std::rewind(file_);
    if (size > 0 && std::fread(data.data(), 1, data.size(), file_) != data.size()) {
      return MakeError(ErrorCode::kIo, path_, "cannot read temporary file back");
    }
    std::fseek(file_, 0, SEEK_END);
    return data;
  }

 private:
  std::string path_;  // empty: in memory
  std::string memory_;
  std::string buffer_;
  std::FILE* file_ = nullptr;
};

class Population::Resolver : public ResourceResolver {
 public:
  explicit Resolver(const std::map<std::string, std::string>& texts) : texts_(texts) {}
  const rapidjson::Value* Resolve(std::string_view reference) const override {
    std::string key(reference);
    auto it = texts_.find(key);
    if (it == texts_.end()) {
      // Absolute URLs: match on the trailing Type/id.
      for (const char* type : {"Medication", "Device", "Substance"}) {
        std::string id = fhir::ReferenceId(reference, type);
        if (!id.empty()) {
          it = texts_.find(std::string(type) + "/" + id);
          break;
        }
      }
      if (it == texts_.end()) return nullptr;
    }
    auto parsed = parsed_.find(it->first);
    if (parsed == parsed_.end()) {
      auto document = std::make_unique<rapidjson::Document>();
      document->Parse(it->second.data(), it->second.size());
      if (document->HasParseError()) return nullptr;
      parsed = parsed_.emplace(it->first, std::move(document)).first;
    }
    return parsed->second.get();
  }

 private:
  const std::map<std::string, std::string>& texts_;
  mutable std::map<std::string, std::unique_ptr<rapidjson::Document>> parsed_;
};

Population::~Population() {
  partitions_.clear();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }
}

Result<std::unique_ptr<Population>> Population::Read(const std::vector<std::string>& inputs,
                                                     const PopulationOptions& options) {
  ALS_ASSIGN_OR_RETURN(std::vector<std::string> files, fhir::ExpandInputPaths(inputs));
  std::unique_ptr<Population> population(new Population());
  population->options_ = options;
  population->stats_.files = files.size();
  population->stats_.input_bytes = fhir::TotalSize(files);
  uint64_t count = std::max<uint64_t>(1, (population->stats_.input_bytes + options.partition_bytes - 1) /
                                             std::max<uint64_t>(1, options.partition_bytes));
  count = std::min<uint64_t>(count, 4096);
  if (count > 1) {
    std::string base = options.temp_directory;
    if (base.empty()) base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string pattern = base + "/als-adapter-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return MakeError(ErrorCode::kIo, base, std::string("cannot create a temporary directory: ") + std::strerror(errno));
    }
    population->temp_dir_ = pattern;
  }
  for (uint64_t i = 0; i < count; ++i) {
    std::string path = count > 1 ? population->temp_dir_ + "/partition-" + std::to_string(i) : "";
    population->partitions_.push_back(std::make_unique<Partition>(path));
  }
  population->stats_.partitions = count;
  Population* raw = population.get();
  ALS_RETURN_IF_ERROR(fhir::ReadInputFiles(
      files, options.limits, [raw](const fhir::InputResource& resource) { return raw->Add(resource); },
      &population->warnings_));
  return population;
}

Status Population::Add(const fhir::InputResource& resource) {
  const rapidjson::Value& json = *resource.json;
  std::string type(fhir::StringOr(json, "resourceType"));
  ++stats_.resources;
  ++stats_.resources_by_type[type];
  std::string text = resource.text.empty() ? fhir::ToJson(json) : std::string(resource.text);
  if (IsReferenceable(type)) {
    std::string id(fhir::StringOr(json, "id"));
    if (!id.empty()) referenceable_[type + "/" + id] = text;
    if (!resource.full_url.empty()) referenceable_[resource.full_url] = text;
    return Status::Ok();
  }
  std::string patient = PatientOf(json, resource.full_urls);
  if (patient.empty()) {
    if (type == "Patient") {
      warnings_.push_back({resource.origin, "Patient without an id: its data cannot be linked or written back; skipped"});
    } else {
      ++stats_.unlinked_by_type[type];
    }
    return Status::Ok();
  }
  size_t index = std::hash<std::string>{}(patient) % partitions_.size();
  return partitions_[index]->Append(patient, resource.origin, text);
}

Status Population::ForEachPatient(const PatientVisitor& visit) const {
  Resolver resolver(referenceable_);
  for (const auto& partition : partitions_) {
    ALS_ASSIGN_OR_RETURN(std::string data, partition->Load());
    struct Record {
      std::string_view patient, origin, text;
    };
    std::vector<Record> records;
    size_t pos = 0;
    auto field = [&data, &pos]() {
      uint64_t size;
      std::memcpy(&size, data.data() + pos, sizeof size);
      std::string_view value(data.data() + pos + sizeof size, size);
      pos += sizeof size + size;
      return value;
    };
    while (pos < data.size()) {
      Record record;
      record.patient = field();
      record.origin = field();
      record.text = field();
      records.push_back(record);
    }
    std::stable_sort(records.begin(), records.end(),
                     [](const Record& a, const Record& b) { return a.patient < b.patient; });
    for (size_t begin = 0; begin < records.size();) {
      size_t end = begin;
      while (end < records.size() && records[end].patient == records[begin].patient) ++end;
      std::vector<rapidjson::Document> documents(end - begin);
      std::vector<SourcedResource> resources;
      resources.reserve(end - begin);
      for (size_t i = begin; i < end; ++i) {
        rapidjson::Document& document = documents[i - begin];
        document.Parse<rapidjson::kParseIterativeFlag>(records[i].text.data(), records[i].text.size());
        if (document.HasParseError()) continue;  // cannot happen: checked in pass 1
        resources.push_back({&document, std::string(records[i].origin)});
      }
      ALS_RETURN_IF_ERROR(visit(std::string(records[begin].patient), resources, resolver));
      begin = end;
    }
  }
  return Status::Ok();
}

}  // namespace als::model
