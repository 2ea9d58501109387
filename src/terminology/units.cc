#include "als/terminology/units.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace als::terminology {
namespace {

struct Conversion {
  std::string_view target;
  std::string_view from;
  double factor;
  double offset;  // value * factor + offset
};

// Every accepted (target, unit) pair. Ratios ("1") for a percentage are
// fractions (0.46 = 46%).
constexpr Conversion kConversions[] = {
    {"%", "%", 1, 0},
    {"%", "1", 100, 0},
    {"%", "{ratio}", 100, 0},
    {"L", "L", 1, 0},
    {"L", "mL", 0.001, 0},
    {"L", "dL", 0.1, 0},
    {"kg", "kg", 1, 0},
    {"kg", "g", 0.001, 0},
    {"kg", "[lb_av]", 0.45359237, 0},
    {"kg", "lb", 0.45359237, 0},
    {"kg", "lbs", 0.45359237, 0},
    {"kg", "[oz_av]", 0.028349523125, 0},
    {"cm", "cm", 1, 0},
    {"cm", "m", 100, 0},
    {"cm", "mm", 0.1, 0},
    {"cm", "[in_i]", 2.54, 0},
    {"cm", "in", 2.54, 0},
    {"kg/m2", "kg/m2", 1, 0},
    {"kg/m2", "kg/m^2", 1, 0},
    {"U/L", "U/L", 1, 0},
    {"U/L", "[IU]/L", 1, 0},
    {"U/L", "IU/L", 1, 0},
    {"U/L", "ukat/L", 60, 0},
    {"U/L", "nkat/L", 0.06, 0},
    {"mg/dL", "mg/dL", 1, 0},
    {"mg/dL", "umol/L", 1 / 17.104, 0},
    {"mg/dL", "µmol/L", 1 / 17.104, 0},
    {"10*9/L", "10*9/L", 1, 0},
    {"10*9/L", "10*3/uL", 1, 0},
    {"10*9/L", "10*3/mm3", 1, 0},
    {"10*9/L", "/uL", 0.001, 0},
    {"10*9/L", "{cells}/uL", 0.001, 0},
    {"10*9/L", "/mm3", 0.001, 0},
    {"cm[H2O]", "cm[H2O]", 1, 0},
    {"cm[H2O]", "cmH2O", 1, 0},
    {"cm[H2O]", "kPa", 10.1972, 0},
    {"cm[H2O]", "mm[Hg]", 1.35951, 0},
    {"mm[Hg]", "mm[Hg]", 1, 0},
    {"mm[Hg]", "mmHg", 1, 0},
    {"mm[Hg]", "kPa", 7.50062, 0},
    {"L/min", "L/min", 1, 0},
    {"L/min", "L/s", 60, 0},
    {"Cel", "Cel", 1, 0},
    {"Cel", "[degF]", 5.0 / 9.0, -32 * 5.0 / 9.0},
    {"min", "min", 1, 0},
    {"min", "h", 60, 0},
    {"min", "s", 1.0 / 60, 0},
    {"{score}", "{score}", 1, 0},
    {"{score}", "{Score}", 1, 0},
    {"{score}", "{points}", 1, 0},
    {"{score}", "1", 1, 0},
    {"{score}", "", 1, 0},
};

// The conversions to `target`, in the order of kConversions. Indexed once by
// target: a conversion runs for every numeric result.
const std::vector<Conversion>& ConversionsTo(std::string_view target) {
  static const auto* const kByTarget = [] {
    auto* by_target = new std::unordered_map<std::string_view, std::vector<Conversion>>();
    for (const Conversion& conversion : kConversions) (*by_target)[conversion.target].push_back(conversion);
    return by_target;
  }();
  static const std::vector<Conversion> kNone;
  auto it = kByTarget->find(target);
  return it == kByTarget->end() ? kNone : it->second;
}

}  // namespace

Result<double> ConvertToUnit(const fhir::QuantityView& quantity, std::string_view target) {
  std::string_view unit = quantity.UnitKey();
  const std::vector<Conversion>& conversions = ConversionsTo(target);
  for (const Conversion& conversion : conversions) {
    if (conversion.from == unit) return quantity.value * conversion.factor + conversion.offset;
  }
  std::string expected;
  for (const Conversion& conversion : conversions) {
    if (conversion.from.empty()) continue;
    if (!expected.empty()) expected += ", ";
    expected += "'" + std::string(conversion.from) + "'";
  }
  if (expected.empty()) {
    return MakeError(ErrorCode::kInternal, "", "no conversions defined for unit '" + std::string(target) + "'");
  }
  std::string shown = unit.empty() ? "no unit" : "unit '" + std::string(unit) + "'";
  return MakeError(ErrorCode::kInvalidData, "",
                   shown + " is not a known unit here (expected one of " + expected + ")");
}

}  // namespace als::terminology
