// R37 dysphagia-strategies: patient/caregiver education on dysphagia strategies.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  Criterion dysphagia = nutrition::ActiveDysphagia(context, context.Shared("alsfrs_item_impaired_max"));
  if (!dysphagia.met) return {};
  if (Suppressor(context, "dysphagia-management", static_cast<int>(context.Param("plan_window_days"))) != nullptr) {
    return {};
  }
  std::string description =
      "Dysphagia (" + dysphagia.Reasons() +
      ") and no dysphagia-management plan on file. Patient and caregiver education: adapt food texture, chin-tuck "
      "posture when swallowing, thicker liquids and semisolid foods with high water content instead of thin "
      "liquids, small frequent meals, fibre for constipation.";
  return {Activity("dysphagia-strategies", Priority::kLow, description, dysphagia.evidence)};
}

}  // namespace

extern const Rule kDysphagiaStrategies{
    {"dysphagia-strategies",
     "R37",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kLow,
     "Dysphagia strategies: texture, chin-tuck, thicker liquids, small frequent meals",
     "Active dysphagia (Condition, or ALSFRS-R swallowing item <= 3 within 90 days) and no dysphagia-management plan "
     "(open, or completed within 180 days) and no recent refusal",
     "Seed 000_2fbc9b5cc989d561.txt (\"adapt food texture to facilitate swallowing, implement chin-tuck postural "
     "maneuvers, and use thicker liquids and semisolid foods with high water content\"); seed "
     "001_660b7d635bcbe986.txt (\"Chin-tuck posture as primary airway protection technique\")",
     {{"plan_window_days", 180, "days",
       "A dysphagia-management plan or education completed within this many days "
       "suppresses [design]"}}},
    &Evaluate};

}  // namespace als::guideline
