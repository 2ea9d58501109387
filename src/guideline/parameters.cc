#include "als/guideline/parameters.h"

#include <cstdio>
#include <cstdlib>

#include "als/common/file.h"
#include "als/fhir/json.h"
#include "als/guideline/rule.h"

namespace als::guideline {

const std::vector<ParameterSpec>& SharedParameters() {
  static const std::vector<ParameterSpec> kShared = {
      {"fvc_fresh_days", 90, "days", "An FVC % predicted result at most this old is fresh (FVC_PCT)"},
      {"resp_symptom_window_days", 90, "days", "Look-back for RESP_SYMPTOMS and orthopnoea"},
      {"bulbar_window_days", 90, "days", "Look-back for ALSFRS-R bulbar items (BULBAR)"},
      {"alsfrs_item_impaired_max", 3, "points", "An ALSFRS-R item scored at most this counts as impaired [design]"},
      {"weight_latest_max_age_days", 90, "days", "The latest weight for WT_LOSS_PCT must be at most this old"},
      {"weight_base_dx_window_days", 30, "days", "WT_BASE: first weight within this many days of the diagnosis"},
      {"uln_alt_default", 40, "U/L", "ALT upper limit of normal when the result has no referenceRange (Q4)"},
      {"uln_ast_default", 40, "U/L", "AST upper limit of normal when the result has no referenceRange (Q4)"},
      {"uln_bilirubin_default", 1.2, "mg/dL", "Total bilirubin upper limit of normal when none is given (Q4)"},
      {"refusal_suppression_days", 90, "days", "A recorded refusal suppresses the recommendation this long [design]"},
      {"peg_weight_loss_pct", 10, "%", "PEG_INDICATED: WT_LOSS_PCT at or above this (rules.md Notes 1C)"},
      {"gastrostomy_low_risk_fvc_pct", 50, "% predicted", "Gastrostomy routing: fresh FVC at or above this is low risk (R39); below it R40"},
      {"gastrostomy_high_risk_fvc_pct", 30, "% predicted", "Gastrostomy routing: fresh FVC below this is high risk (R41)"},
      {"ecas_impaired_below", 105, "points", "ECAS total below this counts as cognitive impairment (site cut-off) [design]"},
      {"moca_impaired_below", 26, "points", "MoCA total below this counts as cognitive impairment [design]"},
  };
  return kShared;
}

Parameters Parameters::Defaults(const std::vector<const Rule*>& catalogue) {
  Parameters parameters;
  for (const ParameterSpec& spec : SharedParameters()) parameters.values_["shared." + spec.name] = spec.default_value;
  for (const Rule* rule : catalogue) {
    for (const ParameterSpec& spec : rule->info.parameters) {
      parameters.values_[rule->info.id + "." + spec.name] = spec.default_value;
    }
  }
  return parameters;
}

Status Parameters::Override(const rapidjson::Value& json, const std::string& where) {
  if (!json.IsObject()) {
    return MakeError(ErrorCode::kInvalidArgument, where, "parameters must be an object of rule ids (or \"shared\")");
  }
  for (const auto& group : json.GetObject()) {
    std::string group_name(group.name.GetString(), group.name.GetStringLength());
    std::string group_where = where + ": " + group_name;
    if (group_name != "shared" && FindRule(group_name) == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, group_where, "not a rule id in the catalogue, nor \"shared\"");
    }
    if (!group.value.IsObject()) {
      return MakeError(ErrorCode::kInvalidArgument, group_where, "expected an object of parameter names and numbers");
    }
    for (const auto& item : group.value.GetObject()) {
      std::string name = group_name + "." + std::string(item.name.GetString(), item.name.GetStringLength());
      auto it = values_.find(name);
      if (it == values_.end()) {
        std::string known;
        for (const auto& [key, value] : values_) {
          if (key.compare(0, group_name.size() + 1, group_name + ".") == 0) known += (known.empty() ? "" : ", ") + key.substr(group_name.size() + 1);
        }
        return MakeError(ErrorCode::kInvalidArgument, where + ": " + name,
                         "unknown parameter" + (known.empty() ? std::string(" (this rule has none)") : " (known: " + known + ")"));
      }
      if (!item.value.IsNumber()) {
        return MakeError(ErrorCode::kInvalidArgument, where + ": " + name, "expected a number, got " + fhir::Excerpt(item.value));
      }
      it->second = item.value.GetDouble();
    }
  }
  return Status::Ok();
}

Status Parameters::OverrideFromFile(const std::string& path) {
  ALS_ASSIGN_OR_RETURN(std::string content, ReadFile(path, kMaxSettingsFileBytes));
  ALS_ASSIGN_OR_RETURN(rapidjson::Document json, fhir::ParseJson(content, path));
  return Override(json, path);
}

double Parameters::Get(std::string_view full_name) const {
  auto it = values_.find(full_name);
  if (it == values_.end()) {
    std::fprintf(stderr, "internal error: parameter '%.*s' is not declared\n", static_cast<int>(full_name.size()),
                 full_name.data());
    std::abort();
  }
  return it->second;
}

double Parameters::Get(std::string_view scope, std::string_view name) const {
  thread_local std::string full_name;  // rules read parameters per patient: no allocation each time
  full_name.assign(scope).append(1, '.').append(name);
  return Get(full_name);
}

}  // namespace als::guideline
