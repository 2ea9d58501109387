// R48 cognitive-impairment-safety: when cognitive/behavioural impairment is
// newly recorded, alert the team (decisions, NIV/PEG compliance, falls,
// choking, injury) and propose an OT home-safety assessment. It annotates;
// it never withholds any other recommendation (rules.md C12).
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  care::CognitiveStatus cognition = care::CognitiveOnset(context);
  if (!cognition.criterion.met || !cognition.since) return {};
  const int new_within = static_cast<int>(context.Param("new_within_days"));
  if (context.now() - *cognition.since > new_within) return {};

  const std::string found = "Cognitive or behavioural impairment newly recorded (first recorded " +
                            fhir::FormatDay(*cognition.since) + "): " + cognition.criterion.Reasons() + ".";
  std::vector<Finding> findings;
  findings.push_back(Alert(
      "clinical", Priority::kMedium, "ALS with cognitive/behavioural impairment: safety and decision-making",
      found + " Executive dysfunction raises the risk of falls, choking episodes and injuries, can reduce compliance "
              "with NIV, gastrostomy feeding and other assistive devices, and may affect decision-making capacity: "
              "assess capacity for each decision, involve the caregiver, revisit advance care planning now, and "
              "individualise NIV and gastrostomy plans. Do not withhold NIV, gastrostomy or other treatment on this "
              "ground alone.",
      cognition.criterion.evidence));

  // The OT home-safety assessment, unless OT is already involved since the impairment was recorded.
  bool ot_in_place = OpenRequest(record, "occupational-therapy") != nullptr ||
                     RefusedWithin(context, "occupational-therapy") != nullptr;
  if (std::optional<Day> ot = care::LastInvolved(record, "occupational-therapy"); ot && *ot >= *cognition.since) {
    ot_in_place = true;
  }
  if (!ot_in_place) {
    findings.push_back(Activity("home-safety-ot", Priority::kMedium,
                                found + " Refer to occupational therapy for a home-safety assessment (falls, choking "
                                        "and injury risk; supervision; adaptations).",
                                cognition.criterion.evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kCognitiveImpairmentSafety{
    {"cognitive-impairment-safety", "R48", Domain::kSymptoms, "Flag + CarePlan activity", Priority::kMedium,
     "Newly recorded cognitive/behavioural impairment: safety alert and OT home-safety assessment",
     "COG_IMPAIRED (active FTD/ALSci/ALSbi/dementia Condition, latest ECAS/MoCA below the cut-off, or a screen coded "
     "abnormal) first recorded within the last 90 d (the earliest of Condition.recordedDate/onset and the first screen "
     "of the trailing abnormal run). Flag always; OT home-safety activity unless an OT referral is open, declined, or "
     "done since the impairment was recorded",
     "Seed 000_2fbc9b5cc989d561.txt (\"Patients with executive dysfunction are at higher risk of falls, choking "
     "episodes, and injuries\"); seed 001_660b7d635bcbe986.txt (\"Executive dysfunction increases risk of falls, "
     "choking episodes, and injuries, and reduces compliance with assistive devices.\"); NICE QS126 (cognitive change "
     "may affect the ability to make decisions and plan ahead)",
     {ParameterSpec{"new_within_days", 90, "days",
                    "COG_IMPAIRED first recorded at most this many days ago counts as newly recorded [design]"}}},
    &Evaluate};

}  // namespace als::guideline
