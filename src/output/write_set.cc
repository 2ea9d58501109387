#include "als/output/write_set.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "als/fhir/json.h"

namespace als::output {
namespace {

using guideline::Finding;
using guideline::OutputKind;
using guideline::Priority;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr char kFlagPriorityUrl[] = "http://hl7.org/fhir/StructureDefinition/flag-priority";
constexpr char kFlagPrioritySystem[] = "http://hl7.org/fhir/flag-priority-code";
constexpr char kFlagDetailUrl[] = "http://hl7.org/fhir/StructureDefinition/flag-detail";
constexpr char kFlagCategorySystem[] = "http://terminology.hl7.org/CodeSystem/flag-category";
constexpr char kCarePlanCategorySystem[] = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category";


void Key(JsonWriter& w, const char* key) { w.Key(key); }
void Str(JsonWriter& w, const std::string& value) { w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size())); }
void KeyStr(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  Str(w, value);
}

void Coding(JsonWriter& w, const std::string& system, const std::string& code, const std::string& display) {
  w.StartObject();
  KeyStr(w, "system", system);
  KeyStr(w, "code", code);
  if (!display.empty()) KeyStr(w, "display", display);
  w.EndObject();
}

void ConceptOf(JsonWriter& w, const std::vector<fhir::Coding>& codings, const std::string& text) {
  w.StartObject();
  Key(w, "coding");
  w.StartArray();
  for (const fhir::Coding& coding : codings) Coding(w, coding.system, coding.code, coding.display);
  w.EndArray();
  if (!text.empty()) KeyStr(w, "text", text);
  w.EndObject();
}

// meta: the profile the resource claims, and the adapter's tag when it retired the resource.
void Meta(JsonWriter& w, const std::string& profile, const OutputSettings& settings, bool retired) {
  Key(w, "meta");
  w.StartObject();
  Key(w, "profile");
  w.StartArray();
  Str(w, profile);
  w.EndArray();
  if (retired) {
    Key(w, "tag");
    w.StartArray();
    Coding(w, AdapterTagSystem(settings), kRetiredTag, kRetiredTagDisplay);
    w.EndArray();
  }
  w.EndObject();
}

