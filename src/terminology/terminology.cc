#include "als/terminology/terminology.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <tuple>

#include "als/common/file.h"
#include "als/fhir/json.h"

namespace als::terminology {
namespace {

std::string Key(std::string_view system, std::string_view code) {
  std::string key(system);
  key += '|';
  key += code;
  return key;
}

void Insert(ConceptSet& set, const std::string& concept_id) {
  auto it = std::lower_bound(set.begin(), set.end(), concept_id);
  if (it == set.end() || *it != concept_id) set.insert(it, concept_id);
}

std::string Lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Trim and fold inner white space, so " Rilutek  " matches "rilutek".
  std::string folded;
  for (char c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!folded.empty() && folded.back() != ' ') folded += ' ';
    } else {
      folded += c;
    }
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded;
}

Error Bad(const std::string& path, const std::string& element, const std::string& message) {
  return MakeError(ErrorCode::kInvalidData, path + ": " + element, message);
}

}  // namespace

bool Contains(const ConceptSet& set, std::string_view concept_id) {
  if (set.size() <= 8) {  // the usual size: a scan, mostly rejected on length, beats a binary search
    for (const std::string& id : set) {
      if (id == concept_id) return true;
    }
    return false;
  }
  return std::binary_search(set.begin(), set.end(), concept_id,
                            [](const auto& a, const auto& b) { return std::string_view(a) < std::string_view(b); });
}

std::string Terminology::DefaultDirectory() {
  if (const char* dir = std::getenv("ALS_MAPPINGS_DIR"); dir != nullptr && *dir != '\0') return dir;
  return std::string(ALS_SOURCE_DIR) + "/mappings";
}

Result<Terminology> Terminology::Load(const std::vector<std::string>& directories) {
  Terminology terminology;
  for (const std::string& directory : directories) {
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
      return MakeError(ErrorCode::kIo, directory, "mappings directory not found");
    }
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) ALS_RETURN_IF_ERROR(terminology.LoadFile(path));
  }
  terminology.ResolveConceptMaps();
  if (terminology.concept_ids_.empty()) {
    return MakeError(ErrorCode::kInvalidData, directories.empty() ? "" : directories.front(),
                     "no ValueSet found: the adapter cannot recognise any code");
  }
  return terminology;
}

Status Terminology::LoadFile(const std::string& path) {
  // The largest shipped ValueSet is 62 KB; a local one listing every code of a
  // large code system could reach megabytes.
  constexpr size_t kMaxTerminologyFileBytes = size_t{64} << 20;
  ALS_ASSIGN_OR_RETURN(std::string content, ReadFile(path, kMaxTerminologyFileBytes));
  int depth = 0;
  ALS_ASSIGN_OR_RETURN(rapidjson::Document json, fhir::ParseJson(content, path, 1, &depth));
  if (depth > fhir::kMaxResourceDepth) {
    return MakeError(ErrorCode::kInvalidData, path, "nested too deeply to be a FHIR resource");
  }
  std::string_view type = fhir::StringOr(json, "resourceType");
  files_.push_back(path);
  if (type == "ValueSet") return LoadValueSet(path, json);
  if (type == "ConceptMap") return LoadConceptMap(path, json);
  if (type == "CodeSystem") return LoadCodeSystem(path, json);
  return MakeError(ErrorCode::kInvalidData, path,
                   "expected a ValueSet, ConceptMap or CodeSystem, got resourceType '" + std::string(type) + "'");
}

Status Terminology::LoadValueSet(const std::string& path, const rapidjson::Value& json) {
  std::string id(fhir::StringOr(json, "id"));
  if (id.empty()) return Bad(path, "ValueSet.id", "missing: the id is the concept name the rules use");
  const rapidjson::Value* compose = fhir::Member(json, "compose");
  const rapidjson::Value* includes = compose ? fhir::Member(*compose, "include") : nullptr;
  if (includes == nullptr || !includes->IsArray()) return Bad(path, "ValueSet.compose.include", "missing");
  concept_ids_.insert(id);
  for (rapidjson::SizeType i = 0; i < includes->Size(); ++i) {
    const rapidjson::Value& include = (*includes)[i];
    std::string element = "ValueSet.compose.include[" + std::to_string(i) + "]";
    std::string system(fhir::StringOr(include, "system"));
    if (system.empty()) return Bad(path, element + ".system", "missing");
    if (fhir::Member(include, "filter") != nullptr) {
      return Bad(path, element + ".filter", "filters are not supported: enumerate the codes");
    }
    const rapidjson::Value* concepts = fhir::Member(include, "concept");
    if (concepts == nullptr || !concepts->IsArray()) return Bad(path, element + ".concept", "missing");
    for (rapidjson::SizeType j = 0; j < concepts->Size(); ++j) {
      std::string code(fhir::StringOr((*concepts)[j], "code"));
      if (code.empty()) return Bad(path, element + ".concept[" + std::to_string(j) + "].code", "missing");
      Insert(members_[Key(system, code)], id);
    }
  }
  return Status::Ok();
}

