// R33 weight-loss-5to10: 5-10% weight loss from WT_BASE: dietitian, open the gastrostomy discussion.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  std::optional<WeightLoss> loss = WeightLossPercent(context);
  if (!loss || loss->percent < context.Param("loss_min_pct") || loss->percent >= context.Param("loss_below_pct")) {
    return {};
  }
  if (nutrition::DietitianAlreadyInvolved(context, loss->latest.day) != nullptr) return {};
  std::string description =
      "Weight loss " + nutrition::DescribeLoss(*loss) + " (" + FormatNumber(context.Param("loss_min_pct")) + "-" +
      FormatNumber(context.Param("loss_below_pct")) +
      "%). Dietitian: calorie and protein enrichment (high-calorie meal enrichment before commercial supplements), "
      "small frequent meals; act before significant weight loss.";
  if (nutrition::GastrostomyPresent(context) == nullptr) {
    description += " Open the gastrostomy discussion (gastrostomy-discuss-early).";
  }
  return {Activity("dietitian-referral", Priority::kMedium, description, {loss->latest.source, loss->base.source})};
}

}  // namespace

extern const Rule kWeightLoss5to10{
    {"weight-loss-5to10",
     "R33",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kMedium,
     "Weight loss 5-10% from usual weight: dietitian and gastrostomy discussion",
     "5 <= WT_LOSS_PCT < 10 (latest weight at most 90 days old against WT_BASE); not when a dietitian referral is "
     "open, was refused recently, or a dietitian contact is recorded since that weight",
     "Seed 001_660b7d635bcbe986.txt (\"Implement early nutritional interventions before significant weight loss "
     "occurs\" and \"Recommend high-calorie meal enrichment before resorting to commercial supplements\"); French "
     "nutrition review (5-10% loss = malnutrition criterion) [5% threshold: design]",
     {{"loss_min_pct", 5, "%", "Weight loss from WT_BASE at or above this fires"},
      {"loss_below_pct", 10, "%", "Weight loss at or above this is weight-loss-ge10 instead"}}},
    &Evaluate};

}  // namespace als::guideline
