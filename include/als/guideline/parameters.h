// Named parameters: every threshold and interval a rule uses, with the
// release-1 default from rules.md, overridable per site by a JSON file.
#ifndef ALS_GUIDELINE_PARAMETERS_H_
#define ALS_GUIDELINE_PARAMETERS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::guideline {

struct ParameterSpec {
  std::string name;  // within its rule ("fvc_below_pct"), or within "shared"
  double default_value = 0;
  std::string unit;  // "%", "days", "x ULN", ...
  std::string description;
};

struct Rule;

// Parameter values by full name: "<rule-id>.<name>" or "shared.<name>".
class Parameters {
 public:
  // The defaults of the shared parameters and of every rule in `catalogue`.
  static Parameters Defaults(const std::vector<const Rule*>& catalogue);

  // Applies overrides from JSON: {"shared": {"fvc_fresh_days": 120},
  // "niv-fvc-lt50": {"fvc_below_pct": 45}}. Unknown rules, unknown names and
  // non-numbers are errors naming `where` and the key.
  Status Override(const rapidjson::Value& json, const std::string& where);
  Status OverrideFromFile(const std::string& path);

  // Aborts on an unknown name: that is a programming error, caught by the rule's tests.
  double Get(std::string_view full_name) const;
  // Get(scope + "." + name).
  double Get(std::string_view scope, std::string_view name) const;
  const std::map<std::string, double, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, double, std::less<>> values_;
};

// The parameters every rule may read (rules.md section 0.4).
const std::vector<ParameterSpec>& SharedParameters();

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_PARAMETERS_H_
