#include "als/model/population.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <numeric>
#include <thread>
#include <unordered_map>

#include <lz4.h>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"

namespace als::model {
namespace {

namespace fs = std::filesystem;

// A partition record: u32 patient size, patient, position (3 x u32), u64 text
// size, text, '\0' (so that pass 2 can parse the text in place).
size_t RecordSize(std::string_view patient, std::string_view text) {
  return sizeof(uint32_t) + patient.size() + 3 * sizeof(uint32_t) + sizeof(uint64_t) + text.size() + 1;
}

template <typename T>
char* PutPod(char* out, T value) {
  std::memcpy(out, &value, sizeof value);
  return out + sizeof value;
}

// Writes the record at `out`, which has RecordSize() bytes.
void PutRecord(char* out, std::string_view patient, const fhir::InputPosition& position, std::string_view text) {
  out = PutPod(out, static_cast<uint32_t>(patient.size()));
  std::memcpy(out, patient.data(), patient.size());
  out += patient.size();
  out = PutPod(out, position.file);
  out = PutPod(out, position.chunk);
  out = PutPod(out, position.index);
  out = PutPod(out, static_cast<uint64_t>(text.size()));
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
}

// Memory for large buffers, mapped anonymously and 2 MB aligned with
// transparent huge pages asked for: where the kernel grants them, touching the
// buffer costs one page fault per 2 MB instead of one per 4 KB (which, in a
// VM, is a large part of the cost of filling a unit).
class LargeBuffer {
 public:
  LargeBuffer() = default;
  explicit LargeBuffer(size_t size) : size_(size) {
    constexpr size_t kHuge = 2u << 20;
    mapped_ = size + kHuge;
    void* map = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {  // fall back to the heap
      mapped_ = 0;
      heap_.reset(new char[size]);
      data_ = heap_.get();
      return;
    }
    map_ = static_cast<char*>(map);
    data_ = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(map_) + kHuge - 1) & ~(uintptr_t{kHuge} - 1));
#ifdef MADV_HUGEPAGE
    ::madvise(data_, size / kHuge * kHuge, MADV_HUGEPAGE);  // whole huge pages within `size` only
#endif
  }
  ~LargeBuffer() {
    if (map_ != nullptr) ::munmap(map_, mapped_);
  }
  LargeBuffer(LargeBuffer&& other) noexcept { *this = std::move(other); }
  LargeBuffer& operator=(LargeBuffer&& other) noexcept {
    std::swap(map_, other.map_);
    std::swap(mapped_, other.mapped_);
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(heap_, other.heap_);
    return *this;
  }

  char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  char* map_ = nullptr;
  size_t mapped_ = 0;
  char* data_ = nullptr;
  size_t size_ = 0;
  std::unique_ptr<char[]> heap_;
};

template <typename T>
T ReadPod(const char* data, size_t* pos) {
  T value;
  std::memcpy(&value, data + *pos, sizeof value);
  *pos += sizeof value;
  return value;
}

// fhir::ReferenceId(reference, "Patient") without allocating.
std::string_view PatientIdOf(std::string_view reference) {
  constexpr std::string_view kNeedle = "Patient/";
  size_t history = reference.find("/_history/");
  if (history != std::string_view::npos) reference = reference.substr(0, history);
  size_t pos = reference.rfind(kNeedle);
  if (pos == std::string_view::npos) return {};
  if (pos != 0 && reference[pos - 1] != '/') return {};
  std::string_view id = reference.substr(pos + kNeedle.size());
  if (id.empty() || id.find('/') != std::string_view::npos) return {};
  return id;
}

std::string PatientOfReferences(std::string_view type, std::string_view id, bool has_subject,
                                std::string_view subject_reference, bool has_patient,
                                std::string_view patient_reference,
                                const std::map<std::string, std::string>* full_urls) {
  if (type == "Patient") return std::string(id);
  const std::pair<bool, std::string_view> references[] = {{has_subject, subject_reference},
                                                           {has_patient, patient_reference}};
  for (const auto& [present, reference] : references) {
    if (!present) continue;
    if (full_urls == nullptr) {
      if (std::string_view id = PatientIdOf(reference); !id.empty()) return std::string(id);
      continue;
    }
    std::string target(reference);
    if (auto it = full_urls->find(target); it != full_urls->end()) target = it->second;
    std::string patient = fhir::ReferenceId(target, "Patient");
    if (!patient.empty()) return patient;
  }
  return "";
}

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// How many partition files may be open at once: `wanted`, after raising the
// soft limit on open files towards the hard one if needed, else what the
// limit leaves (fewer, larger partitions).
uint64_t OpenFileAllowance(uint64_t wanted) {
  constexpr uint64_t kSpare = 256;  // inputs, sockets, the output...
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  if (limit.rlim_cur < wanted + kSpare) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted + kSpare : std::min<rlim_t>(limit.rlim_max, wanted + kSpare);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur >= wanted + kSpare) return wanted;
  return std::max<uint64_t>(1, limit.rlim_cur > 2 * kSpare ? limit.rlim_cur - kSpare : limit.rlim_cur / 2);
}

}  // namespace

