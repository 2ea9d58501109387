#include "als/output/write_set.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>

#include "als/fhir/json.h"
#include "als/output/json_writer.h"

namespace als::output {
namespace {

using guideline::Finding;
using guideline::OutputKind;
using guideline::Priority;

constexpr char kFlagPriorityUrl[] = "http://hl7.org/fhir/StructureDefinition/flag-priority";
constexpr char kFlagPrioritySystem[] = "http://hl7.org/fhir/flag-priority-code";
constexpr char kFlagDetailUrl[] = "http://hl7.org/fhir/StructureDefinition/flag-detail";
constexpr char kFlagCategorySystem[] = "http://terminology.hl7.org/CodeSystem/flag-category";
constexpr char kCarePlanCategorySystem[] = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category";

void KeyStr(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key);
  w.String(value);
}

void Coding(JsonWriter& w, std::string_view system, std::string_view code, std::string_view display) {
  w.StartObject();
  KeyStr(w, "system", system);
  KeyStr(w, "code", code);
  if (!display.empty()) KeyStr(w, "display", display);
  w.EndObject();
}

// A Coding's fields, for codings written from literals and settings without copying them.
struct CodingText {
  std::string_view system, code, display;
};

// A CodeableConcept of `codings` (fhir::Coding or CodingText).
template <typename Codings>
void ConceptOf(JsonWriter& w, const Codings& codings, std::string_view text) {
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  for (const auto& coding : codings) Coding(w, coding.system, coding.code, coding.display);
  w.EndArray();
  if (!text.empty()) KeyStr(w, "text", text);
  w.EndObject();
}

void ConceptOf(JsonWriter& w, std::initializer_list<CodingText> codings, std::string_view text) {
  ConceptOf<std::initializer_list<CodingText>>(w, codings, text);
}

// meta: the profile the resource claims, and the adapter's tag when it retired the resource.
void Meta(JsonWriter& w, const std::string& profile, const OutputSettings& settings, bool retired) {
  w.Key("meta");
  w.StartObject();
  w.Key("profile");
  w.StartArray();
  w.String(profile);
  w.EndArray();
  if (retired) {
    w.Key("tag");
    w.StartArray();
    Coding(w, AdapterTagSystem(settings), kRetiredTag, kRetiredTagDisplay);
    w.EndArray();
  }
  w.EndObject();
}

void ReferenceTo(JsonWriter& w, std::string_view reference) {
  w.StartObject();
  KeyStr(w, "reference", reference);
  w.EndObject();
}

bool UsableReference(const std::string& reference) {
  return !reference.empty() && reference.find("(no id)") == std::string::npos;
}

const char* FlagPriorityDisplay(Priority priority) {
  switch (priority) {
    case Priority::kHigh: return "High priority";
    case Priority::kMedium: return "Medium priority";
    case Priority::kLow: return "Low priority";
  }
  return "";
}

int RequestRank(const std::string& priority) {
  if (priority == "stat") return 0;
  if (priority == "asap") return 1;
  if (priority == "urgent") return 2;
  return 3;
}

std::string_view RuleTitle(std::string_view rule_id) {
  const guideline::Rule* rule = guideline::FindRule(rule_id);
  return rule ? rule->info.title : rule_id;
}

void AddUnique(std::vector<std::string>* list, const std::string& value) {
  if (UsableReference(value) && std::find(list->begin(), list->end(), value) == list->end()) list->push_back(value);
}

// Findings with the same key (action, or rule for flags), in first-seen order.
struct Group {
  std::string key;
  std::vector<const Finding*> findings;
  Priority priority = Priority::kLow;
  std::vector<std::string> evidence;
};

std::vector<Group> GroupFindings(const std::vector<Finding>& findings, OutputKind kind) {
  std::vector<Group> groups;
  for (const Finding& finding : findings) {
    if (finding.kind != kind) continue;
    const std::string& key = kind == OutputKind::kActivity ? finding.action : finding.rule_id;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.key == key; });
    if (it == groups.end()) {
      groups.push_back({key, {}, finding.priority, {}});
      it = groups.end() - 1;
    }
    it->findings.push_back(&finding);
    it->priority = std::min(it->priority, finding.priority);
    for (const std::string& reference : finding.evidence) AddUnique(&it->evidence, reference);
  }
  return groups;
}

