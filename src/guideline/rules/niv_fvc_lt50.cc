// R23 niv-fvc-lt50: refer for NIV when a fresh FVC is below 50% predicted.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const Sample* fvc = respiratory::FreshFvcForNiv(context);
  if (fvc == nullptr) return {};
  return {respiratory::NivReferral(context,
                                   "FVC below " + FormatNumber(context.Param("fvc_below_pct")) + "% predicted (" +
                                       DescribeSample(*fvc, Measure::kFvcPercent) + ")",
                                   "Refer for NIV (bilevel) initiation.", {fvc->source})};
}

}  // namespace

extern const Rule kNivFvcLt50{
    {"niv-fvc-lt50",
     "R23",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Refer for NIV when FVC < 50% predicted",
     "ALS_DX and fresh FVC_PCT < 50 and NOT NIV_ACTIVE, no NIV refusal in the refusal period and no open NIV request",
     "Seed 000_2fbc9b5cc989d561.txt (\"Initiate non-invasive ventilation (NIV) when FVC falls below 80% of normal "
     "with symptoms, FVC <50% predicted, or evidence of sleep-disordered breathing\"); AAN 2009 algorithm; CHEST 2023",
     {{"fvc_below_pct", 50, "% predicted", "A fresh FVC/VC % predicted below this is an NIV criterion"}}},
    &Evaluate};

}  // namespace als::guideline
