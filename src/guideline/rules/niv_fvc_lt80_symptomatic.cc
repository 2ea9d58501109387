// R24 niv-fvc-lt80-symptomatic: refer a symptomatic patient for NIV at FVC < 80%,
// without waiting for FVC < 50% (C3, CHEST 2023).
#include "respiratory_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const Sample* fvc = respiratory::FreshFvcForNiv(context);
  if (fvc == nullptr) return {};
  Criterion symptoms = RespiratorySymptoms(context);
  if (!symptoms.met) return {};
  return {respiratory::NivReferral(
      context,
      "FVC below " + FormatNumber(context.Param("fvc_below_pct")) + "% predicted with respiratory symptoms (" +
          DescribeSample(*fvc, Measure::kFvcPercent) + "; symptoms: " + symptoms.Reasons() + ")",
      "Refer for NIV (bilevel) initiation now; a symptomatic patient does not wait for FVC < 50%.",
      respiratory::EvidenceOf(symptoms, {fvc->source}))};
}

}  // namespace

extern const Rule kNivFvcLt80Symptomatic{
    {"niv-fvc-lt80-symptomatic",
     "R24",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Refer for NIV when FVC < 80% predicted with respiratory symptoms",
     "Fresh FVC_PCT < 80 and RESP_SYMPTOMS (90 days) and NOT NIV_ACTIVE, no NIV refusal in the refusal period and no "
     "open NIV request",
     "Seed 000_2fbc9b5cc989d561.txt (\"when FVC falls below 80% of normal with symptoms\"); seed "
     "001_660b7d635bcbe986.txt (\"Initiate NIV when respiratory dysfunction develops\"); CHEST 2023 (FVC < 80% with "
     "symptoms)",
     {{"fvc_below_pct", 80, "% predicted",
       "A fresh FVC/VC % predicted below this, with symptoms, is an NIV criterion"}}},
    &Evaluate};

}  // namespace als::guideline