// Clinician edits on the adapter's earlier CarePlan that must survive a rewrite.
struct PreservedActivity {
  std::string status;
  std::string status_reason_json;
  std::string progress_json;
};

// `existing`: the earlier CarePlan as stored (null when there is none).
std::map<std::string, PreservedActivity> PreservedActivities(const rapidjson::Value& existing) {
  std::map<std::string, PreservedActivity> preserved;
  const rapidjson::Value* activities = fhir::Member(existing, "activity");
  if (activities == nullptr || !activities->IsArray()) return preserved;
  for (const auto& activity : activities->GetArray()) {
    const rapidjson::Value* detail = fhir::Member(activity, "detail");
    const rapidjson::Value* code = detail ? fhir::Member(*detail, "code") : nullptr;
    const rapidjson::Value* codings = code ? fhir::Member(*code, "coding") : nullptr;
    if (codings == nullptr || !codings->IsArray()) continue;
    for (const auto& coding : codings->GetArray()) {
      if (fhir::StringOr(coding, "system") != terminology::kActionSystem) continue;
      PreservedActivity item;
      item.status = std::string(fhir::StringOr(*detail, "status"));
      if (const rapidjson::Value* reason = fhir::Member(*detail, "statusReason")) item.status_reason_json = fhir::ToJson(*reason);
      if (const rapidjson::Value* progress = fhir::Member(activity, "progress")) item.progress_json = fhir::ToJson(*progress);
      preserved[std::string(fhir::StringOr(coding, "code"))] = item;
    }
  }
  return preserved;
}

// CarePlan.activity.detail.reasonReference: Reference(Condition | Observation | DiagnosticReport | DocumentReference).
bool AllowedInReasonReference(const std::string& reference) {
  for (const char* type : {"Condition/", "Observation/", "DiagnosticReport/", "DocumentReference/"}) {
    if (reference.rfind(type, 0) == 0) return true;
  }
  return false;
}

