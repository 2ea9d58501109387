#include "als/guideline/rule.h"

#include <unordered_map>

namespace als::guideline {

#define ALS_RULE(name) extern const Rule name;
#include "rules/catalogue.inc"
#undef ALS_RULE

const std::vector<const Rule*>& Catalogue() {
#define ALS_RULE(name) &name,
  static const std::vector<const Rule*> kCatalogue = {
#include "rules/catalogue.inc"
  };
#undef ALS_RULE
  return kCatalogue;
}

const Rule* FindRule(std::string_view rule_id) {
  // The output looks up the title of every rule it names.
  static const std::unordered_map<std::string_view, const Rule*> kById = [] {
    std::unordered_map<std::string_view, const Rule*> by_id;
    for (const Rule* rule : Catalogue()) by_id.emplace(rule->info.id, rule);
    return by_id;
  }();
  auto it = kById.find(rule_id);
  return it == kById.end() ? nullptr : it->second;
}

}  // namespace als::guideline
