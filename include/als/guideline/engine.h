// Evaluates the catalogue for one patient.
#ifndef ALS_GUIDELINE_ENGINE_H_
#define ALS_GUIDELINE_ENGINE_H_

#include <vector>

#include "als/guideline/finding.h"
#include "als/guideline/parameters.h"
#include "als/guideline/rule.h"
#include "als/model/patient_record.h"

namespace als::guideline {

class RuleEngine {
 public:
  explicit RuleEngine(Parameters parameters, const std::vector<const Rule*>& catalogue = Catalogue());
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Every finding of every rule, in catalogue order, with rule_id set and the
  // rule's citation appended to each description. A patient without an ALS
  // diagnosis gets none (design.md section 4).
  std::vector<Finding> Evaluate(const model::PatientRecord& record, model::Day now) const;

  const Parameters& parameters() const { return parameters_; }
  const std::vector<const Rule*>& catalogue() const { return catalogue_; }

 private:
  Parameters parameters_;
  const std::vector<const Rule*>& catalogue_;
  PreparedCatalogue prepared_;  // refers to parameters_ and catalogue_
};

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_ENGINE_H_
