// Shared pieces of the nutrition, swallowing and gastrostomy rules (R32-R42).
#ifndef ALS_GUIDELINE_RULES_NUTRITION_COMMON_H_
#define ALS_GUIDELINE_RULES_NUTRITION_COMMON_H_

#include <string>
#include <vector>

#include "respiratory_common.h"

namespace als::guideline::nutrition {

// A gastrostomy in place: an active status Condition, a completed placement
// Procedure, a gastrostomy device in use, or an Observation saying so.
const Entry* GastrostomyPresent(const RuleContext& context);

// A dietitian referral is not re-proposed: an open dietitian request, a recent
// refusal, or a dietitian contact (assessment, encounter) on or after `since`.
const Entry* DietitianAlreadyInvolved(const RuleContext& context, Day since);

// "7.5% from usual/premorbid weight 80 kg (2025-01-01) to 74 kg (2026-05-01)".
std::string DescribeLoss(const WeightLoss& loss);

// Active dysphagia: an active dysphagia Condition, or the ALSFRS-R swallowing
// item at or below `max_item` within the BULBAR window.
Criterion ActiveDysphagia(const RuleContext& context, double max_item);

// Gastrostomy routing by the SAME fresh FVC (rules.md Notes 1C): R39 (>= 50% or
// FVC needed), R40 (30-50%), R41 (< 30% or NIV-dependent). The cut-offs are the
// shared parameters gastrostomy_low_risk_fvc_pct and gastrostomy_high_risk_fvc_pct.
enum class Route { kNone, kFvcNeeded, kLowRisk, kModerateRisk, kHighRisk };

struct GastrostomyRouting {
  Route route = Route::kNone;
  Criterion indication;              // PEG_INDICATED
  const Entry* request = nullptr;    // an open gastrostomy request
  const Sample* fvc = nullptr;       // the fresh FVC that routes
  const Sample* last_fvc = nullptr;  // the latest FVC when none is fresh
  const Entry* niv_dependent = nullptr;

  // "PEG indicated (...); open gastrostomy request (...)" and the FVC, in words.
  std::string Basis() const;
  std::vector<std::string> Evidence() const;
};

// kNone when a gastrostomy is in place, it was declined recently (and not
// requested since), or neither PEG_INDICATED nor an open request holds.
GastrostomyRouting RouteGastrostomy(RuleContext& context);

}  // namespace als::guideline::nutrition

#endif  // ALS_GUIDELINE_RULES_NUTRITION_COMMON_H_
