// R49 symptom-review: a structured review of cramps, spasticity, pain,
// constipation, sleep and fatigue every 90 days. AAN 2009 rates the evidence
// for cramp and spasticity treatments U (insufficient), so the activity names
// no drug for them.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const int interval = static_cast<int>(context.Param("review_interval_days"));
  if (Suppressor(context, "symptom-review", interval) != nullptr) return {};
  std::optional<Day> last = care::LastInvolved(record, "symptom-review");
  std::string description =
      std::string(last ? "Last structured symptom review on " + fhir::FormatDay(*last) + ", more than "
                       : "No structured symptom review on file in the last ") +
      FormatNumber(interval) + " days" + (last ? " ago" : "") +
      ". Review cramps, spasticity, pain, constipation, sleep and fatigue at the MDT visit: medication and/or "
      "physical therapy for cramps and spasticity as the clinician judges (evidence for specific treatments is "
      "insufficient); a pain plan; fibre, fluids and laxatives for constipation." +
      UnusableNote(record, "symptom-review");
  return {Activity("symptom-review", Priority::kLow, description, {record.dx_source})};
}

}  // namespace

extern const Rule kSymptomReview{
    {"symptom-review", "R49", Domain::kSymptoms, "CarePlan activity", Priority::kLow,
     "Structured symptom review (cramps, spasticity, pain, constipation, sleep, fatigue) every 90 days",
     "ALS_DX and no structured symptom review (Encounter, Procedure or Observation) in the last 90 d, and none "
     "open or declined",
     "Seed 001_660b7d635bcbe986.txt (\"Address with appropriate pharmacotherapy and physical therapy "
     "interventions.\" and \"Despite being a motor neuron disease, pain management is an important component of "
     "care.\"); seed 003_8fed761a79a9fd23.txt (\"Pain, muscle cramps, spasms ... Constipation\"); AAN 2009 "
     "(insufficient data for any specific treatment of cramps or spasticity, Level U)",
     {ParameterSpec{"review_interval_days", 90, "days", "A symptom review is due when none is this recent [design]"}}},
    &Evaluate};

}  // namespace als::guideline
