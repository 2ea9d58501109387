// R39 gastrostomy-refer-fvc-ge50: gastrostomy referral in the low-risk window
// (fresh FVC >= 50%); also the referral when no fresh FVC exists, with the note
// "FVC needed for risk stratification" (rules.md Notes 1C).
#include "nutrition_common.h"

namespace als::guideline {
namespace {

using nutrition::Route;

// The largest FVC in the drop window before the latest one.
const Sample* EarlierPeak(const RuleContext& context, const Sample& latest) {
  const Sample* peak = nullptr;
  for (const Sample& sample : context.record().Series(Measure::kFvcPercent)) {
    bool before = sample.day < latest.day && latest.day - sample.day <= context.Param("fvc_drop_days");
    if (before && (peak == nullptr || sample.value > peak->value)) peak = &sample;
  }
  return peak;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  nutrition::GastrostomyRouting routing = nutrition::RouteGastrostomy(context);
  if (routing.route != Route::kLowRisk && routing.route != Route::kFvcNeeded) return {};
  if (routing.request != nullptr) return {};  // already requested
  std::vector<std::string> evidence = routing.Evidence();
  std::string description = routing.Basis();
  if (routing.route == Route::kFvcNeeded) {
    description += "FVC needed for risk stratification: no FVC/VC % predicted in the last " +
                   FormatNumber(context.Shared("fvc_fresh_days")) + " days" +
                   (routing.last_fvc ? " (last " + DescribeSample(*routing.last_fvc, Measure::kFvcPercent) + ")"
                                     : " (none on file)") +
                   ". Do the respiratory assessment first (resp-monitoring-due), then route the gastrostomy referral "
                   "by FVC (at or above " +
                   FormatNumber(context.Shared("gastrostomy_low_risk_fvc_pct")) +
                   "%: low risk; lower: with respiratory precautions or as a high-risk procedure).";
    description += respiratory::FvcUnusableNote(context.record());
    return {Activity("gastrostomy-referral", Priority::kMedium, description, evidence)};
  }
  Priority priority = Priority::kMedium;
  std::string closing;
  if (routing.fvc->value < context.Param("window_closing_below_pct")) {
    closing = "FVC below " + FormatNumber(context.Param("window_closing_below_pct")) + "%";
  }
  if (const Sample* peak = EarlierPeak(context, *routing.fvc);
      peak && peak->value - routing.fvc->value >= context.Param("fvc_drop_points")) {
    closing += (closing.empty() ? "" : "; ") + std::string("FVC fell ") +
               FormatNumber(peak->value - routing.fvc->value) + " points from " +
               DescribeSample(*peak, Measure::kFvcPercent);
    evidence.push_back(peak->source);
  }
  if (!closing.empty()) priority = Priority::kHigh;
  description += "Gastrostomy referral in the low-risk window (FVC at or above " +
                 FormatNumber(context.Shared("gastrostomy_low_risk_fvc_pct")) +
                 "% predicted): place the tube before "
                 "respiratory function deteriorates further.";
  if (!closing.empty()) description += " Window closing (" + closing + "): refer now.";
  return {Activity("gastrostomy-referral", priority, description, evidence)};
}

}  // namespace

extern const Rule kGastrostomyReferFvcGe50{
    {"gastrostomy-refer-fvc-ge50",
     "R39",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kHigh,
     "Gastrostomy referral in the low-risk window (FVC >= 50%)",
     "PEG_INDICATED, no gastrostomy, no open gastrostomy request, no recent decline, not NIV-dependent, and fresh "
     "FVC_PCT >= 50 (Medium; High when FVC < 60 or fell >= 10 points in 90 days); with no fresh FVC: Medium with the "
     "note \"FVC needed for risk stratification\"",
     "Seed 000_2fbc9b5cc989d561.txt (\"PEG placement should occur before respiratory function significantly "
     "deteriorates, ideally when FVC remains >50% of predicted\"); AAN 2009 (PEG to stabilise weight, Level B; FVC > "
     "50% low risk); EFNS 2012 (gastrostomy before respiratory insufficiency) [60% margin: design]",
     {{"window_closing_below_pct", 60, "% predicted", "A fresh FVC below this (and >= 50) makes the referral High"},
      {"fvc_drop_points", 10, "points", "An FVC fall of at least this within the drop window makes it High [design]"},
      {"fvc_drop_days", 90, "days", "The drop window before the latest FVC [design]"}}},
    &Evaluate};

}  // namespace als::guideline