std::string CarePlanJson(const model::PatientRecord& record, const std::vector<Finding>& findings,
                         const terminology::Terminology& terminology, const OutputSettings& settings,
                         const rapidjson::Value& existing, size_t* activity_count) {
  std::map<std::string, PreservedActivity> preserved = PreservedActivities(existing);
  std::string json;
  JsonWriter w(&json);
  w.StartObject();
  KeyStr(w, "resourceType", "CarePlan");
  Meta(w, CarePlanProfile(settings), settings, false);
  w.Key("identifier");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", CarePlanIdentifierSystem(settings));
  KeyStr(w, "value", record.patient_id);
  w.EndObject();
  w.EndArray();
  w.Key("instantiatesCanonical");
  w.StartArray();
  w.String(PlanDefinitionCanonical(settings));
  w.EndArray();
  KeyStr(w, "status", record.has_als_diagnosis ? "active" : "revoked");
  KeyStr(w, "intent", "proposal");
  w.Key("category");
  w.StartArray();
  ConceptOf(w, {{kCarePlanCategorySystem, "assess-plan", "Assessment and Plan of Treatment"}}, "");
  w.EndArray();
  KeyStr(w, "title", "ALS guideline recommendations (als-adapter)");
  KeyStr(w, "description",
         record.has_als_diagnosis
             ? "Suggestions from the ALS guideline rule catalogue for clinician review; not orders. Each activity "
               "says what was found, what is suggested and the source."
             : "Withdrawn: the patient no longer has an active, confirmed ALS diagnosis on file.");
  w.Key("subject");
  ReferenceTo(w, "Patient/" + record.patient_id);
  if (!record.issues.empty()) {
    w.Key("note");
    w.StartArray();
    std::string text = "Inputs that could not be used (" + std::to_string(record.issues.size()) + "):";
    size_t shown = 0;
    for (const model::DataIssue& issue : record.issues) {
      if (++shown > 20) {
        text += "\n- and " + std::to_string(record.issues.size() - 20) + " more";
        break;
      }
      text += "\n- " + issue.source + ": " + issue.message;
    }
    w.StartObject();
    KeyStr(w, "authorString", "als-adapter");
    KeyStr(w, "text", text);
    w.EndObject();
    w.EndArray();
  }
  std::vector<Group> groups = GroupFindings(findings, OutputKind::kActivity);
  *activity_count = groups.size();
  if (!groups.empty()) {
    const std::string rule_system = RuleSystem(settings);
    const std::string priority_extension = ActivityPriorityExtension(settings);
    const std::string evidence_extension = ActivityEvidenceExtension(settings);
    w.Key("activity");
    w.StartArray();
    for (const Group& group : groups) {
      std::string request_priority = guideline::RequestPriority(group.priority);
      std::string description;
      std::vector<std::string_view> rules;
      for (const Finding* finding : group.findings) {
        if (!finding->request_priority.empty() && RequestRank(finding->request_priority) < RequestRank(request_priority)) {
          request_priority = finding->request_priority;
        }
        if (std::find(rules.begin(), rules.end(), finding->rule_id) == rules.end()) rules.push_back(finding->rule_id);
        if (!description.empty()) description += '\n';
        description.append(finding->rule_id).append(": ").append(finding->description);
      }
      w.StartObject();
      auto kept = preserved.find(group.key);
      if (kept != preserved.end() && !kept->second.progress_json.empty()) {
        w.Key("progress");
        w.RawValue(kept->second.progress_json);
      }
      // R4 allows only some resource types in reasonReference; the other
      // triggering resources (medications, allergies, ...) go into the
      // activity-evidence extension.
      std::vector<std::string_view> reasons, other_evidence;
      for (const std::string& reference : group.evidence) {
        (AllowedInReasonReference(reference) ? reasons : other_evidence).push_back(reference);
      }
      w.Key("detail");
      w.StartObject();
      w.Key("extension");
      w.StartArray();
      w.StartObject();
      KeyStr(w, "url", priority_extension);
      KeyStr(w, "valueCode", request_priority);
      w.EndObject();
      for (std::string_view reference : other_evidence) {
        w.StartObject();
        KeyStr(w, "url", evidence_extension);
        w.Key("valueReference");
        ReferenceTo(w, reference);
        w.EndObject();
      }
      w.EndArray();
      w.Key("code");
      ConceptOf(w, terminology.ActionCodings(group.key), terminology.ActionDisplay(group.key));
      w.Key("reasonCode");
      w.StartArray();
      for (std::string_view rule : rules) ConceptOf(w, {{rule_system, rule, RuleTitle(rule)}}, "");
      w.EndArray();
      if (!reasons.empty()) {
        w.Key("reasonReference");
        w.StartArray();
        for (std::string_view reference : reasons) ReferenceTo(w, reference);
        w.EndArray();
      }
      bool clinician_status = kept != preserved.end() && !kept->second.status.empty();
      KeyStr(w, "status", clinician_status ? kept->second.status : "not-started");
      if (clinician_status && !kept->second.status_reason_json.empty()) {
        w.Key("statusReason");
        w.RawValue(kept->second.status_reason_json);
      }
      KeyStr(w, "description", description);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return json;
}

// The priority in a Flag's flag-priority extension (medium when absent).
Priority FlagPriorityOf(const rapidjson::Value& flag) {
  const rapidjson::Value* extensions = fhir::Member(flag, "extension");
  if (extensions == nullptr || !extensions->IsArray()) return Priority::kMedium;
  for (const auto& extension : extensions->GetArray()) {
    if (fhir::StringOr(extension, "url") != kFlagPriorityUrl) continue;
    const rapidjson::Value* value = fhir::Member(extension, "valueCodeableConcept");
    const rapidjson::Value* codings = value ? fhir::Member(*value, "coding") : nullptr;
    if (codings == nullptr || !codings->IsArray()) continue;
    for (const auto& coding : codings->GetArray()) {
      std::string_view code = fhir::StringOr(coding, "code");
      if (code == "PH") return Priority::kHigh;
      if (code == "PL") return Priority::kLow;
      if (code == "PM") return Priority::kMedium;
    }
  }
  return Priority::kMedium;
}

struct FlagState {
  std::string status;  // active / inactive
  model::Day period_start = 0;
  std::optional<model::Day> period_end;
  bool retired_by_adapter = false;
};

std::string FlagJson(const model::PatientRecord& record, const std::string& rule_id, const Group* group,
                     const std::string& category, const std::string& text, const FlagState& state,
                     const OutputSettings& settings, Priority priority) {
  std::string json;
  JsonWriter w(&json);
  w.StartObject();
  KeyStr(w, "resourceType", "Flag");
  Meta(w, FlagProfile(settings), settings, state.retired_by_adapter);
  w.Key("extension");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "url", kFlagPriorityUrl);
  w.Key("valueCodeableConcept");
  ConceptOf(w, {{kFlagPrioritySystem, guideline::FlagPriorityCode(priority), FlagPriorityDisplay(priority)}}, "");
  w.EndObject();
  if (group != nullptr) {
    for (const std::string& reference : group->evidence) {
      w.StartObject();
      KeyStr(w, "url", kFlagDetailUrl);
      w.Key("valueReference");
      ReferenceTo(w, reference);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("identifier");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", FlagIdentifierSystem(settings));
  KeyStr(w, "value", record.patient_id + ":" + rule_id);
  w.EndObject();
  w.EndArray();
  KeyStr(w, "status", state.status);
  w.Key("category");
  w.StartArray();
  ConceptOf(w, {{kFlagCategorySystem, category, ""}}, "");
  w.EndArray();
  w.Key("code");
  ConceptOf(w, {{RuleSystem(settings), rule_id, RuleTitle(rule_id)}}, text);
  w.Key("subject");
  ReferenceTo(w, "Patient/" + record.patient_id);
  w.Key("period");
  w.StartObject();
  KeyStr(w, "start", fhir::FormatDay(state.period_start));
  if (state.period_end) KeyStr(w, "end", fhir::FormatDay(*state.period_end));
  w.EndObject();
  w.EndObject();
  return json;
}

// Members the server adds (or the adapter leaves to it), at the top level or
// in meta: not compared.
bool IgnoredInDiff(std::string_view name, bool in_meta) {
  if (!in_meta) return name == "id" || name == "text";
  for (const char* added : {"versionId", "lastUpdated", "source", "author", "project", "compartment"}) {
    if (name == added) return true;
  }
  return false;
}

rapidjson::SizeType ComparedMembers(const rapidjson::Value& object, bool in_meta) {
  rapidjson::SizeType count = 0;
  for (const auto& member : object.GetObject()) {
    if (!IgnoredInDiff(std::string_view(member.name.GetString(), member.name.GetStringLength()), in_meta)) ++count;
  }
  return count;
}

// Whether two resources (or metas) are equal but for the ignored members; as
// RapidJSON's ==, member order does not count. Compares in place: nothing is copied.
bool SameForDiff(const rapidjson::Value& desired, const rapidjson::Value& existing, bool in_meta) {
  if (!desired.IsObject() || !existing.IsObject()) return false;
  rapidjson::SizeType compared = 0;
  for (const auto& member : existing.GetObject()) {
    std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (IgnoredInDiff(name, in_meta)) continue;
    ++compared;
    auto it = desired.FindMember(member.name);
    if (it == desired.MemberEnd()) return false;
    bool same = !in_meta && name == "meta" ? SameForDiff(it->value, member.value, true) : it->value == member.value;
    if (!same) return false;
  }
  return compared == ComparedMembers(desired, in_meta);
}

// Whether the resource the adapter would write, `desired`, is what the server holds, `existing`.
bool SameContent(const std::string& desired, const rapidjson::Value& existing) {
  rapidjson::Document parsed;
  fhir::ParseInPool(desired, &parsed);
  return !parsed.HasParseError() && SameForDiff(parsed, existing, false);
}

// The stored resource, or a null value when there is none.
const rapidjson::Value& StoredJson(const model::AdapterOutput* output) {
  static const rapidjson::Value kNone;
  return output != nullptr && output->json != nullptr ? *output->json : kNone;
}

// Whether the adapter retired this stored resource: its meta.tag has kRetiredTag
// in the adapter's system (the same code in another system is someone else's).
bool RetiredByAdapter(const rapidjson::Value& resource, const OutputSettings& settings) {
  const rapidjson::Value* meta = fhir::Member(resource, "meta");
  const rapidjson::Value* tags = meta ? fhir::Member(*meta, "tag") : nullptr;
  if (tags == nullptr || !tags->IsArray()) return false;
  const std::string system = AdapterTagSystem(settings);
  for (const auto& tag : tags->GetArray()) {
    if (fhir::StringOr(tag, "code") == kRetiredTag && fhir::StringOr(tag, "system") == system) return true;
  }
  return false;
}

std::string EncodeQueryValue(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || std::string_view("-._~:/|").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

WriteEntry Upsert(const std::string& type, const std::string& system, const std::string& value, std::string resource,
                  const model::AdapterOutput* existing) {
  WriteEntry entry;
  entry.resource_type = type;
  entry.method = "PUT";
  entry.url = type + "?identifier=" + EncodeQueryValue(system + "|" + value);
  entry.full_url = StableUrn(system + "|" + value);
  entry.resource = std::move(resource);
  if (existing != nullptr) {
    entry.replaces_existing = true;
    if (!existing->version_id.empty()) entry.if_match = "W/\"" + existing->version_id + "\"";
  }
  return entry;
}

std::string ProvenanceJson(const PatientWriteSet& write_set, const std::vector<std::string>& sources,
                           const OutputSettings& settings) {
  std::string json;
  JsonWriter w(&json);
  w.StartObject();
  KeyStr(w, "resourceType", "Provenance");
  Meta(w, ProvenanceProfile(settings), settings, false);
  w.Key("target");
  w.StartArray();
  for (const WriteEntry& entry : write_set.entries) ReferenceTo(w, entry.full_url);
  w.EndArray();
  KeyStr(w, "recorded", settings.recorded_instant.empty() ? fhir::FormatDayAsInstant(settings.now) : settings.recorded_instant);
  w.Key("activity");
  ConceptOf(w, {{"http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise"}}, "");
  w.Key("agent");
  w.StartArray();
  w.StartObject();
  w.Key("type");
  ConceptOf(w, {{"http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler"}}, "");
  w.Key("who");
  w.StartObject();
  w.Key("identifier");
  w.StartObject();
  KeyStr(w, "system", DeviceIdentifierSystem(settings));
  KeyStr(w, "value", "als-adapter");
  w.EndObject();
  KeyStr(w, "display", std::string("als-adapter ") + ALS_VERSION);
  w.EndObject();
  w.EndObject();
  w.EndArray();
  if (!sources.empty()) {
    w.Key("entity");
    w.StartArray();
    for (const std::string& source : sources) {
      w.StartObject();
      KeyStr(w, "role", "source");
      w.Key("what");
      ReferenceTo(w, source);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return json;
}

}  // namespace

std::string RuleSystem(const OutputSettings& s) { return s.canonical_base + "/CodeSystem/als-guideline-rule"; }
std::string CarePlanIdentifierSystem(const OutputSettings& s) { return s.canonical_base + "/identifier/careplan"; }
std::string FlagIdentifierSystem(const OutputSettings& s) { return s.canonical_base + "/identifier/flag"; }
std::string DeviceIdentifierSystem(const OutputSettings& s) { return s.canonical_base + "/identifier/device"; }
std::string AdapterTagSystem(const OutputSettings& s) { return s.canonical_base + "/CodeSystem/als-adapter-tag"; }
std::string PlanDefinitionUrl(const OutputSettings& s) { return s.canonical_base + "/PlanDefinition/als-guideline"; }
std::string PlanDefinitionCanonical(const OutputSettings& s) {
  return PlanDefinitionUrl(s) + "|" + ALS_VERSION;
}
std::string CarePlanProfile(const OutputSettings& s) { return s.canonical_base + "/StructureDefinition/als-careplan"; }
std::string FlagProfile(const OutputSettings& s) { return s.canonical_base + "/StructureDefinition/als-flag"; }
std::string ProvenanceProfile(const OutputSettings& s) { return s.canonical_base + "/StructureDefinition/als-provenance"; }
std::string ActivityPriorityExtension(const OutputSettings& s) {
  return s.canonical_base + "/StructureDefinition/activity-priority";
}
std::string ActivityEvidenceExtension(const OutputSettings& s) {
  return s.canonical_base + "/StructureDefinition/activity-evidence";
}

std::string StableUrn(const std::string& name) {
  // SHA1() looks the algorithm up in OpenSSL's provider tables on every call,
  // under a lock the workers share: 0.34 us a call against 0.11 on one thread,
  // 1.44 against 0.42 us of CPU on four. Looked up once here.
  static EVP_MD* const kSha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE] = {};
  if (kSha1 == nullptr || EVP_Digest(name.data(), name.size(), digest, nullptr, kSha1, nullptr) != 1) {
    SHA1(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string urn = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) urn += '-';
    urn += kHex[digest[i] >> 4];
    urn += kHex[digest[i] & 0x0F];
  }
  return urn;
}

PatientWriteSet BuildWriteSet(const model::PatientRecord& record, const std::vector<Finding>& findings,
                              const terminology::Terminology& terminology, const OutputSettings& settings) {
  PatientWriteSet write_set;
  write_set.patient_id = record.patient_id;
  const model::AdapterOutput* existing_careplan = nullptr;
  std::map<std::string, const model::AdapterOutput*> existing_flags;
  for (const model::AdapterOutput& output : record.adapter_outputs) {
    if (output.resource_type == "CarePlan") existing_careplan = &output;
    if (output.resource_type == "Flag") existing_flags[output.rule_id] = &output;
  }
  if (!record.has_als_diagnosis && existing_careplan == nullptr && existing_flags.empty()) return write_set;

  std::vector<std::string> sources;
  for (const Finding& finding : findings) {
    for (const std::string& reference : finding.evidence) AddUnique(&sources, reference);
  }

  // Read for the clinician's edits to keep, then compared.
  size_t activity_count = 0;
  std::string careplan =
      CarePlanJson(record, findings, terminology, settings, StoredJson(existing_careplan), &activity_count);
  write_set.activities = activity_count;
  if (existing_careplan != nullptr && SameContent(careplan, StoredJson(existing_careplan))) {
    ++write_set.unchanged;
  } else {
    write_set.entries.push_back(Upsert("CarePlan", CarePlanIdentifierSystem(settings), record.patient_id,
                                       std::move(careplan), existing_careplan));
  }

  std::set<std::string> firing;
  for (const Group& group : GroupFindings(findings, OutputKind::kFlag)) {
    firing.insert(group.key);
    const model::AdapterOutput* existing = existing_flags.count(group.key) ? existing_flags[group.key] : nullptr;
    FlagState state{"active", settings.now, std::nullopt, false};
    if (existing != nullptr) {
      bool retired = RetiredByAdapter(StoredJson(existing), settings);
      if (existing->status == "active" && existing->period_start) {
        state.period_start = *existing->period_start;  // raised earlier: keep when
      } else if (existing->status != "active" && !retired) {
        // A clinician closed this Flag: respect it while the same rule keeps firing.
        ++write_set.unchanged;
        continue;
      }
    }
    std::string text;
    for (const Finding* finding : group.findings) {
      text += (text.empty() ? "" : "\n") + (finding->title.empty() ? "" : finding->title + ". ") + finding->description;
    }
    std::string flag = FlagJson(record, group.key, &group, group.findings.front()->flag_category, text, state, settings,
                                group.priority);
    write_set.flag_rules.push_back(group.key);
    ++write_set.active_flags;
    if (existing != nullptr && SameContent(flag, StoredJson(existing))) {
      ++write_set.unchanged;
      continue;
    }
    write_set.entries.push_back(Upsert("Flag", FlagIdentifierSystem(settings), record.patient_id + ":" + group.key,
                                       std::move(flag), existing));
  }
  // Flags whose rule no longer fires: inactive with period.end, never deleted.
  for (const auto& [rule_id, existing] : existing_flags) {
    if (firing.count(rule_id) || existing->status != "active") continue;
    const rapidjson::Value& old = StoredJson(existing);
    std::string category = "clinical", text;
    if (const rapidjson::Value* categories = fhir::Member(old, "category"); categories && categories->IsArray() &&
                                                                            !categories->Empty()) {
      const rapidjson::Value* codings = fhir::Member((*categories)[0], "coding");
      if (codings && codings->IsArray() && !codings->Empty()) category = std::string(fhir::StringOr((*codings)[0], "code"));
    }
    if (const rapidjson::Value* code = fhir::Member(old, "code")) text = std::string(fhir::StringOr(*code, "text"));
    Priority priority = FlagPriorityOf(old);
    FlagState state{"inactive", existing->period_start.value_or(settings.now), settings.now, true};
    write_set.entries.push_back(Upsert("Flag", FlagIdentifierSystem(settings), record.patient_id + ":" + rule_id,
                                       FlagJson(record, rule_id, nullptr, category, text, state, settings, priority),
                                       existing));
  }
  if (!write_set.entries.empty()) {
    WriteEntry provenance;
    provenance.resource_type = "Provenance";
    provenance.method = "POST";
    provenance.url = "Provenance";
    provenance.full_url = StableUrn("provenance|" + record.patient_id + "|" + settings.recorded_instant +
                                    fhir::FormatDay(settings.now));
    provenance.resource = ProvenanceJson(write_set, sources, settings);
    write_set.entries.push_back(std::move(provenance));
  }
  return write_set;
}

std::vector<PatientWriteSet> SplitWriteSet(const PatientWriteSet& write_set, int max_entries) {
  if (max_entries <= 0 || write_set.entries.size() <= static_cast<size_t>(max_entries)) return {write_set};
  std::vector<WriteEntry> resources;
  const WriteEntry* provenance = nullptr;
  for (const WriteEntry& entry : write_set.entries) {
    if (entry.resource_type == "Provenance") provenance = &entry;
    else resources.push_back(entry);
  }
  size_t per_part = static_cast<size_t>(max_entries) - (provenance ? 1 : 0);
  std::vector<PatientWriteSet> parts;
  for (size_t begin = 0; begin < resources.size(); begin += per_part) {
    PatientWriteSet part = write_set;
    part.entries.assign(resources.begin() + begin, resources.begin() + std::min(resources.size(), begin + per_part));
    if (provenance != nullptr) {
      rapidjson::Document json;
      fhir::ParseInPool(provenance->resource, &json);
      rapidjson::Value targets(rapidjson::kArrayType);
      for (const WriteEntry& entry : part.entries) {
        rapidjson::Value reference(rapidjson::kObjectType);
        reference.AddMember("reference", rapidjson::Value(entry.full_url.c_str(), json.GetAllocator()), json.GetAllocator());
        targets.PushBack(reference, json.GetAllocator());
      }
      json["target"] = targets;
      WriteEntry part_provenance = *provenance;
      part_provenance.resource = fhir::ToJson(json);
      part_provenance.full_url = StableUrn(provenance->full_url + "|part" + std::to_string(parts.size()));
      part.entries.push_back(std::move(part_provenance));
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

void TransactionWriter::Begin() {
  *out_ += "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[";
  first_ = true;
}

void TransactionWriter::Add(const PatientWriteSet& write_set) {
  for (const WriteEntry& entry : write_set.entries) {
    if (!first_) *out_ += ",";
    first_ = false;
    JsonWriter w(out_);
    w.StartObject();
    KeyStr(w, "fullUrl", entry.full_url);
    w.Key("resource");
    w.RawValue(entry.resource);
    w.Key("request");
    w.StartObject();
    KeyStr(w, "method", entry.method);
    KeyStr(w, "url", entry.url);
    if (!entry.if_match.empty()) KeyStr(w, "ifMatch", entry.if_match);
    w.EndObject();
    w.EndObject();
  }
}

void TransactionWriter::End() { *out_ += "]}"; }

std::string TransactionBundle(const PatientWriteSet& write_set) {
  std::string out;
  TransactionWriter writer(&out);
  writer.Begin();
  writer.Add(write_set);
  writer.End();
  return out;
}

}  // namespace als::output
