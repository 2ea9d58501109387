// R34 weight-loss-ge10: >= 10% weight loss: malnutrition Flag and dietitian + gastrostomy referral.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  std::optional<WeightLoss> loss = WeightLossPercent(context);
  if (!loss || loss->percent < context.Param("loss_min_pct")) return {};
  std::vector<std::string> evidence{loss->latest.source, loss->base.source};
  std::string found = "Weight loss " + nutrition::DescribeLoss(*loss) + ", at least " +
                      FormatNumber(context.Param("loss_min_pct")) + "%.";
  bool has_tube = nutrition::GastrostomyPresent(context) != nullptr;
  std::vector<Finding> findings{
      Alert("diet", Priority::kHigh, "At least 10% weight loss: malnutrition; gastrostomy timing factor",
            found + (has_tube ? " Malnutrition with a gastrostomy in place: review the feeding regimen."
                              : " Malnutrition, and a gastrostomy timing factor: route the gastrostomy referral by FVC "
                                "(gastrostomy-refer-fvc-ge50, gastrostomy-fvc-30to50, gastrostomy-fvc-lt30)."),
            evidence)};
  if (nutrition::DietitianAlreadyInvolved(context, loss->latest.day) == nullptr) {
    findings.push_back(
        Activity("dietitian-referral", Priority::kHigh,
                 found + " Dietitian: calorie and protein enrichment, small frequent meals" +
                     (has_tube ? "; review the tube-feeding regimen." : "; with a gastrostomy referral routed by FVC."),
                 evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kWeightLossGe10{
    {"weight-loss-ge10",
     "R34",
     Domain::kNutrition,
     "Flag + CarePlan activity",
     Priority::kHigh,
     "Weight loss of 10% or more: malnutrition Flag, dietitian and gastrostomy referral",
     "WT_LOSS_PCT >= 10 (latest weight at most 90 days old against WT_BASE); the dietitian activity is not repeated "
     "when a dietitian referral is open, was refused recently, or a dietitian contact is recorded since that weight",
     "Seed 001_660b7d635bcbe986.txt (\"Implement early nutritional interventions before significant weight loss "
     "occurs\"); seed 000_2fbc9b5cc989d561.txt (nutrition assessment sentence); EFNS/EALSC good practice (weight loss "
     "> 10%); ProGas",
     {{"loss_min_pct", 10, "%", "Weight loss from WT_BASE at or above this fires"}}},
    &Evaluate};

}  // namespace als::guideline