std::string PatientOf(const rapidjson::Value& resource, const std::map<std::string, std::string>* full_urls) {
  const rapidjson::Value* subject = fhir::Member(resource, "subject");
  const rapidjson::Value* patient = fhir::Member(resource, "patient");
  return PatientOfReferences(fhir::StringOr(resource, "resourceType"), fhir::StringOr(resource, "id"),
                             subject != nullptr, subject ? fhir::StringOr(*subject, "reference") : "",
                             patient != nullptr, patient ? fhir::StringOr(*patient, "reference") : "", full_urls);
}

// Records of one partition: in memory, or in a temporary file. Appends come
// from several threads at once.
//
// A compressed partition (patients' records in a temporary file) stores
// blocks, each LZ4-compressed: u32 size, u32 compressed size, the compressed
// bytes. Uncompressed, the temporary files are as large as the input, and the
// kernel's copying into fresh page-cache pages and writing them back to disk
// cost more CPU than LZ4 does: at 100k generated patients 7.2 GB of records
// became 1.1 GB, and the run took 26.5 s instead of 33.4 s.
class Population::Partition {
 public:
  Partition(std::string path, bool compressed) : path_(std::move(path)), compressed_(compressed && !path_.empty()) {}
  ~Partition() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) std::remove(path_.c_str());
  }

  Status Open() {
    if (path_.empty()) return Status::Ok();
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) return MakeError(ErrorCode::kIo, path_, Errno("cannot create temporary file"));
    return Status::Ok();
  }

  // Appends `data`; its offset goes to `at` when given.
  Status Append(std::string_view data, uint64_t* at = nullptr) {
    if (path_.empty()) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (at != nullptr) *at = memory_.size();
      memory_.append(data);
      return Status::Ok();
    }
    uint64_t offset = size_.fetch_add(data.size());
    if (at != nullptr) *at = offset;
    while (!data.empty()) {
      ssize_t written = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return MakeError(ErrorCode::kIo, path_, Errno("cannot write temporary file"));
      data.remove_prefix(static_cast<size_t>(written));
      offset += static_cast<uint64_t>(written);
    }
    return Status::Ok();
  }

  // Appends the records in `block` (compressed first if the partition is;
  // `scratch` holds the compressed bytes).
  Status AppendBlock(std::string_view block, std::string* scratch) {
    if (!compressed_) return Append(block);
    constexpr size_t kHeader = 2 * sizeof(uint32_t);
    const int bound = LZ4_compressBound(static_cast<int>(block.size()));
    if (bound <= 0) return MakeError(ErrorCode::kInternal, path_, "a block too large to compress");
    if (scratch->size() < kHeader + static_cast<size_t>(bound)) scratch->resize(kHeader + static_cast<size_t>(bound));
    const int compressed = LZ4_compress_default(block.data(), scratch->data() + kHeader, static_cast<int>(block.size()), bound);
    if (compressed <= 0) return MakeError(ErrorCode::kInternal, path_, "cannot compress a block");
    PutPod(PutPod(scratch->data(), static_cast<uint32_t>(block.size())), static_cast<uint32_t>(compressed));
    raw_size_ += block.size();
    return Append(std::string_view(scratch->data(), kHeader + static_cast<size_t>(compressed)));
  }

  // The size of the records (uncompressed): what ReadInto gives.
  uint64_t size() const {
    if (path_.empty()) return memory_.size();
    return compressed_ ? raw_size_.load() : size_.load();
  }
  // The bytes in the temporary file.
  uint64_t stored_size() const { return path_.empty() ? 0 : size_.load(); }

  // Drops the content (the file is truncated, which frees its page cache).
  void Release() {
    if (path_.empty()) {
      std::string().swap(memory_);
    } else if (::ftruncate(fd_, 0) == 0) {
      size_ = 0;
      raw_size_ = 0;
    }
  }

  // Copies the partition's `size()` bytes (uncompressed) to `out`. A
  // compressed partition is read through `scratch`, 256 KB at a time (or one
  // block, if larger). A block that does not decompress to the size it states
  // is an error naming the file.
  Status ReadInto(char* out, std::string* scratch) const {
    if (!compressed_) return ReadAt(0, size(), out);
    constexpr size_t kHeader = 2 * sizeof(uint32_t);
    constexpr size_t kChunk = 256u << 10;
    const uint64_t stored = size_.load();
    const uint64_t expected = raw_size_.load();
    uint64_t first = 0;      // the file offset of scratch[0]
    size_t have = 0, pos = 0;  // bytes in `scratch`, and the next one to decode
    // Makes scratch[pos, pos + need) hold the file's bytes (need <= what is left).
    auto fill = [&](size_t need) -> Status {
      if (have - pos >= need) return Status::Ok();
      std::memmove(scratch->data(), scratch->data() + pos, have - pos);
      first += pos;
      have -= pos;
      pos = 0;
      if (scratch->size() < std::max(need, kChunk)) scratch->resize(std::max(need, kChunk));
      const uint64_t read = std::min<uint64_t>(scratch->size() - have, stored - first - have);
      ALS_RETURN_IF_ERROR(ReadAt(first + have, read, scratch->data() + have));
      have += read;
      return Status::Ok();
    };
    uint64_t written = 0;
    while (first + pos < stored) {
      const uint64_t header = first + pos;
      if (stored - header < kHeader) return Damaged("a block header is cut short at byte " + std::to_string(header));
      ALS_RETURN_IF_ERROR(fill(kHeader));
      const uint32_t raw = ReadPod<uint32_t>(scratch->data(), &pos);
      const uint32_t compressed = ReadPod<uint32_t>(scratch->data(), &pos);
      if (compressed > stored - header - kHeader || raw > expected - written) {
        return Damaged("the block at byte " + std::to_string(header) + " overruns the file");
      }
      ALS_RETURN_IF_ERROR(fill(compressed));
      const int got = LZ4_decompress_safe(scratch->data() + pos, out + written, static_cast<int>(compressed),
                                          static_cast<int>(raw));
      if (got < 0 || static_cast<uint32_t>(got) != raw) {
        return Damaged("the block at byte " + std::to_string(header) + " does not decompress");
      }
      pos += compressed;
      written += raw;
    }
    if (written != expected) return Damaged("blocks are missing");
    return Status::Ok();
  }

  // The bytes of `span` (a key or a text of the referenced resources) into `out`.
  Status Read(const Span& span, std::string* out) const {
    out->resize(span.size);
    return ReadAt(span.offset, span.size, out->data());
  }

  // Copies `size` bytes from `offset` to `out` (once the appends are done).
  Status ReadAt(uint64_t offset, uint64_t size, char* out) const {
    if (path_.empty()) {
      std::memcpy(out, memory_.data() + offset, size);
      return Status::Ok();
    }
    for (uint64_t done = 0; done < size;) {
      ssize_t got = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return MakeError(ErrorCode::kIo, path_, Errno("cannot read temporary file back"));
      if (got == 0) return Damaged("it ends at byte " + std::to_string(offset + done) + ", before the data written");
      done += static_cast<uint64_t>(got);
    }
    return Status::Ok();
  }

  // An error naming the file and what was found wrong in it.
  Status Damaged(const std::string& what) const {
    return MakeError(ErrorCode::kIo, path_, "the temporary file was changed or damaged: " + what);
  }

 private:
  std::string path_;  // empty: in memory
  bool compressed_ = false;
  int fd_ = -1;
  std::atomic<uint64_t> size_{0};      // bytes stored
  std::atomic<uint64_t> raw_size_{0};  // compressed: bytes of the records
  std::mutex mutex_;
  std::string memory_;
};

