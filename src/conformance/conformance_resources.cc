#include "als/conformance/conformance_resources.h"

#include <cstdio>
#include <initializer_list>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "als/fhir/json.h"
#include "als/guideline/finding.h"
#include "als/guideline/rule.h"
#include "als/output/write_set.h"
#include "als/terminology/terminology.h"

namespace als::conformance {
namespace {

#include "structure_definitions.inc"

using guideline::Rule;
using guideline::RuleInfo;
using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

constexpr char kPublisher[] = "als-adapter project";

void KeyStr(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void Header(JsonWriter& w, const std::string& type, const std::string& id, const std::string& url,
            const std::string& name, const std::string& title) {
  KeyStr(w, "resourceType", type);
  KeyStr(w, "id", id);
  KeyStr(w, "url", url);
  KeyStr(w, "version", ALS_VERSION);
  KeyStr(w, "name", name);
  KeyStr(w, "title", title);
  KeyStr(w, "status", "active");
  w.Key("experimental");
  w.Bool(false);
  KeyStr(w, "publisher", kPublisher);
}

ConformanceResource Finish(const std::string& file_name, const rapidjson::StringBuffer& buffer) {
  return {file_name, std::string(buffer.GetString(), buffer.GetSize()) + "\n"};
}

void StartPretty(JsonWriter& w) { w.SetIndent(' ', 2); }

std::string ParametersInWords(const RuleInfo& info) {
  std::string words;
  for (const guideline::ParameterSpec& p : info.parameters) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", p.default_value);
    words += (words.empty() ? "" : "; ") + p.name + " = " + value + (p.unit.empty() ? "" : " " + p.unit);
  }
  return words;
}

// "Trigger: ... Output: ... (priority ...)": the concept definition and the action text.
std::string Definition(const RuleInfo& info) {
  std::string text = "Trigger: " + info.trigger + ". Output: " + info.output + ", " +
                     guideline::PriorityName(info.priority) + " priority.";
  std::string parameters = ParametersInWords(info);
  if (!parameters.empty()) text += " Parameters (defaults): " + parameters + ".";
  return text;
}

ConformanceResource RuleCodeSystem(const output::OutputSettings& s) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  StartPretty(w);
  w.StartObject();
  Header(w, "CodeSystem", "als-guideline-rule", output::RuleSystem(s), "AlsGuidelineRule",
         "ALS guideline rules (als-adapter)");
  KeyStr(w, "description",
         "One code per rule of the als-adapter ALS guideline catalogue (rules.md), in catalogue order. "
         "Flag.code and CarePlan.activity.detail.reasonCode carry these codes. Each definition gives the "
         "trigger, the output and the default priority; the citation property gives the source.");
  w.Key("caseSensitive");
  w.Bool(true);
  KeyStr(w, "valueSet", s.canonical_base + "/ValueSet/als-guideline-rule");
  KeyStr(w, "content", "complete");
  w.Key("count");
  w.Uint(static_cast<unsigned>(guideline::Catalogue().size()));
  struct Property {
    const char* code;
    const char* description;
  };
  static const Property kProperties[] = {
      {"number", "The rule's number in rules.md (R01...)"},
      {"domain", "Clinical domain of the rule"},
      {"output", "What the rule writes: CarePlan activity, Flag, or both"},
      {"priority", "Default priority: high, medium or low"},
      {"citation", "Source of the rule: seed text and external guideline or label"},
  };
  w.Key("property");
  w.StartArray();
  for (const Property& p : kProperties) {
    w.StartObject();
    KeyStr(w, "code", p.code);
    KeyStr(w, "description", p.description);
    KeyStr(w, "type", "string");
    w.EndObject();
  }
  w.EndArray();
  w.Key("concept");
  w.StartArray();
  for (const Rule* rule : guideline::Catalogue()) {
    const RuleInfo& info = rule->info;
    w.StartObject();
    KeyStr(w, "code", info.id);
    KeyStr(w, "display", info.title);
    KeyStr(w, "definition", Definition(info));
    w.Key("property");
    w.StartArray();
    for (const auto& [code, value] : std::initializer_list<std::pair<const char*, std::string>>{
             {"number", info.number},
             {"domain", guideline::DomainName(info.domain)},
             {"output", info.output},
             {"priority", guideline::PriorityName(info.priority)},
             {"citation", info.citation}}) {
      w.StartObject();
      KeyStr(w, "code", code);
      KeyStr(w, "valueString", value);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish("CodeSystem-als-guideline-rule.json", buffer);
}

ConformanceResource AdapterTagCodeSystem(const output::OutputSettings& s) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  StartPretty(w);
  w.StartObject();
  Header(w, "CodeSystem", "als-adapter-tag", output::AdapterTagSystem(s), "AlsAdapterTag", "als-adapter meta tags");
  KeyStr(w, "description", "Tags als-adapter puts in meta.tag of the resources it writes.");
  w.Key("caseSensitive");
  w.Bool(true);
  KeyStr(w, "content", "complete");
  w.Key("count");
  w.Uint(1);
  w.Key("concept");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "code", output::kRetiredTag);
  KeyStr(w, "display", output::kRetiredTagDisplay);
  KeyStr(w, "definition",
         "The adapter made this Flag inactive because its rule no longer fires (as opposed to a clinician "
         "closing it).");
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return Finish("CodeSystem-als-adapter-tag.json", buffer);
}

// A ValueSet of every code of one CodeSystem.
ConformanceResource WholeSystemValueSet(const std::string& id, const std::string& name, const std::string& title,
                                        const std::string& description, const std::string& system,
                                        const output::OutputSettings& s) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  StartPretty(w);
  w.StartObject();
  Header(w, "ValueSet", id, s.canonical_base + "/ValueSet/" + id, name, title);
  KeyStr(w, "description", description);
  w.Key("compose");
  w.StartObject();
  w.Key("include");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", system);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return Finish("ValueSet-" + id + ".json", buffer);
}

