// R42 gastrostomy-cognition: cognitive impairment annotates the gastrostomy
// decision; it never blocks it (C12).
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  std::string considered;
  std::vector<std::string> evidence;
  for (const char* rule_id :
       {"gastrostomy-discuss-early", "gastrostomy-refer-fvc-ge50", "gastrostomy-fvc-30to50", "gastrostomy-fvc-lt30"}) {
    if (context.Fired(rule_id)) considered += (considered.empty() ? "" : ", ") + std::string(rule_id);
  }
  if (const Entry* request = OpenRequest(context.record(), "gastrostomy-request")) {
    considered += (considered.empty() ? "" : "; ") + std::string("open request ") + DescribeEntry(*request);
    evidence.push_back(request->source);
  }
  if (considered.empty()) return {};
  Criterion impaired = CognitiveImpairment(context);
  if (!impaired.met) return {};
  return {Alert("clinical", Priority::kMedium, "Individualise the gastrostomy decision: cognitive impairment",
                "Gastrostomy being considered (" + considered + ") with cognitive or behavioural impairment (" +
                    impaired.Reasons() +
                    "). Individualise: assess capacity (or best interests), involve the caregiver; compliance may be "
                    "poor. Do not withhold gastrostomy on this ground alone.",
                respiratory::EvidenceOf(impaired, evidence))};
}

}  // namespace

extern const Rule kGastrostomyCognition{
    {"gastrostomy-cognition",
     "R42",
     Domain::kNutrition,
     "Flag",
     Priority::kMedium,
     "Cognitive impairment: individualise the gastrostomy decision (never block it)",
     "A gastrostomy is being considered (gastrostomy-discuss-early, gastrostomy-refer-fvc-ge50, gastrostomy-fvc-30to50 "
     "or gastrostomy-fvc-lt30 fired, or a gastrostomy request is draft/active) and COG_IMPAIRED",
     "Seed 001_660b7d635bcbe986.txt (\"carefully evaluate in patients with significant cognitive or behavioral "
     "deficits, as compliance may be poor\" and \"Insistence on NIV or feeding tube placement ... should be evaluated "
     "individually\"); French consensus; C12 (annotate, never suppress)",
     {}},
    &Evaluate};

}  // namespace als::guideline
