#include "als/guideline/rule.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace als::guideline {

const char* DomainName(Domain domain) {
  switch (domain) {
    case Domain::kDiseaseModifying: return "disease-modifying therapy";
    case Domain::kRespiratory: return "respiratory";
    case Domain::kNutrition: return "nutrition and gastrostomy";
    case Domain::kSymptoms: return "symptoms, cognition and mood";
    case Domain::kCareOrganisation: return "care organisation";
  }
  return "?";
}

RuleContext::RuleContext(const model::PatientRecord& record, model::Day now, const Parameters& parameters,
                         const std::vector<const Rule*>& catalogue)
    : record_(record), now_(now), parameters_(parameters), catalogue_(catalogue) {}

double RuleContext::Param(std::string_view name) const {
  if (evaluating_.empty()) return parameters_.Get(name);
  return parameters_.Get(evaluating_.back(), name);
}

double RuleContext::Shared(std::string_view name) const { return parameters_.Get("shared", name); }

const std::vector<Finding>& RuleContext::FindingsOf(std::string_view rule_id) {
  if (auto it = results_.find(rule_id); it != results_.end()) return it->second;
  auto rule = std::find_if(catalogue_.begin(), catalogue_.end(),
                           [&](const Rule* r) { return r->info.id == rule_id; });
  if (rule == catalogue_.end()) {
    // Another rule asked for one not in this catalogue (a test catalogue): it did not fire.
    return results_[std::string(rule_id)];
  }
  if (std::find(evaluating_.begin(), evaluating_.end(), rule_id) != evaluating_.end()) {
    std::fprintf(stderr, "internal error: rule dependency cycle through '%s'\n", std::string(rule_id).c_str());
    std::abort();
  }
  evaluating_.emplace_back(rule_id);
  std::vector<Finding> findings = (*rule)->evaluate(*this);
  evaluating_.pop_back();
  for (Finding& finding : findings) finding.rule_id = std::string(rule_id);
  return results_[std::string(rule_id)] = std::move(findings);
}

}  // namespace als::guideline
