#include "als/guideline/rule.h"

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
  for (const Rule* rule : Catalogue()) {
    if (rule->info.id == rule_id) return rule;
  }
  return nullptr;
}

}  // namespace als::guideline
