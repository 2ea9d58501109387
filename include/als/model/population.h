// Groups the resources of many input files by patient, so that patients can be
// evaluated one at a time with memory bounded by a partition, not by the input.
//
// Pass 1 (Read) parses every resource once, checks it, finds its patient
// (subject/patient reference, urn:uuid references resolved through the
// Bundle's fullUrls) and appends its JSON text to one of K partitions by a
// hash of the patient id: in memory when the input is small, else in temporary
// files. Medications and Devices (referenced, not patient-scoped) are kept for
// resolving references. Pass 2 (ForEachPatient) loads one partition at a time.
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
  // Input at most this large is grouped in memory; larger input is split into
  // partitions of about this size in temporary files.
  uint64_t partition_bytes = 16ull << 20;
  std::string temp_directory;  // default: $TMPDIR or /tmp
  fhir::InputLimits limits;
};

struct PopulationStats {
  uint64_t input_bytes = 0;
  size_t files = 0;
  size_t resources = 0;
  size_t partitions = 0;
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
  // Pass 2: calls `visit` once per patient (sorted by id within a partition).
  // A visitor error stops the iteration and is returned.
  Status ForEachPatient(const PatientVisitor& visit) const;

  const PopulationStats& stats() const { return stats_; }
  const std::vector<fhir::InputWarning>& warnings() const { return warnings_; }

 private:
  class Partition;
  class Resolver;
  Population() = default;
  Status Add(const fhir::InputResource& resource);

  PopulationOptions options_;
  PopulationStats stats_;
  std::vector<fhir::InputWarning> warnings_;
  std::vector<std::unique_ptr<Partition>> partitions_;
  std::map<std::string, std::string> referenceable_;  // "Medication/m1" and fullUrls -> JSON text
  std::string temp_dir_;
};

// The patient a resource belongs to ("" if none): Patient.id, or the id in
// subject/patient when it references a Patient (through `full_urls` for urn:uuid).
std::string PatientOf(const rapidjson::Value& resource, const std::map<std::string, std::string>* full_urls);

}  // namespace als::model

#endif  // ALS_MODEL_POPULATION_H_
