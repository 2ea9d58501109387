// The rule interface. One rule = one small file under src/guideline/rules/
// defining a `const Rule` plus one line in src/guideline/rules/catalogue.inc.
#ifndef ALS_GUIDELINE_RULE_H_
#define ALS_GUIDELINE_RULE_H_

#include <map>
#include <string>
#include <string_view>
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

// What a rule sees: the record, the evaluation day, its parameters, and the
// results of other rules (evaluated on demand, once per patient).
class RuleContext {
 public:
  RuleContext(const model::PatientRecord& record, model::Day now, const Parameters& parameters,
              const std::vector<const Rule*>& catalogue);

  const model::PatientRecord& record() const { return record_; }
  model::Day now() const { return now_; }

  // A parameter of the rule being evaluated ("fvc_below_pct").
  double Param(std::string_view name) const;
  // A shared parameter ("fvc_fresh_days").
  double Shared(std::string_view name) const;

  // Findings of another rule for this patient (evaluated now if not yet).
  const std::vector<Finding>& FindingsOf(std::string_view rule_id);
  bool Fired(std::string_view rule_id) { return !FindingsOf(rule_id).empty(); }

 private:
  const model::PatientRecord& record_;
  model::Day now_;
  const Parameters& parameters_;
  const std::vector<const Rule*>& catalogue_;
  std::map<std::string, std::vector<Finding>, std::less<>> results_;
  std::vector<std::string> evaluating_;  // stack, for parameters and cycle detection
};

// The catalogue, in rules.md order.
const std::vector<const Rule*>& Catalogue();
const Rule* FindRule(std::string_view rule_id);

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_RULE_H_