// Pass 1 state of one reader thread, merged when the read is done.
class Population::Shard {
 public:
  Shard(size_t partitions, size_t slot_bytes) : slot_bytes(slot_bytes), used(partitions, 0) {}

  // Records waiting to be appended: partition i's in slots[i * slot_bytes, + used[i]).
  LargeBuffer slots;  // allocated on first use
  size_t slot_bytes;
  std::vector<size_t> used;
  std::string compressed;  // a block, compressed
  size_t resources = 0;
  std::map<std::string, size_t, std::less<>> by_type, unlinked_by_type;
  std::vector<fhir::InputWarning> warnings;  // `where` filled in after the read
};

namespace {

void Count(std::map<std::string, size_t, std::less<>>* counts, std::string_view key) {
  auto it = counts->find(key);
  if (it == counts->end()) it = counts->emplace(std::string(key), 0).first;
  ++it->second;
}

uint64_t KeyHash(std::string_view key) { return std::hash<std::string_view>{}(key); }

}  // namespace

// Orders ReferenceKeys by hash, and finds a hash among them.
struct Population::ByHash {
  bool operator()(const ReferenceKey& a, const ReferenceKey& b) const { return a.hash < b.hash; }
  bool operator()(const ReferenceKey& a, uint64_t hash) const { return a.hash < hash; }
  bool operator()(uint64_t hash, const ReferenceKey& a) const { return hash < a.hash; }
};