void OutputRequirement(JsonWriter& w, const char* type, const std::string& profile) {
  w.StartObject();
  KeyStr(w, "type", type);
  w.Key("profile");
  w.StartArray();
  w.String(profile.c_str(), static_cast<rapidjson::SizeType>(profile.size()));
  w.EndArray();
  w.EndObject();
}

ConformanceResource CataloguePlanDefinition(const output::OutputSettings& s) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  StartPretty(w);
  w.StartObject();
  Header(w, "PlanDefinition", "als-guideline", output::PlanDefinitionUrl(s), "AlsGuideline",
         "ALS guideline rule catalogue (als-adapter)");
  w.Key("type");
  w.StartObject();
  w.Key("coding");
  w.StartArray();
  w.StartObject();
  KeyStr(w, "system", "http://terminology.hl7.org/CodeSystem/plan-definition-type");
  KeyStr(w, "code", "eca-rule");
  KeyStr(w, "display", "ECA Rule");
  w.EndObject();
  w.EndArray();
  w.EndObject();
  KeyStr(w, "description",
         "The rule catalogue als-adapter evaluates for each ALS patient, in rules.md order: one action per "
         "rule, with its trigger in words (description), its output (textEquivalent and output), its default "
         "priority and its citation (documentation). Every CarePlan the adapter writes instantiates this "
         "PlanDefinition with its version. Suggestions for clinician review, not orders.");
  w.Key("action");
  w.StartArray();
  for (const Rule* rule : guideline::Catalogue()) {
    const RuleInfo& info = rule->info;
    w.StartObject();
    KeyStr(w, "id", info.id);
    KeyStr(w, "prefix", info.number);
    KeyStr(w, "title", info.title);
    KeyStr(w, "description", "Trigger: " + info.trigger);
    KeyStr(w, "textEquivalent", Definition(info));
    KeyStr(w, "priority", guideline::RequestPriority(info.priority));
    w.Key("code");
    w.StartArray();
    w.StartObject();
    w.Key("coding");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "system", output::RuleSystem(s));
    KeyStr(w, "code", info.id);
    KeyStr(w, "display", info.title);
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.Key("documentation");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "type", "citation");
    KeyStr(w, "citation", info.citation);
    w.EndObject();
    w.EndArray();
    w.Key("output");
    w.StartArray();
    if (info.output.find("CarePlan") != std::string::npos) OutputRequirement(w, "CarePlan", output::CarePlanProfile(s));
    if (info.output.find("Flag") != std::string::npos) OutputRequirement(w, "Flag", output::FlagProfile(s));
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Finish("PlanDefinition-als-guideline.json", buffer);
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t pos = text->find(from); pos != std::string::npos; pos = text->find(from, pos + to.size())) {
    text->replace(pos, from.size(), to);
  }
}

// A StructureDefinition from its template: placeholders filled, then parsed and
// pretty-printed like the generated resources.
Result<ConformanceResource> FromTemplate(const char* text, const std::string& canonical_base) {
  std::string json = text;
  ReplaceAll(&json, "{{header}}", kCommonHeader);
  ReplaceAll(&json, "{{version}}", ALS_VERSION);
  ReplaceAll(&json, "{{base}}", canonical_base);
  ALS_ASSIGN_OR_RETURN(rapidjson::Document document, fhir::ParseJson(json, "built-in StructureDefinition"));
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  StartPretty(w);
  document.Accept(w);
  return Finish("StructureDefinition-" + std::string(fhir::StringOr(document, "id")) + ".json", buffer);
}

}  // namespace

Result<std::vector<ConformanceResource>> BuildConformanceResources(const std::string& canonical_base) {
  output::OutputSettings s;
  s.canonical_base = canonical_base;
  std::vector<ConformanceResource> resources = {
      RuleCodeSystem(s),
      WholeSystemValueSet("als-guideline-rule", "AlsGuidelineRule", "ALS guideline rules (als-adapter)",
                          "Every rule of the als-adapter catalogue.", output::RuleSystem(s), s),
      WholeSystemValueSet("als-careplan-action", "AlsCareplanAction", "ALS adapter CarePlan activity codes",
                          "Every recommended-action code (CodeSystem als-careplan-action in mappings/).",
                          terminology::kActionSystem, s),
      AdapterTagCodeSystem(s),
      CataloguePlanDefinition(s),
  };
  for (const char* text :
       {kCarePlanProfile, kFlagProfile, kProvenanceProfile, kActivityPriorityExtension, kActivityEvidenceExtension}) {
    ALS_ASSIGN_OR_RETURN(ConformanceResource resource, FromTemplate(text, canonical_base));
    resources.push_back(std::move(resource));
  }
  return resources;
}

}  // namespace als::conformance
