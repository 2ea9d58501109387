// R25 niv-orthopnea: orthopnoea is an NIV criterion whatever the FVC.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  if (respiratory::NivReferralBlocked(context)) return {};
  Criterion orthopnea = Orthopnea(context);
  if (!orthopnea.met) return {};
  std::string recommendation = "Consider NIV (bilevel), whatever the FVC.";
  if (const Sample* fvc = FreshFvc(context)) {
    recommendation += " Latest " + DescribeSample(*fvc, Measure::kFvcPercent) + ".";
  } else {
    recommendation += " No fresh FVC/VC % predicted: get respiratory tests (FVC, SNIP/MIP, SpO2) now.";
  }
  return {respiratory::NivReferral(context, "orthopnoea (" + orthopnea.Reasons() + ")", recommendation,
                                   orthopnea.evidence)};
}

}  // namespace

extern const Rule kNivOrthopnea{
    {"niv-orthopnea",
     "R25",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Consider NIV for orthopnoea, whatever the FVC",
     "Orthopnoea (active Condition, symptom Observation, or ALSFRS-R orthopnoea item <= 3) in the last 90 days and "
     "NOT NIV_ACTIVE, no NIV refusal in the refusal period and no open NIV request",
     "Seed 001_660b7d635bcbe986.txt (\"symptoms of nocturnal hypoventilation, orthopnea, or declining forced vital "
     "capacity\"); AAN 2009 algorithm (\"Orthopnea ... Consider noninvasive ventilation\")",
     {}},
    &Evaluate};

}  // namespace als::guideline