// Referenced resources (Medication, Device, Substance), read and parsed when
// first asked for.
class Population::Resolver : public ResourceResolver {
 public:
  Resolver(const std::vector<ReferenceKey>& keys, const Partition& store) : keys_(keys), store_(store) {}
  const rapidjson::Value* Resolve(std::string_view reference) const override {
    auto parsed = parsed_.find(reference);
    if (parsed != parsed_.end()) return parsed->second.get();
    const ReferenceKey* found = Find(reference);
    if (found == nullptr) {
      // Absolute URLs: match on the trailing Type/id.
      if (auto target = fhir::ReferenceableTarget(reference)) found = Find(target->Key());
      if (found == nullptr) return nullptr;
    }
    if (!store_.Read(found->text, &text_).ok()) return nullptr;
    auto document = std::make_unique<rapidjson::Document>();
    document->Parse(text_.data(), text_.size());
    if (document->HasParseError()) return nullptr;
    return parsed_.emplace(std::string(reference), std::move(document)).first->second.get();
  }
  // Forgets the parsed resources (memory stays bounded by what a batch uses).
  void Reset() { parsed_.clear(); }

 private:
  // The key equal to `key` (compared in the store: hashes may collide), or nullptr.
  const ReferenceKey* Find(std::string_view key) const {
    auto [first, last] = std::equal_range(keys_.begin(), keys_.end(), KeyHash(key), ByHash{});
    for (auto it = first; it != last; ++it) {
      if (it->key.size == key.size() && store_.Read(it->key, &text_).ok() && text_ == key) return &*it;
    }
    return nullptr;
  }

  const std::vector<ReferenceKey>& keys_;
  const Partition& store_;
  mutable std::string text_;
  mutable std::map<std::string, std::unique_ptr<rapidjson::Document>, std::less<>> parsed_;
};

// A partition in memory for pass 2: its bytes, its records ordered by patient
// (then input position), and where its batches begin.
struct Population::Loaded {
  struct Record {
    std::string_view patient;
    fhir::InputPosition position;
    char* text;  // NUL-terminated
    uint64_t size;
  };
  LargeBuffer bytes;
  std::string compressed;  // blocks of a compressed partition, read while decompressed into `bytes`
  std::vector<Record> records;
  std::vector<Record> scratch;  // for ordering `records`, kept for the next unit
  std::vector<size_t> batch_begin;  // batches + 1 record indices, at patient boundaries

  void OrderByPatient();
};

// Orders records by patient id, then input position. Patients are few next to
// their records (about a hundred each), so the records are grouped by counting
// and only the distinct ids, and each patient's records, are sorted.
void Population::Loaded::OrderByPatient() {
  std::unordered_map<std::string_view, uint32_t> ordinal_of;  // patient -> index in `patients`
  std::vector<std::string_view> patients;
  std::vector<uint32_t> ordinals(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    auto [it, added] = ordinal_of.try_emplace(records[i].patient, static_cast<uint32_t>(patients.size()));
    if (added) patients.push_back(it->first);
    ordinals[i] = it->second;
  }
  std::vector<uint32_t> by_id(patients.size());
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](uint32_t a, uint32_t b) { return patients[a] < patients[b]; });
  std::vector<size_t> begin(patients.size(), 0);  // by ordinal: where its records go
  for (uint32_t ordinal : ordinals) ++begin[ordinal];
  size_t at = 0;
  for (uint32_t ordinal : by_id) {
    size_t count = begin[ordinal];
    begin[ordinal] = at;
    at += count;
  }
  scratch.resize(records.size());
  std::vector<size_t> next(begin);
  for (size_t i = 0; i < records.size(); ++i) scratch[next[ordinals[i]]++] = records[i];
  auto by_position = [](const Record& a, const Record& b) { return a.position < b.position; };
  for (uint32_t ordinal : by_id) {
    std::sort(scratch.begin() + static_cast<std::ptrdiff_t>(begin[ordinal]),
              scratch.begin() + static_cast<std::ptrdiff_t>(next[ordinal]), by_position);
  }
  records.swap(scratch);
}

// Pass 2 state of one thread: the DOM of the current patient lives in `pool`.
class Population::Worker {
 public:
  Worker(const std::vector<ReferenceKey>& reference_keys, const Partition& store)
      : resolver(reference_keys, store), chunk_(256 << 10), pool_(chunk_.data(), chunk_.size(), 256 << 10), parser_(&pool_) {}