void ReferenceTo(JsonWriter& w, const std::string& reference) {
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

std::string RuleTitle(const std::string& rule_id) {
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

std::map<std::string, PreservedActivity> PreservedActivities(const model::AdapterOutput* existing) {
  std::map<std::string, PreservedActivity> preserved;
  if (existing == nullptr) return preserved;
  rapidjson::Document json;
  fhir::ParseInPool(existing->json, &json);
  const rapidjson::Value* activities = json.IsObject() ? fhir::Member(json, "activity") : nullptr;
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
                         const model::AdapterOutput* existing, size_t* activity_count) {
  std::map<std::string, PreservedActivity> preserved = PreservedActivities(existing);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  KeyStr(w, "resourceType", "CarePlan");
  Meta(w, CarePlanProfile(settings), settings, false);
  Key(w, "identifier");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", CarePlanIdentifierSystem(settings));
  KeyStr(w, "value", record.patient_id);
  w.EndObject();
  w.EndArray();
  Key(w, "instantiatesCanonical");
  w.StartArray();
  Str(w, PlanDefinitionCanonical(settings));
  w.EndArray();
  KeyStr(w, "status", record.has_als_diagnosis ? "active" : "revoked");
  KeyStr(w, "intent", "proposal");
  Key(w, "category");
  w.StartArray();
  ConceptOf(w, {{kCarePlanCategorySystem, "assess-plan", "Assessment and Plan of Treatment"}}, "");
  w.EndArray();
  KeyStr(w, "title", "ALS guideline recommendations (als-adapter)");
  KeyStr(w, "description",
         record.has_als_diagnosis
             ? "Suggestions from the ALS guideline rule catalogue for clinician review; not orders. Each activity "
               "says what was found, what is suggested and the source."
             : "Withdrawn: the patient no longer has an active, confirmed ALS diagnosis on file.");
  Key(w, "subject");
  ReferenceTo(w, "Patient/" + record.patient_id);
  if (!record.issues.empty()) {
    Key(w, "note");
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
    Key(w, "activity");
    w.StartArray();
    for (const Group& group : groups) {
      std::string request_priority = guideline::RequestPriority(group.priority);
      std::string description;
      std::vector<std::string> rules;
      for (const Finding* finding : group.findings) {
        if (!finding->request_priority.empty() && RequestRank(finding->request_priority) < RequestRank(request_priority)) {
          request_priority = finding->request_priority;
        }
        if (std::find(rules.begin(), rules.end(), finding->rule_id) == rules.end()) rules.push_back(finding->rule_id);
        description += (description.empty() ? "" : "\n") + finding->rule_id + ": " + finding->description;
      }
      w.StartObject();
      auto kept = preserved.find(group.key);
      if (kept != preserved.end() && !kept->second.progress_json.empty()) {
        Key(w, "progress");
        w.RawValue(kept->second.progress_json.c_str(), kept->second.progress_json.size(), rapidjson::kArrayType);
      }
      // R4 allows only some resource types in reasonReference; the other
      // triggering resources (medications, allergies, ...) go into the
      // activity-evidence extension.
      std::vector<std::string> reasons, other_evidence;
      for (const std::string& reference : group.evidence) {
        (AllowedInReasonReference(reference) ? reasons : other_evidence).push_back(reference);
      }
      Key(w, "detail");
      w.StartObject();
      Key(w, "extension");
      w.StartArray();
      w.StartObject();
      KeyStr(w, "url", ActivityPriorityExtension(settings));
      KeyStr(w, "valueCode", request_priority);
      w.EndObject();
      for (const std::string& reference : other_evidence) {
        w.StartObject();
        KeyStr(w, "url", ActivityEvidenceExtension(settings));
        Key(w, "valueReference");
        ReferenceTo(w, reference);
        w.EndObject();
      }
      w.EndArray();
      Key(w, "code");
      ConceptOf(w, terminology.ActionCodings(group.key), terminology.ActionDisplay(group.key));
      Key(w, "reasonCode");
      w.StartArray();
      for (const std::string& rule : rules) ConceptOf(w, {{RuleSystem(settings), rule, RuleTitle(rule)}}, "");
      w.EndArray();
      if (!reasons.empty()) {
        Key(w, "reasonReference");
        w.StartArray();
        for (const std::string& reference : reasons) ReferenceTo(w, reference);
        w.EndArray();
      }
      bool clinician_status = kept != preserved.end() && !kept->second.status.empty();
      KeyStr(w, "status", clinician_status ? kept->second.status : "not-started");
      if (clinician_status && !kept->second.status_reason_json.empty()) {
        Key(w, "statusReason");
        w.RawValue(kept->second.status_reason_json.c_str(), kept->second.status_reason_json.size(), rapidjson::kObjectType);
      }
      KeyStr(w, "description", description);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
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
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  KeyStr(w, "resourceType", "Flag");
  Meta(w, FlagProfile(settings), settings, state.retired_by_adapter);
  Key(w, "extension");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "url", kFlagPriorityUrl);
  Key(w, "valueCodeableConcept");
  ConceptOf(w, {{kFlagPrioritySystem, guideline::FlagPriorityCode(priority), FlagPriorityDisplay(priority)}}, "");
  w.EndObject();
  if (group != nullptr) {
    for (const std::string& reference : group->evidence) {
      w.StartObject();
      KeyStr(w, "url", kFlagDetailUrl);
      Key(w, "valueReference");
      ReferenceTo(w, reference);
      w.EndObject();
    }
  }
  w.EndArray();
  Key(w, "identifier");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", FlagIdentifierSystem(settings));
  KeyStr(w, "value", record.patient_id + ":" + rule_id);
  w.EndObject();
  w.EndArray();
  KeyStr(w, "status", state.status);
  Key(w, "category");
  w.StartArray();
  ConceptOf(w, {{kFlagCategorySystem, category, ""}}, "");
  w.EndArray();
  Key(w, "code");
  ConceptOf(w, {{RuleSystem(settings), rule_id, RuleTitle(rule_id)}}, text);
  Key(w, "subject");
  ReferenceTo(w, "Patient/" + record.patient_id);
  Key(w, "period");
  w.StartObject();
  KeyStr(w, "start", fhir::FormatDay(state.period_start));
  if (state.period_end) KeyStr(w, "end", fhir::FormatDay(*state.period_end));
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The same content, ignoring what the server adds (id, meta.versionId, lastUpdated...).
bool SameContent(const std::string& desired, const std::string& existing) {
  rapidjson::Document a, b;
  fhir::ParseInPool(desired, &a);
  fhir::ParseInPool(existing, &b);
  if (a.HasParseError() || b.HasParseError() || !a.IsObject() || !b.IsObject()) return false;
  for (rapidjson::Document* doc : {&a, &b}) {
    doc->RemoveMember("id");
    doc->RemoveMember("text");
    if (rapidjson::Value* meta = const_cast<rapidjson::Value*>(fhir::Member(*doc, "meta"))) {
      meta->RemoveMember("versionId");
      meta->RemoveMember("lastUpdated");
      meta->RemoveMember("source");
      meta->RemoveMember("author");
      meta->RemoveMember("project");
      meta->RemoveMember("compartment");
    }
  }
  return a == b;
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
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  KeyStr(w, "resourceType", "Provenance");
  Meta(w, ProvenanceProfile(settings), settings, false);
  Key(w, "target");
  w.StartArray();
  for (const WriteEntry& entry : write_set.entries) ReferenceTo(w, entry.full_url);
  w.EndArray();
  KeyStr(w, "recorded", settings.recorded_instant.empty() ? fhir::FormatDayAsInstant(settings.now) : settings.recorded_instant);
  Key(w, "activity");
  ConceptOf(w, {{"http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise"}}, "");
  Key(w, "agent");
  w.StartArray();
  w.StartObject();
  Key(w, "type");
  ConceptOf(w, {{"http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler"}}, "");
  Key(w, "who");
  w.StartObject();
  Key(w, "identifier");
  w.StartObject();
  KeyStr(w, "system", DeviceIdentifierSystem(settings));
  KeyStr(w, "value", "als-adapter");
  w.EndObject();
  KeyStr(w, "display", std::string("als-adapter ") + ALS_VERSION);
  w.EndObject();
  w.EndObject();
  w.EndArray();
  if (!sources.empty()) {
    Key(w, "entity");
    w.StartArray();
    for (const std::string& source : sources) {
      w.StartObject();
      KeyStr(w, "role", "source");
      Key(w, "what");
      ReferenceTo(w, source);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
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
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8], digest[9],
                digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return std::string("urn:uuid:") + text;
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

  size_t activity_count = 0;
  std::string careplan = CarePlanJson(record, findings, terminology, settings, existing_careplan, &activity_count);
  write_set.activities = activity_count;
  if (existing_careplan != nullptr && SameContent(careplan, existing_careplan->json)) {
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
      bool retired = existing->json.find(kRetiredTag) != std::string::npos;
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
    if (existing != nullptr && SameContent(flag, existing->json)) {
      ++write_set.unchanged;
      continue;
    }
    write_set.entries.push_back(Upsert("Flag", FlagIdentifierSystem(settings), record.patient_id + ":" + group.key,
                                       std::move(flag), existing));
  }
  // Flags whose rule no longer fires: inactive with period.end, never deleted.
  for (const auto& [rule_id, existing] : existing_flags) {
    if (firing.count(rule_id) || existing->status != "active") continue;
    rapidjson::Document old;
    fhir::ParseInPool(existing->json, &old);
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
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    KeyStr(w, "fullUrl", entry.full_url);
    Key(w, "resource");
    w.RawValue(entry.resource.c_str(), entry.resource.size(), rapidjson::kObjectType);
    Key(w, "request");
    w.StartObject();
    KeyStr(w, "method", entry.method);
    KeyStr(w, "url", entry.url);
    if (!entry.if_match.empty()) KeyStr(w, "ifMatch", entry.if_match);
    w.EndObject();
    w.EndObject();
    if (!first_) *out_ += ",";
    first_ = false;
    out_->append(buffer.GetString(), buffer.GetSize());
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
