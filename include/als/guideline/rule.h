// The rule interface. One rule = one small file under src/guideline/rules/
// defining a `const Rule` plus one line in src/guideline/rules/catalogue.inc.
#ifndef ALS_GUIDELINE_RULE_H_
#define ALS_GUIDELINE_RULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "als/guideline/finding.h"
#include "als/guideline/parameters.h"
#include "als/model/patient_record.h"

namespace als::guideline {

enum class Domain { kDiseaseModifying, kRespiratory, kNutrition, kSymptoms, kCareOrganisation };
const char* DomainName(Domain domain);

struct RuleInfo {
  std::string id;      // kebab-case code in the rule CodeSystem: "niv-fvc-lt50"
  std::string number;  // "R23"
  Domain domain = Domain::kCareOrganisation;
  std::string output;  // "CarePlan activity", "Flag", "Flag + CarePlan activity"
  Priority priority = Priority::kMedium;  // default (highest usual) priority
  std::string title;    // one line: "Refer for NIV when FVC < 50% predicted"
  std::string trigger;  // the trigger in words
  std::string citation; // seed file(s) and external source, short
  std::vector<ParameterSpec> parameters;
};

class RuleContext;
using RuleFunction = std::vector<Finding> (*)(RuleContext& context);

struct Rule {
  RuleInfo info;
  RuleFunction evaluate;
};

// A catalogue with what RuleContext looks up on every call resolved once:
// each rule's position by id, and the parameter values of each rule and the
// shared ones by name (no "<rule-id>.<name>" string built per lookup).
class PreparedCatalogue {
 public:
  PreparedCatalogue(const std::vector<const Rule*>& catalogue, const Parameters& parameters);

  const std::vector<const Rule*>& rules() const { return rules_; }
  // The rule's position in rules(), or nullopt when it is not in the catalogue.
  std::optional<size_t> Position(std::string_view rule_id) const;
  // Aborts on an unknown name, as Parameters::Get does.
  double Param(size_t position, std::string_view name) const;
  double Shared(std::string_view name) const;
  const Parameters& parameters() const { return parameters_; }

 private:
  using Values = std::vector<std::pair<std::string, double>>;  // name within the scope, value
  static Values ScopeValues(const Parameters& parameters, std::string_view scope);
  double ValueIn(const Values& values, std::string_view scope, std::string_view name) const;

  const std::vector<const Rule*>& rules_;
  const Parameters& parameters_;
  std::unordered_map<std::string_view, size_t> positions_;
  std::vector<Values> rule_values_;  // by position
  Values shared_values_;
};

// What a rule sees: the record, the evaluation day, its parameters, and the
// results of other rules (evaluated on demand, once per patient).
class RuleContext {
 public:
  RuleContext(const model::PatientRecord& record, model::Day now, const PreparedCatalogue& catalogue);

  const model::PatientRecord& record() const { return record_; }
  model::Day now() const { return now_; }

  // A parameter of the rule being evaluated ("fvc_below_pct").
  double Param(std::string_view name) const;
  // A shared parameter ("fvc_fresh_days").
  double Shared(std::string_view name) const;

  // Findings of another rule for this patient (evaluated now if not yet).
  const std::vector<Finding>& FindingsOf(std::string_view rule_id);
  bool Fired(std::string_view rule_id) { return !FindingsOf(rule_id).empty(); }

  // The findings of the rule at `position` in the catalogue (evaluated now if not yet).
  std::vector<Finding>& FindingsAt(size_t position);

 private:
  enum class State : char { kPending, kEvaluating, kDone };
  static constexpr size_t kNoRule = static_cast<size_t>(-1);

  const model::PatientRecord& record_;
  model::Day now_;
  const PreparedCatalogue& catalogue_;
  std::vector<std::vector<Finding>> results_;  // by catalogue position
  std::vector<State> states_;                  // by catalogue position, for cycle detection
  size_t evaluating_ = kNoRule;                // position of the rule being evaluated, for Param
};

// The catalogue, in rules.md order.
const std::vector<const Rule*>& Catalogue();
const Rule* FindRule(std::string_view rule_id);

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_RULE_H_