  // Parses the records [begin, end) in place into the pool; fills `resources`.
  Status Parse(const Loaded& loaded, size_t begin, size_t end, const fhir::InputIndex& index) {
    pool_.Clear();
    values_.clear();
    values_.reserve(end - begin);
    size_t count = 0;
    for (size_t i = begin; i < end; ++i) {
      // Depth was checked in pass 1, so the recursive parser is safe here.
      parser_.ParseInsitu(loaded.records[i].text);
      if (parser_.HasParseError()) {  // checked in pass 1: the temporary file was changed under us
        return MakeError(ErrorCode::kIo, index.Origin(loaded.records[i].position),
                         "its copy in the temporary file no longer parses (was the file changed?)");
      }
      values_.emplace_back();
      values_.back() = static_cast<rapidjson::Value&>(parser_);  // moves the root out of the parser
      if (count == resources.size()) {
        resources.emplace_back();
        if (!spare_origins_.empty()) {
          resources.back().origin.swap(spare_origins_.back());
          spare_origins_.pop_back();
        }
      }
      resources[count].json = &values_.back();
      index.Origin(loaded.records[i].position, &resources[count].origin);
      ++count;
    }
    while (resources.size() > count) {  // keep the strings' capacity for the next patient
      spare_origins_.push_back(std::move(resources.back().origin));
      resources.pop_back();
    }
    return Status::Ok();
  }

  std::vector<SourcedResource> resources;
  Resolver resolver;

 private:
  std::vector<char> chunk_;
  rapidjson::MemoryPoolAllocator<> pool_;
  rapidjson::Document parser_;
  std::vector<rapidjson::Value> values_;
  std::vector<std::string> spare_origins_;
};

Population::~Population() {
  partitions_.clear();
  referenced_.reset();
  referenceable_.reset();
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
  // Partitions of about half a unit, so that runs of them fill units evenly.
  uint64_t count = 1;
  if (population->stats_.input_bytes > options.partition_bytes) {
    uint64_t piece = std::max<uint64_t>(1, options.partition_bytes / 2);
    count = std::min<uint64_t>((population->stats_.input_bytes + piece - 1) / piece, 8192);
    count = std::min(count, OpenFileAllowance(count));
  }
  if (count > 1) {
    std::string base = options.temp_directory;
    if (base.empty()) base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string pattern = base + "/als-adapter-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return MakeError(ErrorCode::kIo, base, std::string("cannot create a temporary directory: ") + std::strerror(errno));
    }
    population->temp_dir_ = pattern;
  }
  population->stats_.compressed = count > 1 && population->stats_.input_bytes > options.compress_above_bytes;
  for (uint64_t i = 0; i < count; ++i) {
    std::string path = count > 1 ? population->temp_dir_ + "/partition-" + std::to_string(i) : "";
    population->partitions_.push_back(std::make_unique<Partition>(path, population->stats_.compressed));
    ALS_RETURN_IF_ERROR(population->partitions_.back()->Open());
  }
  population->stats_.partitions = count;
  population->referenced_ =
      std::make_unique<Partition>(count > 1 ? population->temp_dir_ + "/referenced" : std::string(), false);
  ALS_RETURN_IF_ERROR(population->referenced_->Open());
  population->referenceable_ =
      std::make_unique<Partition>(count > 1 ? population->temp_dir_ + "/reference-keys" : std::string(), false);
  ALS_RETURN_IF_ERROR(population->referenceable_->Open());

  // Each reader thread buffers records per partition: about 24 MB in all per
  // thread (from 4 KB to 2 MB per partition), whatever the input size. A slot
  // is flushed as one LZ4 block: at 100k generated patients (1,640 partitions)
  // 24 MB rather than 12 MB made the temporary files 0.84 GB instead of 1.14 GB
  // and the run about 6% faster, for 25 MB more peak memory at every input size.
  int threads = std::max(1, options.threads);
  size_t slot_bytes = std::clamp<size_t>((24u << 20) / count, 4u << 10, 2u << 20);
  std::vector<Shard> shards;
  for (int t = 0; t < threads; ++t) shards.emplace_back(count, slot_bytes);
  fhir::InputReadOptions read_options;
  read_options.limits = options.limits;
  read_options.threads = threads;
  read_options.chunk_bytes = options.chunk_bytes;
  Population* raw = population.get();
  ALS_RETURN_IF_ERROR(fhir::ReadInputFiles(
      files, read_options,
      [raw, &shards](const fhir::InputResource& resource, int thread) { return raw->Add(resource, &shards[thread]); },
      &population->warnings_, &population->index_));

  for (Shard& shard : shards) {
    for (size_t i = 0; i < count; ++i) ALS_RETURN_IF_ERROR(population->Flush(&shard, i));
    shard.slots = LargeBuffer();
    std::string().swap(shard.compressed);
    population->stats_.resources += shard.resources;
    for (const auto& [type, n] : shard.by_type) population->stats_.resources_by_type[type] += n;
    for (const auto& [type, n] : shard.unlinked_by_type) population->stats_.unlinked_by_type[type] += n;
    for (auto& warning : shard.warnings) {
      warning.where = population->index_.Origin(warning.position);
      population->warnings_.push_back(std::move(warning));
    }
  }
  // Units: runs of consecutive partitions of at most partition_bytes together.
  population->unit_begin_.assign(1, 0);
  uint64_t unit_bytes = 0;
  for (size_t p = 0; p < count; ++p) {
    uint64_t size = population->partitions_[p]->size();
    population->stats_.grouped_bytes += size;
    population->stats_.temporary_bytes += population->partitions_[p]->stored_size();
    if (p > population->unit_begin_.back() && unit_bytes + size > options.partition_bytes) {
      population->unit_begin_.push_back(p);
      unit_bytes = 0;
    }
    unit_bytes += size;
  }
  population->unit_begin_.push_back(count);
  population->stats_.units = population->unit_begin_.size() - 1;
  ALS_RETURN_IF_ERROR(population->IndexReferenceable());
  auto by_position = [](const auto& a, const auto& b) { return a.position < b.position; };
  std::stable_sort(population->warnings_.begin(), population->warnings_.end(), by_position);
  return population;
}

