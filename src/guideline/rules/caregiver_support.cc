// R54 caregiver-support: structured caregiver support from diagnosis when a
// caregiver is recorded; Medium when the patient is cognitively impaired or
// caregiver strain is recorded.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const Entry*> caregivers;
  for (const Entry& entry : record.entries) {
    if (entry.kind == EntryKind::kRelatedPerson && entry.active) caregivers.push_back(&entry);
  }
  if (caregivers.empty()) return {};
  // Support already in place (open or done), or declined recently.
  for (const char* concept_id : {"caregiver-support", "social-work"}) {
    if (care::AnyInvolved(record, concept_id) || RefusedWithin(context, concept_id) != nullptr) return {};
  }

  std::vector<std::string> evidence{record.dx_source};
  std::vector<std::string> who;
  for (const Entry* caregiver : caregivers) {
    who.push_back(caregiver->label.empty() ? caregiver->source : caregiver->label + " (" + caregiver->source + ")");
    evidence.push_back(caregiver->source);
  }
  Criterion heavier;
  Criterion cognition = CognitiveImpairment(context);
  if (cognition.met) {
    care::AddReason(&heavier, "cognitive/behavioural impairment (" + cognition.Reasons() + ")", cognition.evidence);
  }
  for (const Entry* entry : record.FindAny("caregiver-strain")) {
    if (care::HoldsNow(context, *entry, static_cast<int>(context.Param("strain_window_days")))) {
      heavier.Add("caregiver strain recorded: " + care::Describe(*entry), entry->source);
    }
  }
  evidence.insert(evidence.end(), heavier.evidence.begin(), heavier.evidence.end());
  std::string description = "Caregiver on file: " + care::Join(who, ", ") +
                            "; no caregiver-support activity or social-work referral recorded. Offer structured "
                            "caregiver support: counselling, support groups, a crisis plan, respite and social work; "
                            "caregiver training (NIV, feeding).";
  Priority priority = care::Escalate(heavier, Priority::kLow, Priority::kMedium,
                                     "Higher priority because caregiver burden is greater: ", &description);
  description += UnusableNote(record, "caregiver-support") + UnusableNote(record, "caregiver-strain");
  return {Activity("caregiver-support", priority, description, evidence)};
}

}  // namespace

extern const Rule kCaregiverSupport{
    {"caregiver-support", "R54", Domain::kCareOrganisation, "CarePlan activity", Priority::kMedium,
     "Caregiver support from diagnosis (counselling, support groups, crisis plan, respite, social work)",
     "ALS_DX and an active RelatedPerson, and no caregiver-support activity or social-work referral (open or done, "
     "ever) and none declined in the refusal period. Low; Medium with COG_IMPAIRED or caregiver strain (active "
     "Condition, or an Observation within 180 d)",
     "Seed 001_660b7d635bcbe986.txt (\"Implement structured caregiver support from diagnosis, as caregiver burden is "
     "substantial and worsens with behavioral deficits in patients.\"); seed 003_8fed761a79a9fd23.txt (social work)",
     {ParameterSpec{"strain_window_days", 180, "days",
                    "A caregiver-strain Observation at most this old raises the priority to Medium [design]"}}},
    &Evaluate};

}  // namespace als::guideline