Status Terminology::LoadConceptMap(const std::string& path, const rapidjson::Value& json) {
  const rapidjson::Value* groups = fhir::Member(json, "group");
  if (groups == nullptr || !groups->IsArray()) return Bad(path, "ConceptMap.group", "missing");
  for (rapidjson::SizeType g = 0; g < groups->Size(); ++g) {
    const rapidjson::Value& group = (*groups)[g];
    std::string element = "ConceptMap.group[" + std::to_string(g) + "]";
    std::string source(fhir::StringOr(group, "source"));
    std::string target(fhir::StringOr(group, "target"));
    if (source.empty() || target.empty()) return Bad(path, element, "source and target systems are required");
    const rapidjson::Value* elements = fhir::Member(group, "element");
    if (elements == nullptr || !elements->IsArray()) return Bad(path, element + ".element", "missing");
    for (rapidjson::SizeType e = 0; e < elements->Size(); ++e) {
      const rapidjson::Value& item = (*elements)[e];
      std::string item_path = element + ".element[" + std::to_string(e) + "]";
      std::string code(fhir::StringOr(item, "code"));
      if (code.empty()) return Bad(path, item_path + ".code", "missing");
      if (source == kMedicationTextSystem) {
        code = Lower(code);
        medication_text_aliases_.push_back(code);
      }
      const rapidjson::Value* targets = fhir::Member(item, "target");
      if (targets == nullptr || !targets->IsArray()) return Bad(path, item_path + ".target", "missing");
      for (rapidjson::SizeType t = 0; t < targets->Size(); ++t) {
        std::string target_code(fhir::StringOr((*targets)[t], "code"));
        if (target_code.empty()) continue;  // "unmatched": no standard code for this action
        fhir::Coding coding{target, target_code, std::string(fhir::StringOr((*targets)[t], "display"))};
        if (source == kActionSystem) {
          action_targets_[code].push_back(coding);
        } else {
          mapped_[Key(source, code)].push_back(coding);
        }
      }
      if (source == kActionSystem) action_targets_.try_emplace(code);
    }
  }
  return Status::Ok();
}

Status Terminology::LoadCodeSystem(const std::string& path, const rapidjson::Value& json) {
  if (fhir::StringOr(json, "url") != kActionSystem) return Status::Ok();
  const rapidjson::Value* concepts = fhir::Member(json, "concept");
  if (concepts == nullptr || !concepts->IsArray()) return Bad(path, "CodeSystem.concept", "missing");
  for (const auto& concept_value : concepts->GetArray()) {
    std::string code(fhir::StringOr(concept_value, "code"));
    if (!code.empty()) action_displays_[code] = std::string(fhir::StringOr(concept_value, "display", code));
  }
  return Status::Ok();
}

void Terminology::ResolveConceptMaps() {
  concepts_by_code_ = members_;
  for (const auto& [key, targets] : mapped_) {
    for (const fhir::Coding& target : targets) {
      auto members = members_.find(Key(target.system, target.code));
      if (members == members_.end()) continue;
      for (const std::string& id : members->second) Insert(concepts_by_code_[key], id);
    }
  }
}

void Terminology::AddConceptsOf(std::string_view system, std::string_view code, ConceptSet* result) const {
  // One key buffer per thread: this runs for every coding of every resource.
  thread_local std::string key;
  auto it = concepts_by_code_.find(key.assign(system).append(1, '|').append(code));
  if (it == concepts_by_code_.end()) return;
  if (result->empty()) {
    *result = it->second;
  } else {
    for (const std::string& id : it->second) Insert(*result, id);
  }
}

ConceptSet Terminology::ConceptsOf(const fhir::CodingView& coding) const {
  ConceptSet result;
  AddConceptsOf(coding.system, coding.code, &result);
  return result;
}

ConceptSet Terminology::ConceptsOf(const fhir::ConceptView& concept_value, bool match_medication_text) const {
  ConceptSet result;
  for (const fhir::CodingView& coding : concept_value.codings) AddConceptsOf(coding.system, coding.code, &result);
  if (match_medication_text && result.empty()) {
    std::vector<std::string_view> texts{concept_value.text};
    for (const fhir::CodingView& coding : concept_value.codings) texts.push_back(coding.display);
    for (std::string_view text : texts) {
      if (text.empty()) continue;
      std::string padded = " " + Lower(text) + " ";
      for (char& c : padded) {
        if (c == ',' || c == '(' || c == ')' || c == ';') c = ' ';
      }
      // An alias counts when it stands in the text as whole words ("Rilutek 50 mg tablet").
      std::string needle;
      for (const std::string& alias : medication_text_aliases_) {
        needle.assign(1, ' ').append(alias).append(1, ' ');
        if (padded.find(needle) != std::string::npos) AddConceptsOf(kMedicationTextSystem, alias, &result);
      }
    }
  }
  return result;
}

std::vector<fhir::Coding> Terminology::CodesOf(std::string_view concept_id) const {
  std::vector<fhir::Coding> codes;
  for (const auto& [key, concepts] : members_) {
    if (!Contains(concepts, concept_id)) continue;
    size_t bar = key.find('|');
    codes.push_back({key.substr(0, bar), key.substr(bar + 1), ""});
  }
  std::sort(codes.begin(), codes.end(), [](const fhir::Coding& a, const fhir::Coding& b) {
    return std::tie(a.system, a.code) < std::tie(b.system, b.code);
  });
  return codes;
}

std::vector<fhir::Coding> Terminology::ActionCodings(std::string_view action) const {
  std::vector<fhir::Coding> codings;
  codings.push_back({kActionSystem, std::string(action), ActionDisplay(action)});
  if (auto it = action_targets_.find(std::string(action)); it != action_targets_.end()) {
    codings.insert(codings.end(), it->second.begin(), it->second.end());
  }
  return codings;
}

std::string Terminology::ActionDisplay(std::string_view action) const {
  auto it = action_displays_.find(std::string(action));
  return it == action_displays_.end() ? std::string(action) : it->second;
}

Result<std::string> CheckCanonicalBase(std::string value, const std::string& where) {
  if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, where, "must be an absolute http(s) URL, got '" + value + "'");
  }
  while (value.back() == '/') value.pop_back();
  size_t host = value.find("://");
  if (host == std::string::npos || host + 3 >= value.size() || value.find_first_of(" |\t") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, where, "is not a usable canonical base: '" + value + "'");
  }
  return value;
}

}  // namespace als::terminology