Status Population::AddReferenceable(std::string_view key, Span text, const fhir::InputPosition& position) {
  Referenceable item{};  // its bytes go to the file
  item.key = {KeyHash(key), {0, key.size()}, text};
  item.position = position;
  ALS_RETURN_IF_ERROR(referenced_->Append(key, &item.key.key.offset));
  return referenceable_->Append(std::string_view(reinterpret_cast<const char*>(&item), sizeof item));
}

Status Population::IndexReferenceable() {
  std::vector<Referenceable> referenceable(referenceable_->size() / sizeof(Referenceable));
  ALS_RETURN_IF_ERROR(referenceable_->ReadAt(0, referenceable_->size(), reinterpret_cast<char*>(referenceable.data())));
  referenceable_->Release();
  std::sort(referenceable.begin(), referenceable.end(), [](const Referenceable& a, const Referenceable& b) {
    return a.key.hash != b.key.hash ? a.key.hash < b.key.hash : a.position < b.position;
  });
  // For each key, the last in input order (as a single thread would have seen
  // them). Equal hashes are rare (a key read more than once, or a collision):
  // only then are the keys read back and compared.
  reference_keys_.clear();
  for (size_t begin = 0, end = 0; begin < referenceable.size(); begin = end) {
    end = begin + 1;
    while (end < referenceable.size() && referenceable[end].key.hash == referenceable[begin].key.hash) ++end;
    if (end - begin == 1) {
      reference_keys_.push_back(referenceable[begin].key);
      continue;
    }
    std::vector<std::pair<std::string, size_t>> keys;  // key, index in input order
    for (size_t i = begin; i < end; ++i) {
      std::string key;
      ALS_RETURN_IF_ERROR(referenced_->Read(referenceable[i].key.key, &key));
      keys.emplace_back(std::move(key), i);
    }
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 0; k < keys.size(); ++k) {
      if (k + 1 == keys.size() || keys[k + 1].first != keys[k].first) {
        reference_keys_.push_back(referenceable[keys[k].second].key);
      }
    }
  }
  reference_keys_.shrink_to_fit();
  return Status::Ok();
}

