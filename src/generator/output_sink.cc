#include "output_sink.h"

#include <algorithm>
#include <cstdio>

namespace als::generator {
namespace {

constexpr size_t kFileBufferBytes = 1 << 18;

// A file written through a large buffer; errors name the file.
class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (file_ != nullptr) std::fclose(file_);
  }

  Status Open(std::string path) {
    path_ = std::move(path);
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) return MakeError(ErrorCode::kIo, path_, "cannot create the file");
    std::setvbuf(file_, nullptr, _IOFBF, kFileBufferBytes);
    return Status::Ok();
  }
  Status Write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      return MakeError(ErrorCode::kIo, path_, "write failed (disk full?)");
    }
    return Status::Ok();
  }
  Status Close() {
    std::FILE* file = file_;
    file_ = nullptr;
    if (file != nullptr && std::fclose(file) != 0) return MakeError(ErrorCode::kIo, path_, "write failed on close");
    return Status::Ok();
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

class NdjsonSink : public OutputSink {
 public:
  explicit NdjsonSink(std::string directory) : directory_(std::move(directory)) {}

  Status Write(const std::vector<GeneratedResource>& resources) override {
    for (const GeneratedResource& resource : resources) {
      auto [it, created] = files_.try_emplace(resource.type);
      if (created) ALS_RETURN_IF_ERROR(it->second.Open(directory_ + "/" + resource.type + ".ndjson"));
      ALS_RETURN_IF_ERROR(it->second.Write(resource.json));
      ALS_RETURN_IF_ERROR(it->second.Write("\n"));
    }
    return Status::Ok();
  }

  Status Close() override {
    for (auto& [type, file] : files_) ALS_RETURN_IF_ERROR(file.Close());
    return Status::Ok();
  }

  uint64_t files() const override { return files_.size(); }

 private:
  std::string directory_;
  std::map<std::string, OutputFile> files_;
};

class BundleSink : public OutputSink {
 public:
  BundleSink(std::string directory, size_t max_entries) : directory_(std::move(directory)), max_entries_(max_entries) {}

  Status Write(const std::vector<GeneratedResource>& resources) override {
    const size_t chunk = max_entries_ == 0 ? resources.size() : max_entries_;
    for (size_t begin = 0; begin < resources.size(); begin += chunk) {
      const size_t end = std::min(resources.size(), begin + chunk);
      ALS_RETURN_IF_ERROR(WriteBundle(resources, begin, end));
    }
    return Status::Ok();
  }

  Status Close() override { return Status::Ok(); }
  uint64_t files() const override { return bundles_; }

 private:
  Status WriteBundle(const std::vector<GeneratedResource>& resources, size_t begin, size_t end) {
    std::string text = R"({"resourceType":"Bundle","type":"transaction","entry":[)";
    for (size_t i = begin; i < end; ++i) {
      const GeneratedResource& resource = resources[i];
      if (i > begin) text += ',';
      text += R"({"resource":)" + resource.json + R"(,"request":{"method":"PUT","url":")" + resource.type + "/" +
              resource.id + R"("}})";
    }
    text += "]}\n";
    char name[32];
    std::snprintf(name, sizeof name, "/bundle-%06llu.json", static_cast<unsigned long long>(++bundles_));
    OutputFile file;
    ALS_RETURN_IF_ERROR(file.Open(directory_ + name));
    ALS_RETURN_IF_ERROR(file.Write(text));
    return file.Close();
  }

  std::string directory_;
  size_t max_entries_;
  uint64_t bundles_ = 0;
};

}  // namespace

std::unique_ptr<OutputSink> MakeNdjsonSink(std::string directory) {
  return std::make_unique<NdjsonSink>(std::move(directory));
}

std::unique_ptr<OutputSink> MakeBundleSink(std::string directory, size_t max_entries) {
  return std::make_unique<BundleSink>(std::move(directory), max_entries);
}

}  // namespace als::generator
