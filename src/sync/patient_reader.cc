#include "als/sync/patient_reader.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"
#include "als/fhir/resources.h"

namespace als::sync {
namespace {

// "Medication/m1" for a reference Resolve would look up (with an id that can
// go in a URL as it is), else "".
std::string ReferenceKey(std::string_view reference) {
  std::optional<fhir::ReferenceTarget> target = fhir::ReferenceableTarget(reference);
  if (!target) return "";
  const std::string& id = target->id;
  bool plain = id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  return plain ? target->Key() : "";
}

// An entry's resource sits this many levels below its Bundle (Bundle, entry,
// entry[i]): a resource below a searchset page, and a page below a batch-response.
constexpr int kLevelsAboveEntryResource = 3;

// A searchset Bundle inside an owned batch response, and a bound on its nesting
// depth: the response's depth, less the levels above the page.
struct Page {
  const rapidjson::Value* bundle;
  int depth;
};

// One search of a patient read in batches: its pages, in order.
struct SearchPages {
  std::vector<Page> pages;
  std::set<std::string> seen;                  // links read (a repeated next link is an error)
  std::string next;                            // the next page to read, relative to the base
  std::unique_ptr<rapidjson::Document> rest;   // when the next link is not under the base: the search
                                               // continued page by page by the client
};

rapidjson::Value GetEntry(const std::string& url, rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value request(rapidjson::kObjectType);
  request.AddMember("method", "GET", allocator);
  request.AddMember("url", rapidjson::Value(url.c_str(), allocator), allocator);
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("request", request, allocator);
  return entry;
}

// The answer's status ("200 OK") and resource.
std::string AnswerStatus(const rapidjson::Value& answer) {
  const rapidjson::Value* response = fhir::Member(answer, "response");
  return response ? std::string(fhir::StringOr(*response, "status")) : "";
}

std::string FailureDetail(const rapidjson::Value* resource) {
  std::string detail = resource ? fhir::Excerpt(*resource, 200) : "no resource";
  if (resource && fhir::StringOr(*resource, "resourceType") == "OperationOutcome") {
    const rapidjson::Value* issues = fhir::Member(*resource, "issue");
    if (issues && issues->IsArray() && !issues->Empty()) {
      detail = std::string(fhir::StringOr((*issues)[0], "diagnostics", "see the server's OperationOutcome"));
    }
  }
  return detail;
}

// Notes what a page holds for reading ahead: the Medications, Devices and
// Substances it includes (`known`), and the references its resources make that
// the record builder resolves (medicationReference, DeviceUseStatement.device).
void CollectReferenceKeys(const rapidjson::Value& bundle, std::set<std::string>* known,
                          std::vector<std::string>* keys) {
  const rapidjson::Value* entries = fhir::Member(bundle, "entry");
  if (entries == nullptr || !entries->IsArray()) return;
  for (const auto& entry : entries->GetArray()) {
    const rapidjson::Value* resource = fhir::Member(entry, "resource");
    if (resource == nullptr) continue;
    std::string_view type = fhir::StringOr(*resource, "resourceType");
    if (fhir::IsReferenceable(type)) {
      known->insert(std::string(type) + "/" + std::string(fhir::StringOr(*resource, "id")));
      continue;
    }
    for (const char* element : {"medicationReference", "device"}) {
      const rapidjson::Value* holder = fhir::Member(*resource, element);
      std::string_view reference = holder ? fhir::StringOr(*holder, "reference") : "";
      if (reference.empty() || reference[0] == '#') continue;
      if (std::string key = ReferenceKey(reference); !key.empty()) keys->push_back(key);
    }
  }
}

// One patient's part of a batched read.
struct PatientRead {
  std::vector<PatientSearch> searches;
  std::vector<SearchPages> state;     // one per search
  std::set<std::string> known;        // Medications etc. the searches returned
  std::set<std::string> requested;    // references asked for
  std::vector<std::string> referred;  // references seen, not yet asked for
  std::unique_ptr<PatientData> data;
  std::optional<Error> error;         // set: the patient is not read further, nor evaluated
};

// One entry of a batch: a page of a patient's search, else a read ahead of `key`.
struct Ask {
  size_t patient = 0;
  int search = -1;
  std::string key;
};

Result<std::unique_ptr<PatientData>> ReadOneByOne(client::FhirClient& client, const std::string& patient_id) {
  auto data = std::make_unique<PatientData>(&client, patient_id);
  for (const PatientSearch& search : PatientSearches(patient_id)) {
    ALS_ASSIGN_OR_RETURN(client::SearchResult result, client.Search(search.type, search.params));
    data->AddSearchset(std::move(result.bundle));
  }
  return data;
}

// Takes one answer of a batch into its patient's read: a read ahead, or a page
// of a search (whose next page, if any, goes in the next round).
Status TakeAnswer(client::FhirClient& client, const std::string& base, const Ask& ask,
                  const rapidjson::Value& answer, int page_depth, PatientRead* read) {
  const std::string& patient_id = read->data->patient_id();
  std::string status = AnswerStatus(answer);
  const rapidjson::Value* resource = fhir::Member(answer, "resource");
  if (ask.search < 0) {  // a read ahead: not found (or refused) is remembered as such, as Resolve does
    bool found = status.rfind("2", 0) == 0 && resource != nullptr && resource->IsObject();
    if (!found) spdlog::debug("cannot read {}: status '{}'", ask.key, status);
    read->data->AddFetched(ask.key, found ? resource : nullptr);
    return Status::Ok();
  }
  const std::string where = "batch read of Patient/" + patient_id + " > " + read->searches[ask.search].type;
  SearchPages& search = read->state[ask.search];
  if (status.rfind("2", 0) != 0 || resource == nullptr || fhir::StringOr(*resource, "resourceType") != "Bundle") {
    return MakeError(ErrorCode::kServerError, where,
                     "search failed (status '" + status + "'): " + FailureDetail(resource));
  }
  search.pages.push_back({resource, page_depth});
  CollectReferenceKeys(*resource, &read->known, &read->referred);
  search.next.clear();
  std::string next = fhir::BundleLink(*resource, "next");
  if (next.empty()) return Status::Ok();
  if (search.seen.empty()) {
    if (std::string self = fhir::BundleLink(*resource, "self"); !self.empty()) search.seen.insert(self);
  }
  if (!search.seen.insert(next).second) {
    return MakeError(ErrorCode::kInvalidData, where,
                     "the server's next link leads back to a page already read (after " +
                         std::to_string(search.pages.size()) + " pages); stopping");
  }
  const client::ClientSettings& settings = client.settings();
  if (search.pages.size() >= static_cast<size_t>(settings.max_pages)) {
    return MakeError(ErrorCode::kFailedPrecondition, where,
                     "the search has more than " + std::to_string(settings.max_pages) + " pages (max_pages)");
  }
  if (next.compare(0, base.size(), base) == 0 && next.size() > base.size()) {
    search.next = next.substr(base.size());
    return Status::Ok();
  }
  // Not a URL under the base (another form of paging): the client follows
  // it page by page, with its own checks (same origin, no loops).
  ALS_ASSIGN_OR_RETURN(client::SearchResult rest, client.ContinueSearch(*resource));
  search.pages.pop_back();
  search.rest = std::make_unique<rapidjson::Document>(std::move(rest.bundle));
  CollectReferenceKeys(*search.rest, &read->known, &read->referred);
  return Status::Ok();
}

// This round's entries of one patient: every search in round 1; later, the
// next page of every search that has one, and the references no search included.
void AddAsks(int round, size_t patient, PatientRead* read, int page_size, rapidjson::Value* entries,
             rapidjson::Document::AllocatorType& allocator, std::vector<Ask>* asks) {
  if (round == 1) {
    for (size_t i = 0; i < read->searches.size(); ++i) {
      client::QueryParams params = client::WithPageSize(read->searches[i].params, page_size);
      entries->PushBack(GetEntry(client::AppendQuery(read->searches[i].type, params), allocator), allocator);
      asks->push_back({patient, static_cast<int>(i), ""});
    }
    return;
  }
  for (size_t i = 0; i < read->searches.size(); ++i) {
    if (read->state[i].next.empty()) continue;
    entries->PushBack(GetEntry(read->state[i].next, allocator), allocator);
    asks->push_back({patient, static_cast<int>(i), ""});
  }
  for (const std::string& key : read->referred) {
    if (read->known.count(key) > 0 || !read->requested.insert(key).second) continue;
    entries->PushBack(GetEntry(key, allocator), allocator);
    asks->push_back({patient, -1, key});
  }
  read->referred.clear();
}

}  // namespace

std::vector<PatientSearch> PatientSearches(const std::string& patient_id) {
  const std::string patient = "Patient/" + patient_id;
  std::vector<PatientSearch> searches;
  auto by = [&](const char* type, const char* reference_param, const char* include = nullptr) {
    PatientSearch& search = searches.emplace_back();
    search.type = type;
    search.params.emplace_back(reference_param, patient);
    if (include != nullptr) search.params.emplace_back("_include", include);
  };
  searches.push_back({"Patient", {{"_id", patient_id}}});
  by("Condition", "subject");
  by("Observation", "subject");
  by("MedicationRequest", "subject", "MedicationRequest:medication");
  by("MedicationStatement", "subject", "MedicationStatement:medication");
  by("MedicationAdministration", "subject", "MedicationAdministration:medication");
  by("AllergyIntolerance", "patient");
  by("Procedure", "subject");
  by("ServiceRequest", "subject");
  by("DeviceRequest", "subject");
  by("DeviceUseStatement", "subject");
  by("Encounter", "subject");
  by("Consent", "patient");
  by("DocumentReference", "subject");
  by("FamilyMemberHistory", "patient");
  by("RelatedPerson", "patient");
  by("QuestionnaireResponse", "subject");
  by("DiagnosticReport", "subject");
  by("Communication", "subject");
  by("CarePlan", "subject");
  by("Goal", "subject");
  by("Flag", "subject");
  return searches;
}

PatientData::PatientData(client::FhirClient* client, std::string patient_id)
    : client_(client), patient_id_(std::move(patient_id)) {}

void PatientData::Index(const rapidjson::Value& resource, bool check_depth) {
  std::string_view type = fhir::StringOr(resource, "resourceType");
  std::string_view id = fhir::StringOr(resource, "id");
  if (fhir::IsReferenceable(type)) {
    if (!id.empty()) referenceable_[std::string(type).append(1, '/').append(id)] = &resource;
    return;
  }
  if (check_depth && fhir::NestingDepth(resource, fhir::kMaxResourceDepth) > fhir::kMaxResourceDepth) {
    spdlog::warn("{}/{}: nested too deeply to be a FHIR resource; not used", type, id);
    return;
  }
  resources_.push_back({&resource, ""});
}

void PatientData::AddSearchset(rapidjson::Document bundle) {
  documents_.push_back(std::make_unique<rapidjson::Document>(std::move(bundle)));
  AddEntries(*documents_.back());
}

void PatientData::Own(std::shared_ptr<const rapidjson::Document> document) { documents_.push_back(std::move(document)); }

void PatientData::AddEntries(const rapidjson::Value& bundle, std::optional<int> depth) {
  const rapidjson::Value* entries = fhir::Member(bundle, "entry");
  if (entries == nullptr || !entries->IsArray()) return;
  // The client's parse does not limit nesting. When the whole page is shallow
  // enough, so is every resource, and the page's depth (told, else one walk of
  // the page) replaces one walk per resource.
  constexpr int kPageDepth = fhir::kMaxResourceDepth + kLevelsAboveEntryResource;
  bool check_each = !(depth && *depth <= kPageDepth) && fhir::NestingDepth(bundle, kPageDepth) > kPageDepth;
  for (const auto& entry : entries->GetArray()) {
    if (const rapidjson::Value* resource = fhir::Member(entry, "resource"); resource && resource->IsObject()) {
      Index(*resource, check_each);
    }
  }
}

void PatientData::AddFetched(const std::string& key, const rapidjson::Value* resource) { read_ahead_[key] = resource; }

const rapidjson::Value* PatientData::Resolve(std::string_view reference) const {
  std::optional<fhir::ReferenceTarget> target = fhir::ReferenceableTarget(reference);
  if (!target) return nullptr;
  std::string key = target->Key();
  if (auto it = referenceable_.find(key); it != referenceable_.end()) return it->second;
  if (auto it = read_ahead_.find(key); it != read_ahead_.end()) return it->second;
  if (client_ == nullptr) return nullptr;
  auto read = client_->Read(target->type, target->id);
  if (!read.ok()) {
    spdlog::debug("cannot read {}: {}", key, read.error().ToString());
    referenceable_[key] = nullptr;
    return nullptr;
  }
  fetched_.push_back(std::make_unique<rapidjson::Document>(std::move(*read)));
  return referenceable_[key] = fetched_.back().get();
}

std::vector<Result<std::unique_ptr<PatientData>>> ReadPatients(client::FhirClient& client,
                                                              const std::vector<std::string>& patient_ids,
                                                              bool use_batch) {
  std::vector<Result<std::unique_ptr<PatientData>>> results;
  if (!use_batch) {
    for (const std::string& patient_id : patient_ids) results.push_back(ReadOneByOne(client, patient_id));
    return results;
  }
  const client::ClientSettings& settings = client.settings();
  const std::string base = settings.base_url + "/";
  std::vector<PatientRead> reads(patient_ids.size());
  for (size_t p = 0; p < reads.size(); ++p) {
    reads[p].searches = PatientSearches(patient_ids[p]);
    reads[p].state.resize(reads[p].searches.size());
    reads[p].data = std::make_unique<PatientData>(&client, patient_ids[p]);
  }
  for (int round = 1;; ++round) {
    std::vector<Ask> asks;
    rapidjson::Document batch(rapidjson::kObjectType);
    auto& allocator = batch.GetAllocator();
    batch.AddMember("resourceType", "Bundle", allocator);
    batch.AddMember("type", "batch", allocator);
    rapidjson::Value entries(rapidjson::kArrayType);
    for (size_t p = 0; p < reads.size(); ++p) {
      if (!reads[p].error) AddAsks(round, p, &reads[p], settings.page_size, &entries, allocator, &asks);
    }
    if (asks.empty()) break;
    std::vector<bool> asked(reads.size(), false);
    for (const Ask& ask : asks) asked[ask.patient] = true;
    batch.AddMember("entry", entries, allocator);
    // What fails the whole batch fails every patient still in it.
    auto fail_all = [&](const Error& error) {
      for (PatientRead& read : reads) {
        if (!read.error) read.error = error;
      }
    };
    int response_depth = fhir::kDepthBeyondRecursiveParse;
    Result<rapidjson::Document> answered = client.Batch(batch, &response_depth);
    if (!answered.ok()) {
      fail_all(answered.error());
      break;
    }
    auto response = std::make_shared<const rapidjson::Document>(std::move(answered).value());
    const rapidjson::Value* answers = fhir::Member(*response, "entry");
    if (answers == nullptr || !answers->IsArray() || answers->Size() != asks.size()) {
      std::string who;
      for (const std::string& id : patient_ids) who += (who.empty() ? "Patient/" : ", Patient/") + id;
      fail_all(MakeError(ErrorCode::kServerError, "batch read of " + who,
                         "the batch-response does not have one entry per request"));
      break;
    }
    for (rapidjson::SizeType a = 0; a < answers->Size(); ++a) {
      PatientRead& read = reads[asks[a].patient];
      if (read.error) continue;  // an earlier answer failed this patient
      Status taken = TakeAnswer(client, base, asks[a], (*answers)[a],
                                response_depth - kLevelsAboveEntryResource, &read);
      if (!taken.ok()) read.error = taken.error();
    }
    for (size_t p = 0; p < reads.size(); ++p) {
      if (asked[p] && !reads[p].error) reads[p].data->Own(response);  // its pages point into the response
    }
  }
  for (PatientRead& read : reads) {
    if (read.error) {
      results.push_back(*read.error);
      continue;
    }
    // The resources in the order of the searches, then of their pages.
    for (SearchPages& search : read.state) {
      for (const Page& page : search.pages) read.data->AddEntries(*page.bundle, page.depth);
      if (search.rest) {
        read.data->AddEntries(*search.rest);
        read.data->Own(std::move(search.rest));
      }
    }
    results.push_back(std::move(read.data));
  }
  return results;
}

Result<std::unique_ptr<PatientData>> ReadPatient(client::FhirClient& client, const std::string& patient_id,
                                                 bool use_batch) {
  return std::move(ReadPatients(client, {patient_id}, use_batch).front());
}

}  // namespace als::sync
