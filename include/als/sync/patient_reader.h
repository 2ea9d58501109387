// Reads everything the rules need about a few patients from the server in as
// few round trips as possible: one batch of all their searches (`_count` = the
// client's page size), then, only when needed, one batch per further page depth
// holding the `next` pages of every search and the reads of referenced
// Medications and Devices that the searches did not include.
#ifndef ALS_SYNC_PATIENT_READER_H_
#define ALS_SYNC_PATIENT_READER_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "als/client/fhir_client.h"
#include "als/client/url.h"
#include "als/common/result.h"
#include "als/model/record_builder.h"

namespace als::sync {

struct PatientSearch {
  std::string type;
  client::QueryParams params;
};

// The searches for one patient (rules.md section 3).
std::vector<PatientSearch> PatientSearches(const std::string& patient_id);

// One patient's resources as read from the server; owns the JSON.
class PatientData : public model::ResourceResolver {
 public:
  PatientData(client::FhirClient* client, std::string patient_id);

  // Resources whose patient is this one (Medication/Device/... are kept apart).
  const std::string& patient_id() const { return patient_id_; }
  const std::vector<model::SourcedResource>& resources() const { return resources_; }
  // Medication, Device, Substance by reference; reads from the server (once)
  // what the searches did not include.
  const rapidjson::Value* Resolve(std::string_view reference) const override;

  // Adds every entry of a searchset Bundle.
  void AddSearchset(rapidjson::Document bundle);
  size_t resource_count() const { return resources_.size(); }

  // Keeps `document` alive as long as this object (JSON that AddEntries and
  // AddFetched point into); a batch answer for several patients is shared.
  void Own(std::shared_ptr<const rapidjson::Document> document);
  // Adds every entry of a searchset Bundle that lives in an owned document.
  // `depth`: the Bundle's nesting depth or more, when the parse told it (see
  // FhirClient::Batch); without it the Bundle is walked to find out.
  void AddEntries(const rapidjson::Value& bundle, std::optional<int> depth = std::nullopt);
  // A resource read ahead for Resolve (`resource` null: not found), keyed "Type/id".
  void AddFetched(const std::string& key, const rapidjson::Value* resource);

 private:
  // `check_depth`: the resource may nest too deeply to be used.
  void Index(const rapidjson::Value& resource, bool check_depth);
  client::FhirClient* client_;
  std::string patient_id_;
  std::vector<std::shared_ptr<const rapidjson::Document>> documents_;
  std::vector<model::SourcedResource> resources_;
  mutable std::map<std::string, const rapidjson::Value*, std::less<>> referenceable_;
  std::map<std::string, const rapidjson::Value*, std::less<>> read_ahead_;
  mutable std::vector<std::unique_ptr<rapidjson::Document>> fetched_;
};

// Reads several patients, one result each, in order. With `use_batch` the
// searches of all of them go in one batch request (and further pages in one
// batch per page depth); otherwise one request each. Any search that fails
// fails that patient's read (the rules are never evaluated on partial data),
// and a batch that fails as a whole fails every patient in it. The resources
// are in the same order either way.
std::vector<Result<std::unique_ptr<PatientData>>> ReadPatients(client::FhirClient& client,
                                                              const std::vector<std::string>& patient_ids,
                                                              bool use_batch);
// ReadPatients of one patient.
Result<std::unique_ptr<PatientData>> ReadPatient(client::FhirClient& client, const std::string& patient_id,
                                                 bool use_batch);

}  // namespace als::sync

#endif  // ALS_SYNC_PATIENT_READER_H_
