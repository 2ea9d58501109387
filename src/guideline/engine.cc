#include "als/guideline/engine.h"

namespace als::guideline {

RuleEngine::RuleEngine(Parameters parameters, const std::vector<const Rule*>& catalogue)
    : parameters_(std::move(parameters)), catalogue_(catalogue), prepared_(catalogue_, parameters_) {}

std::vector<Finding> RuleEngine::Evaluate(const model::PatientRecord& record, model::Day now) const {
  std::vector<Finding> all;
  if (!record.has_als_diagnosis) return all;
  RuleContext context(record, now, prepared_);
  for (size_t position = 0; position < catalogue_.size(); ++position) context.FindingsAt(position);
  // Every rule has run (the later ones may have read the earlier ones' findings): move them out.
  for (size_t position = 0; position < catalogue_.size(); ++position) {
    for (Finding& finding : context.FindingsAt(position)) {
      finding.description += " Source: " + catalogue_[position]->info.citation;
      all.push_back(std::move(finding));
    }
  }
  return all;
}

}  // namespace als::guideline
