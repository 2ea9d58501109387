// Groups the resources of many input files by patient, so that patients can be
// evaluated one at a time with memory bounded by a partition, not by the input.
//
// Pass 1 (Read) scans every resource once (NDJSON lines with a SAX reader, no
// DOM), checks it, finds its patient (subject/patient reference, urn:uuid
// references resolved through the Bundle's fullUrls) and appends its JSON text
// to one of K partitions by a hash of the patient id: in memory when the input
// is small, else in temporary files. Large NDJSON files are read in chunks on
// several threads. Medications, Devices and Substances (referenced, not
// patient-scoped) are kept for resolving references.
//
// Pass 2 (ForEachPatient) loads a run of partitions (a "unit", at most
// partition_bytes), orders its resources by patient (and, for one patient, in
// input order), parses each resource once, and hands each patient's resources
// to the visitor, on several threads when asked.
#ifndef ALS_MODEL_POPULATION_H_
#define ALS_MODEL_POPULATION_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "als/common/result.h"
#include "als/fhir/input_files.h"
#include "als/model/record_builder.h"

namespace als::model {

struct PopulationOptions {
  // Input at most this large is grouped in memory. Larger input is split into
  // partitions of about half this size in temporary files, and pass 2 loads
  // runs of consecutive partitions of at most this size together (a single
  // larger partition alone): so pass 2 holds about (threads + 1) x this, for
  // any input size. (The partitions decide the order of patients in the
  // output: keep this fixed for stable output.)
  uint64_t partition_bytes = 8ull << 20;
  std::string temp_directory;  // default: $TMPDIR or /tmp
  fhir::InputLimits limits;
  int threads = 1;  // pass 1 readers (pass 2 takes its own count)
  uint64_t chunk_bytes = 8ull << 20;  // NDJSON files are read in chunks of about this size
  // Pass 2 frees each partition's temporary data as soon as it is loaded
  // (less page cache in use; the space is reused for the output). Pass 2 can
  // then run only once: a second ForEachPatient is an error.
  bool one_pass = false;
  // Temporary files hold LZ4-compressed blocks (see population.cc) when the
  // input is larger than this. Smaller input stays in the page cache as
  // written, so compressing it only costs CPU (6% of a 1k-patient run, 69 MB);
  // larger input overflows the kernel's dirty-page limits and is written back
  // to disk, which costs more than LZ4 (20% of a 100k-patient run, 6.9 GB).
  uint64_t compress_above_bytes = 256ull << 20;
};

struct PopulationStats {
  uint64_t input_bytes = 0;
  size_t files = 0;
  size_t resources = 0;
  size_t partitions = 0;
  size_t units = 0;  // what pass 2 loads at once: runs of consecutive partitions
  uint64_t grouped_bytes = 0;    // the patients' records, uncompressed
  uint64_t temporary_bytes = 0;  // what the partitions' temporary files hold (0: in memory)
  bool compressed = false;       // the temporary files hold LZ4-compressed blocks
  std::map<std::string, size_t> resources_by_type;
  std::map<std::string, size_t> unlinked_by_type;  // no patient reference, not referenceable: not used
};

class Population {
 public:
  ~Population();
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  // Pass 1 over `inputs` (files or directories). Errors as ReadInputFiles.
  static Result<std::unique_ptr<Population>> Read(const std::vector<std::string>& inputs,
                                                  const PopulationOptions& options);

  using PatientVisitor = std::function<Status(const std::string& patient_id,
                                              const std::vector<SourcedResource>& resources,
                                              const ResourceResolver& resolver)>;
  // Pass 2 on the calling thread: calls `visit` once per patient, unit by unit
  // (sorted by id within a unit). A visitor error stops the
  // iteration and is returned.
  Status ForEachPatient(const PatientVisitor& visit) const;

  // Pass 2 on `threads` worker threads. Patients are cut into batches: runs of
  // consecutive patients in the order above, numbered 0, 1, 2, ... in that
  // order (some may be empty). `visit(batch, ...)` runs on the workers,
  // concurrently for different batches and in order within a batch;
  // `batch_done(batch)` runs on the calling thread, in batch order, once every
  // patient of the batch was visited. So concatenating per-batch outputs in
  // `batch_done` gives exactly the single-threaded order. At most threads + 1
  // units are in memory at once. The first error (in batch order) stops the
  // iteration and is returned.
  using BatchVisitor = std::function<Status(size_t batch, const std::string& patient_id,
                                            const std::vector<SourcedResource>& resources,
                                            const ResourceResolver& resolver)>;
  Status ForEachPatient(int threads, const BatchVisitor& visit,
                        const std::function<Status(size_t batch)>& batch_done) const;

  const PopulationStats& stats() const { return stats_; }
  const std::vector<fhir::InputWarning>& warnings() const { return warnings_; }

 private:
  class Partition;
  class Resolver;
  class Shard;
  class Worker;
  struct Loaded;
  Population() = default;
  Status Add(const fhir::InputResource& resource, Shard* shard);
  Status Flush(Shard* shard, size_t partition);
  struct Span;
  Status AddReferenceable(std::string_view key, Span text, const fhir::InputPosition& position);
  Status IndexReferenceable();
  Status Load(size_t unit, size_t batches, Loaded* loaded) const;
  Status VisitBatch(const Loaded& loaded, size_t batch, size_t batch_id, Worker* worker,
                    const BatchVisitor& visit) const;

  PopulationOptions options_;
  PopulationStats stats_;
  std::vector<fhir::InputWarning> warnings_;
  std::vector<std::unique_ptr<Partition>> partitions_;
  // Pass 2's units: unit u is partitions [unit_begin_[u], unit_begin_[u + 1]).
  std::vector<size_t> unit_begin_;
  // Referenced resources (Medication, Device, Substance): their keys
  // ("Medication/m1", fullUrls) and JSON text are in `referenced_` (a temporary
  // file for large input); in memory, 40 bytes per key, whatever its length.
  struct Span {
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  struct ReferenceKey {
    uint64_t hash = 0;  // of the key
    Span key;
    Span text;
  };
  struct ByHash;
  // Pass 1: a key of a referenced resource, and where it was read; kept in
  // `referenceable_` (a temporary file for large input) until indexed.
  struct Referenceable {
    ReferenceKey key;
    fhir::InputPosition position;
  };
  std::vector<ReferenceKey> reference_keys_;  // by hash
  std::unique_ptr<Partition> referenced_;
  std::unique_ptr<Partition> referenceable_;
  fhir::InputIndex index_;
  std::string temp_dir_;
  mutable bool consumed_ = false;  // one_pass and pass 2 ran
};

// The patient a resource belongs to ("" if none): Patient.id, or the id in
// subject/patient when it references a Patient (through `full_urls` for urn:uuid).
std::string PatientOf(const rapidjson::Value& resource, const std::map<std::string, std::string>* full_urls);

}  // namespace als::model

#endif  // ALS_MODEL_POPULATION_H_
