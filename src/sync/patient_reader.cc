#include "als/sync/patient_reader.h"

#include <spdlog/spdlog.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"

namespace als::sync {
namespace {

bool IsReferenceable(std::string_view type) {
  return type == "Medication" || type == "Device" || type == "Substance";
}

}  // namespace

std::vector<PatientSearch> PatientSearches(const std::string& patient_id) {
  std::string patient = "Patient/" + patient_id;
  auto by_subject = [&](const std::string& type, client::QueryParams extra = {}) {
    client::QueryParams params{{"subject", patient}};
    params.insert(params.end(), extra.begin(), extra.end());
    return PatientSearch{type, params};
  };
  auto by_patient = [&](const std::string& type) { return PatientSearch{type, {{"patient", patient}}}; };
  return {
      {"Patient", {{"_id", patient_id}}},
      by_subject("Condition"),
      by_subject("Observation"),
      by_subject("MedicationRequest", {{"_include", "MedicationRequest:medication"}}),
      by_subject("MedicationStatement", {{"_include", "MedicationStatement:medication"}}),
      by_subject("MedicationAdministration", {{"_include", "MedicationAdministration:medication"}}),
      by_patient("AllergyIntolerance"),
      by_subject("Procedure"),
      by_subject("ServiceRequest"),
      by_subject("DeviceRequest"),
      by_subject("DeviceUseStatement"),
      by_subject("Encounter"),
      by_patient("Consent"),
      by_subject("DocumentReference"),
      by_patient("FamilyMemberHistory"),
      by_patient("RelatedPerson"),
      by_subject("QuestionnaireResponse"),
      by_subject("DiagnosticReport"),
      by_subject("Communication"),
      by_subject("CarePlan"),
      by_subject("Goal"),
      by_subject("Flag"),
  };
}

PatientData::PatientData(client::FhirClient* client, std::string patient_id)
    : client_(client), patient_id_(std::move(patient_id)) {}

void PatientData::Index(const rapidjson::Value& resource) {
  std::string type(fhir::StringOr(resource, "resourceType"));
  std::string id(fhir::StringOr(resource, "id"));
  if (IsReferenceable(type)) {
    if (!id.empty()) referenceable_[type + "/" + id] = &resource;
    return;
  }
  if (fhir::NestingDepth(resource, fhir::kMaxResourceDepth) > fhir::kMaxResourceDepth) {
    spdlog::warn("{}/{}: nested too deeply to be a FHIR resource; not used", type, id);
    return;
  }
  resources_.push_back({&resource, ""});
}

void PatientData::AddSearchset(rapidjson::Document bundle) {
  documents_.push_back(std::make_unique<rapidjson::Document>(std::move(bundle)));
  const rapidjson::Value* entries = fhir::Member(*documents_.back(), "entry");
  if (entries == nullptr || !entries->IsArray()) return;
  for (const auto& entry : entries->GetArray()) {
    if (const rapidjson::Value* resource = fhir::Member(entry, "resource"); resource && resource->IsObject()) {
      Index(*resource);
    }
  }
}

const rapidjson::Value* PatientData::Resolve(std::string_view reference) const {
  for (const char* type : {"Medication", "Device", "Substance"}) {
    std::string id = fhir::ReferenceId(reference, type);
    if (id.empty()) continue;
    std::string key = std::string(type) + "/" + id;
    if (auto it = referenceable_.find(key); it != referenceable_.end()) return it->second;
    if (client_ == nullptr) return nullptr;
    auto read = client_->Read(type, id);
    if (!read.ok()) {
      spdlog::debug("cannot read {}: {}", key, read.error().ToString());
      referenceable_[key] = nullptr;
      return nullptr;
    }
    fetched_.push_back(std::make_unique<rapidjson::Document>(std::move(*read)));
    return referenceable_[key] = fetched_.back().get();
  }
  return nullptr;
}

Result<std::unique_ptr<PatientData>> ReadPatient(client::FhirClient& client, const std::string& patient_id,
                                                 bool use_batch) {
  auto data = std::make_unique<PatientData>(&client, patient_id);
  std::vector<PatientSearch> searches = PatientSearches(patient_id);
  if (!use_batch) {
    for (const PatientSearch& search : searches) {
      ALS_ASSIGN_OR_RETURN(client::SearchResult result, client.Search(search.type, search.params));
      data->AddSearchset(std::move(result.bundle));
    }
    return data;
  }
  rapidjson::Document batch(rapidjson::kObjectType);
  auto& allocator = batch.GetAllocator();
  batch.AddMember("resourceType", "Bundle", allocator);
  batch.AddMember("type", "batch", allocator);
  rapidjson::Value entries(rapidjson::kArrayType);
  for (const PatientSearch& search : searches) {
    rapidjson::Value request(rapidjson::kObjectType);
    request.AddMember("method", "GET", allocator);
    std::string url = client::AppendQuery(search.type, search.params);
    request.AddMember("url", rapidjson::Value(url.c_str(), allocator), allocator);
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("request", request, allocator);
    entries.PushBack(entry, allocator);
  }
  batch.AddMember("entry", entries, allocator);
  ALS_ASSIGN_OR_RETURN(rapidjson::Document response, client.Batch(batch));
  const rapidjson::Value* answers = fhir::Member(response, "entry");
  if (answers == nullptr || !answers->IsArray() || answers->Size() != searches.size()) {
    return MakeError(ErrorCode::kServerError, "batch read of Patient/" + patient_id,
                     "the batch-response does not have one entry per search");
  }
  for (rapidjson::SizeType i = 0; i < answers->Size(); ++i) {
    const rapidjson::Value& answer = (*answers)[i];
    const rapidjson::Value* status_holder = fhir::Member(answer, "response");
    std::string status = status_holder ? std::string(fhir::StringOr(*status_holder, "status")) : "";
    const rapidjson::Value* resource = fhir::Member(answer, "resource");
    if (status.rfind("2", 0) != 0 || resource == nullptr || fhir::StringOr(*resource, "resourceType") != "Bundle") {
      std::string detail = resource ? fhir::Excerpt(*resource, 200) : "no resource";
      if (resource && fhir::StringOr(*resource, "resourceType") == "OperationOutcome") {
        const rapidjson::Value* issues = fhir::Member(*resource, "issue");
        if (issues && issues->IsArray() && !issues->Empty()) {
          detail = std::string(fhir::StringOr((*issues)[0], "diagnostics", "see the server's OperationOutcome"));
        }
      }
      return MakeError(ErrorCode::kServerError, "batch read of Patient/" + patient_id + " > " + searches[i].type,
                       "search failed (status '" + status + "'): " + detail);
    }
    ALS_ASSIGN_OR_RETURN(client::SearchResult pages, client.ContinueSearch(*resource));
    data->AddSearchset(std::move(pages.bundle));
  }
  return data;
}

}  // namespace als::sync
