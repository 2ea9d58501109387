#include "als/guideline/engine.h"

namespace als::guideline {

RuleEngine::RuleEngine(Parameters parameters, const std::vector<const Rule*>& catalogue)
    : parameters_(std::move(parameters)), catalogue_(catalogue) {}

std::vector<Finding> RuleEngine::Evaluate(const model::PatientRecord& record, model::Day now) const {
  std::vector<Finding> all;
  if (!record.has_als_diagnosis) return all;
  RuleContext context(record, now, parameters_, catalogue_);
  for (const Rule* rule : catalogue_) {
    for (Finding finding : context.FindingsOf(rule->info.id)) {
      finding.description += " Source: " + rule->info.citation;
      all.push_back(std::move(finding));
    }
  }
  return all;
}

}  // namespace als::guideline
