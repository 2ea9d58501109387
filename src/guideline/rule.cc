#include "als/guideline/rule.h"

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

PreparedCatalogue::PreparedCatalogue(const std::vector<const Rule*>& catalogue, const Parameters& parameters)
    : rules_(catalogue), parameters_(parameters), shared_values_(ScopeValues(parameters, "shared")) {
  for (size_t position = 0; position < catalogue.size(); ++position) {
    positions_.emplace(catalogue[position]->info.id, position);
    rule_values_.push_back(ScopeValues(parameters, catalogue[position]->info.id));
  }
}

PreparedCatalogue::Values PreparedCatalogue::ScopeValues(const Parameters& parameters, std::string_view scope) {
  std::string prefix = std::string(scope) + ".";
  Values values;
  for (auto it = parameters.values().lower_bound(prefix);
       it != parameters.values().end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    values.emplace_back(it->first.substr(prefix.size()), it->second);
  }
  return values;
}

double PreparedCatalogue::ValueIn(const Values& values, std::string_view scope, std::string_view name) const {
  for (const auto& [known, value] : values) {
    if (known == name) return value;
  }
  return parameters_.Get(scope, name);  // not declared: Parameters reports it and aborts
}

std::optional<size_t> PreparedCatalogue::Position(std::string_view rule_id) const {
  auto it = positions_.find(rule_id);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

double PreparedCatalogue::Param(size_t position, std::string_view name) const {
  return ValueIn(rule_values_[position], rules_[position]->info.id, name);
}

double PreparedCatalogue::Shared(std::string_view name) const { return ValueIn(shared_values_, "shared", name); }

RuleContext::RuleContext(const model::PatientRecord& record, model::Day now, const PreparedCatalogue& catalogue)
    : record_(record),
      now_(now),
      catalogue_(catalogue),
      results_(catalogue.rules().size()),
      states_(catalogue.rules().size(), State::kPending) {}

double RuleContext::Param(std::string_view name) const {
  if (evaluating_ == kNoRule) return catalogue_.parameters().Get(name);
  return catalogue_.Param(evaluating_, name);
}

double RuleContext::Shared(std::string_view name) const { return catalogue_.Shared(name); }

const std::vector<Finding>& RuleContext::FindingsOf(std::string_view rule_id) {
  std::optional<size_t> position = catalogue_.Position(rule_id);
  if (!position) {
    // Another rule asked for one not in this catalogue (a test catalogue): it did not fire.
    static const std::vector<Finding> kNone;
    return kNone;
  }
  return FindingsAt(*position);
}

std::vector<Finding>& RuleContext::FindingsAt(size_t position) {
  if (states_[position] == State::kDone) return results_[position];
  const Rule& rule = *catalogue_.rules()[position];
  if (states_[position] == State::kEvaluating) {
    std::fprintf(stderr, "internal error: rule dependency cycle through '%s'\n", rule.info.id.c_str());
    std::abort();
  }
  states_[position] = State::kEvaluating;
  size_t caller = evaluating_;
  evaluating_ = position;
  std::vector<Finding> findings = rule.evaluate(*this);
  evaluating_ = caller;
  for (Finding& finding : findings) finding.rule_id = rule.info.id;
  states_[position] = State::kDone;
  return results_[position] = std::move(findings);
}

}  // namespace als::guideline