Status Population::Add(const fhir::InputResource& resource, Shard* shard) {
  std::string_view type = resource.type;
  ++shard->resources;
  Count(&shard->by_type, type);
  std::string serialised;
  std::string_view text = resource.text;
  if (resource.json != nullptr) {
    serialised = fhir::ToJson(*resource.json);
    text = serialised;
  }
  if (fhir::IsReferenceable(type)) {
    if (resource.id.empty() && resource.full_url.empty()) return Status::Ok();
    Span span{0, text.size()};
    ALS_RETURN_IF_ERROR(referenced_->Append(text, &span.offset));
    if (!resource.id.empty()) {
      std::string key = std::string(type) + "/" + std::string(resource.id);
      ALS_RETURN_IF_ERROR(AddReferenceable(key, span, resource.position));
    }
    if (!resource.full_url.empty()) ALS_RETURN_IF_ERROR(AddReferenceable(resource.full_url, span, resource.position));
    return Status::Ok();
  }
  std::string patient =
      PatientOfReferences(type, resource.id, resource.has_subject, resource.subject_reference, resource.has_patient,
                          resource.patient_reference, resource.full_urls);
  if (patient.empty()) {
    if (type == "Patient") {
      shard->warnings.push_back(
          {"", "Patient without an id: its data cannot be linked or written back; skipped", resource.position});
    } else {
      Count(&shard->unlinked_by_type, type);
    }
    return Status::Ok();
  }
  size_t index = std::hash<std::string>{}(patient) % partitions_.size();
  size_t size = RecordSize(patient, text);
  if (shard->used[index] + size > shard->slot_bytes) ALS_RETURN_IF_ERROR(Flush(shard, index));
  if (size > shard->slot_bytes) {  // a large resource: straight to the partition
    std::string record(size, '\0');
    PutRecord(record.data(), patient, resource.position, text);
    return partitions_[index]->AppendBlock(record, &shard->compressed);
  }
  if (shard->slots.data() == nullptr) shard->slots = LargeBuffer(shard->slot_bytes * partitions_.size());
  PutRecord(shard->slots.data() + index * shard->slot_bytes + shard->used[index], patient, resource.position, text);
  shard->used[index] += size;
  return Status::Ok();
}

Status Population::Flush(Shard* shard, size_t partition) {
  size_t& used = shard->used[partition];
  if (used == 0) return Status::Ok();
  Status status = partitions_[partition]->AppendBlock(
      std::string_view(shard->slots.data() + partition * shard->slot_bytes, used), &shard->compressed);
  used = 0;
  return status;
}

Status Population::Load(size_t unit, size_t batches, Loaded* loaded) const {
  uint64_t size = 0;
  for (size_t p = unit_begin_[unit]; p < unit_begin_[unit + 1]; ++p) size += partitions_[p]->size();
  if (size > loaded->bytes.size()) {
    // Large enough for any unit (reused: its pages stay mapped), and no
    // larger: khugepaged may make all of a huge-page buffer resident.
    loaded->bytes = LargeBuffer(std::max<uint64_t>(size, options_.partition_bytes));
  }
  char* data = loaded->bytes.data();
  loaded->records.clear();
  loaded->records.reserve(size / 256);
  uint64_t text_bytes = 0;
  for (size_t p = unit_begin_[unit], at = 0; p < unit_begin_[unit + 1]; ++p) {
    const Partition& partition = *partitions_[p];
    const uint64_t end = at + partition.size();
    ALS_RETURN_IF_ERROR(partition.ReadInto(data + at, &loaded->compressed));
    if (options_.one_pass) partitions_[p]->Release();
    // The records were written by pass 1; still, a changed file must not make
    // us read past the buffer.
    constexpr size_t kFixed = sizeof(uint32_t) + 3 * sizeof(uint32_t) + sizeof(uint64_t) + 1;
    for (size_t pos = at; pos < end;) {
      const size_t begin = pos;
      Loaded::Record record;
      const auto damaged = [&](const char* what) {
        return partition.Damaged("the record at byte " + std::to_string(begin - at) + " of its records " + what);
      };
      if (end - pos < kFixed) return damaged("is cut short");
      uint32_t patient_size = ReadPod<uint32_t>(data, &pos);
      if (patient_size > end - pos - (kFixed - sizeof(uint32_t))) {
        return damaged("overruns them");
      }
      record.patient = std::string_view(data + pos, patient_size);
      pos += patient_size;
      record.position.file = ReadPod<uint32_t>(data, &pos);
      record.position.chunk = ReadPod<uint32_t>(data, &pos);
      record.position.index = ReadPod<uint32_t>(data, &pos);
      uint64_t text_size = ReadPod<uint64_t>(data, &pos);
      if (text_size >= end - pos || data[pos + text_size] != '\0') {
        return damaged("overruns them");
      }
      record.text = data + pos;
      record.size = text_size;
      pos += text_size + 1;
      text_bytes += text_size;
      loaded->records.push_back(record);
    }
    at = end;
  }
  loaded->OrderByPatient();
  // Cut into batches of about equal size, between patients.
  const auto& records = loaded->records;
  loaded->batch_begin.assign(1, 0);
  uint64_t seen = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0 && records[i].patient != records[i - 1].patient) {
      while (loaded->batch_begin.size() < batches && seen * batches >= text_bytes * loaded->batch_begin.size()) {
        loaded->batch_begin.push_back(i);
      }
    }
    seen += records[i].size;
  }
  loaded->batch_begin.resize(batches + 1, records.size());
  loaded->batch_begin[batches] = records.size();
  return Status::Ok();
}

