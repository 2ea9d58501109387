// Which codes mean which concept. The rule engine never holds a code: it asks
// whether a coding belongs to a concept, a ValueSet id in mappings/ ("dysphagia",
// "riluzole"). Product codes roll up to ingredients (and site codes to standard
// ones) through the ConceptMaps there. Matching is by system and code, never by
// display; medication text is matched only through the medication-text map.
#ifndef ALS_TERMINOLOGY_TERMINOLOGY_H_
#define ALS_TERMINOLOGY_TERMINOLOGY_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "als/common/result.h"
#include "als/fhir/datatypes.h"

namespace als::terminology {

inline constexpr char kCanonicalBase[] = "http://als-adapter.org/fhir";

// A canonical base setting: an absolute http(s) URL, returned without trailing
// slashes. `where` names the setting in the error ("--canonical-base").
Result<std::string> CheckCanonicalBase(std::string value, const std::string& where);
inline constexpr char kActionSystem[] = "http://als-adapter.org/fhir/CodeSystem/als-careplan-action";
inline constexpr char kMedicationTextSystem[] = "http://als-adapter.org/fhir/CodeSystem/medication-text";

// A sorted set of concept ids.
using ConceptSet = std::vector<std::string>;

bool Contains(const ConceptSet& set, std::string_view concept_id);

class Terminology {
 public:
  // Loads every *.json file (ValueSet, ConceptMap, CodeSystem) in `directories`,
  // in order; a later directory (a site's) adds codes to ValueSets of the same id.
  static Result<Terminology> Load(const std::vector<std::string>& directories);
  // The mappings/ folder of the source tree (ALS_MAPPINGS_DIR overrides).
  static std::string DefaultDirectory();

  // The concepts a coding belongs to, directly or through a ConceptMap target.
  ConceptSet ConceptsOf(const fhir::CodingView& coding) const;
  // Union over the codings, plus the medication-text map for `text` and displays
  // only when `match_medication_text` (for medications, where EHRs send free text).
  ConceptSet ConceptsOf(const fhir::ConceptView& concept_value, bool match_medication_text = false) const;
  bool HasConcept(std::string_view concept_id) const { return concept_ids_.count(std::string(concept_id)) > 0; }
  // Every coding that belongs to the concept directly (for server searches), sorted.
  std::vector<fhir::Coding> CodesOf(std::string_view concept_id) const;

  // The codings of an action for CarePlan.activity.detail.code: the project
  // action code first, then its standard (SNOMED) targets. Empty when unknown.
  std::vector<fhir::Coding> ActionCodings(std::string_view action) const;
  std::string ActionDisplay(std::string_view action) const;

  // Every file loaded, for messages and conformance tests.
  const std::vector<std::string>& files() const { return files_; }

 private:
  Status LoadFile(const std::string& path);
  Status LoadValueSet(const std::string& path, const rapidjson::Value& json);
  Status LoadConceptMap(const std::string& path, const rapidjson::Value& json);
  Status LoadCodeSystem(const std::string& path, const rapidjson::Value& json);
  // Fills concepts_by_code_ from members_ and mapped_, once every file is loaded.
  void ResolveConceptMaps();
  // Adds the concepts of system|code (directly or through a ConceptMap) to `result`.
  void AddConceptsOf(std::string_view system, std::string_view code, ConceptSet* result) const;

  std::unordered_map<std::string, ConceptSet> members_;                  // "system|code" -> concepts
  std::unordered_map<std::string, std::vector<fhir::Coding>> mapped_;    // "system|code" -> targets
  // "system|code" -> its concepts and those of its ConceptMap targets: one lookup a coding.
  std::unordered_map<std::string, ConceptSet> concepts_by_code_;
  std::set<std::string> concept_ids_;
  std::map<std::string, std::vector<fhir::Coding>> action_targets_;      // action -> standard codings
  std::map<std::string, std::string> action_displays_;
  std::vector<std::string> medication_text_aliases_;  // lowercase, from the medication-text map
  std::vector<std::string> files_;
};

}  // namespace als::terminology

#endif  // ALS_TERMINOLOGY_TERMINOLOGY_H_
