// R26 niv-snip-mip: inspiratory muscle weakness (SNIP/MIP, absolute values) is an NIV criterion.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  if (respiratory::NivReferralBlocked(context)) return {};
  double window = context.Param("window_days");
  Criterion weakness;
  const Sample* snip = respiratory::RecentSample(context, Measure::kSnip, window);
  if (snip != nullptr && snip->value < context.Param("snip_below_cmh2o")) {
    weakness.Add(
        DescribeSample(*snip, Measure::kSnip) + " (below " + FormatNumber(context.Param("snip_below_cmh2o")) + ")",
        snip->source);
  }
  const Sample* mip = respiratory::RecentSample(context, Measure::kMip, window);
  if (mip != nullptr && mip->value < context.Param("mip_below_cmh2o")) {
    weakness.Add(DescribeSample(*mip, Measure::kMip) + " as an absolute value (below " +
                     FormatNumber(context.Param("mip_below_cmh2o")) + ")",
                 mip->source);
  }
  if (!weakness.met) return {};
  std::string note = respiratory::UnusableNoteAny(context.record(), {"snip", "mip"});
  return {respiratory::NivReferral(context, "inspiratory muscle weakness: " + weakness.Reasons(),
                                   "Consider NIV (bilevel)." + note, weakness.evidence)};
}

}  // namespace

extern const Rule kNivSnipMip{
    {"niv-snip-mip",
     "R26",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Consider NIV for SNIP < 40 or MIP < 60 cmH2O (absolute values)",
     "Latest SNIP or MIP within 90 days below the cut-off (absolute value, MIP sign normalised) and NOT NIV_ACTIVE, no "
     "NIV refusal in the refusal period and no open NIV request",
     "Seed 000_2fbc9b5cc989d561.txt (NIV criteria); AAN 2009 (SNP < 40 cmH2O, MIP < -60 cmH2O); CHEST 2023; US "
     "Medicare (MIP < 60 cmH2O); NICE CG105 (SNIP < 40)",
     {{"window_days", 90, "days", "SNIP/MIP results at most this old count"},
      {"snip_below_cmh2o", 40, "cmH2O", "SNIP (absolute value) below this is an NIV criterion"},
      {"mip_below_cmh2o", 60, "cmH2O",
       "MIP (absolute value) below this is an NIV criterion (AAN/Medicare; CHEST uses 40)"}}},
    &Evaluate};

}  // namespace als::guideline