Status Population::VisitBatch(const Loaded& loaded, size_t batch, size_t batch_id, Worker* worker,
                              const BatchVisitor& visit) const {
  worker->resolver.Reset();
  std::string patient;
  for (size_t begin = loaded.batch_begin[batch], last = loaded.batch_begin[batch + 1]; begin < last;) {
    size_t end = begin;
    while (end < last && loaded.records[end].patient == loaded.records[begin].patient) ++end;
    ALS_RETURN_IF_ERROR(worker->Parse(loaded, begin, end, index_));
    patient.assign(loaded.records[begin].patient);
    ALS_RETURN_IF_ERROR(visit(batch_id, patient, worker->resources, worker->resolver));
    begin = end;
  }
  return Status::Ok();
}

Status Population::ForEachPatient(const PatientVisitor& visit) const {
  return ForEachPatient(
      1,
      [&visit](size_t, const std::string& patient_id, const std::vector<SourcedResource>& resources,
               const ResourceResolver& resolver) { return visit(patient_id, resources, resolver); },
      [](size_t) { return Status::Ok(); });
}

Status Population::ForEachPatient(int threads, const BatchVisitor& visit,
                                  const std::function<Status(size_t batch)>& batch_done) const {
  if (consumed_) return MakeError(ErrorCode::kInternal, "", "pass 2 of a one-pass population ran already");
  consumed_ = options_.one_pass;
  const size_t units = unit_begin_.size() - 1;
  if (threads <= 1) {
    Worker worker(reference_keys_, *referenced_);
    Loaded loaded;
    for (size_t u = 0; u < units; ++u) {
      ALS_RETURN_IF_ERROR(Load(u, 1, &loaded));
      ALS_RETURN_IF_ERROR(VisitBatch(loaded, 0, u, &worker, visit));
      ALS_RETURN_IF_ERROR(batch_done(u));
    }
    return Status::Ok();
  }

  // Workers take batches of loaded units first, else load the next unit (at
  // most threads + 1 in memory); this thread hands finished batches to
  // `batch_done` in order.
  const size_t batches = 2 * static_cast<size_t>(threads);
  const size_t total = units * batches;
  const size_t max_loaded = static_cast<size_t>(threads) + 1;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<size_t> ready;
  std::vector<std::unique_ptr<Loaded>> loaded(units), spare;
  std::vector<size_t> remaining(units, 0);
  std::vector<char> finished(total, 0);
  std::vector<Status> errors(total);
  size_t next_load = 0, in_memory = 0, loading = 0;
  bool stop = false;

  auto work = [&]() {
    Worker worker(reference_keys_, *referenced_);
    std::unique_lock<std::mutex> lock(mutex);
    while (!stop) {
      if (!ready.empty()) {
        size_t id = ready.front();
        ready.pop_front();
        size_t u = id / batches;
        lock.unlock();
        Status status = VisitBatch(*loaded[u], id % batches, id, &worker, visit);
        lock.lock();
        finished[id] = 1;
        if (!status.ok()) {
          errors[id] = std::move(status);
          stop = true;
        }
        if (--remaining[u] == 0) {
          spare.push_back(std::move(loaded[u]));
          --in_memory;
        }
        changed.notify_all();
      } else if (next_load < units && in_memory < max_loaded) {
        size_t u = next_load++;
        ++in_memory;
        ++loading;
        std::unique_ptr<Loaded> unit;
        if (!spare.empty()) {
          unit = std::move(spare.back());
          spare.pop_back();
        } else {
          unit = std::make_unique<Loaded>();
        }
        lock.unlock();
        Status status = Load(u, batches, unit.get());
        lock.lock();
        --loading;
        if (!status.ok()) {
          errors[u * batches] = std::move(status);
          stop = true;
        } else {
          loaded[u] = std::move(unit);
          remaining[u] = batches;
          for (size_t b = 0; b < batches; ++b) ready.push_back(u * batches + b);
        }
        changed.notify_all();
      } else if (next_load >= units && loading == 0) {
        break;  // nothing left to load, and no batch will appear
      } else {
        changed.wait(lock);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);

  Status result;
  for (size_t id = 0; id < total; ++id) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return finished[id] || stop; });
      if (stop) break;
    }
    result = batch_done(id);
    if (!result.ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
      changed.notify_all();
      break;
    }
  }
  for (std::thread& thread : pool) thread.join();
  if (!result.ok()) return result;
  for (Status& error : errors) {
    if (!error.ok()) return error;
  }
  return Status::Ok();
}

}  // namespace als::model
