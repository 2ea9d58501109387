// R51 palliative-care-early: palliative-care involvement from diagnosis
// (rules.md C7 and Q17). It proposes involvement of the palliative-care team
// alongside all other care; it is never an enrolment order that could restrict
// equipment or treatment. Escalated to High on the rules.md events.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  // Involved already (referral open or done, palliative encounter), or declined recently.
  if (care::AnyInvolved(record, "palliative-care") || RefusedWithin(context, "palliative-care") != nullptr) return {};

  Criterion escalation;
  for (const Entry* entry : care::Declines(record, "niv-declined", {"niv-device"})) {
    escalation.Add("NIV declined or not tolerated: " + care::Describe(*entry), entry->source);
  }
  if (const Sample* fvc = LatestFvc(context); fvc && fvc->value < context.Param("fvc_high_below_pct")) {
    escalation.Add(DescribeSample(*fvc, Measure::kFvcPercent) + " (below " +
                       FormatNumber(context.Param("fvc_high_below_pct")) + "%)",
                   fvc->source);
  }
  for (const Entry* entry :
       care::Declines(record, "gastrostomy-declined", {"gastrostomy-procedure", "gastrostomy-request"})) {
    escalation.Add("gastrostomy declined: " + care::Describe(*entry), entry->source);
  }
  const int recent = static_cast<int>(context.Param("recent_event_days"));
  for (const Entry* entry : record.FindAny("distress")) {
    if (care::HoldsNow(context, *entry, recent)) escalation.Add("distress recorded: " + care::Describe(*entry), entry->source);
  }
  for (const Entry* entry : care::RecordedAfter(context, "acp-discussion-requested", context.now() - recent, true)) {
    escalation.Add("the patient asked to discuss end-of-life care: " + care::Describe(*entry), entry->source);
  }

  std::vector<std::string> evidence{record.dx_source};
  evidence.insert(evidence.end(), escalation.evidence.begin(), escalation.evidence.end());
  std::string description =
      "ALS diagnosis on file and no palliative-care referral or encounter. Involve palliative care now (specialist "
      "palliative care, or the palliative-care member of the MDT): a palliative approach from the time of diagnosis, "
      "alongside all disease-directed care (NIV, gastrostomy, equipment and therapies continue), not reserved for "
      "end-stage disease; late involvement is the most common and harmful error.";
  Priority priority =
      care::Escalate(escalation, Priority::kMedium, Priority::kHigh, "Higher priority because: ", &description);
  description += UnusableNote(record, "palliative-care") + UnusableNote(record, "fvc-percent-predicted");
  return {Activity("palliative-care-referral", priority, description, evidence)};
}

}  // namespace

extern const Rule kPalliativeCareEarly{
    {"palliative-care-early", "R51", Domain::kCareOrganisation, "CarePlan activity", Priority::kHigh,
     "Palliative-care involvement from diagnosis (not an enrolment order)",
     "ALS_DX and no palliative-care referral (open or completed) or encounter, and none declined in the refusal "
     "period. Medium; High if NIV was declined or not tolerated, the latest FVC_PCT < 30, gastrostomy was declined, "
     "distress is recorded (90 d) or the patient asked to discuss end-of-life care (90 d)",
     "Seed 000_2fbc9b5cc989d561.txt (\"A palliative care approach must be adopted from the time of diagnosis, not "
     "reserved for end-stage disease\"); seed 001_660b7d635bcbe986.txt (\"Late referral to palliative services is "
     "the most common and harmful error\"); NICE NG42 (palliative-care expertise in the MND MDT); NICE QS126 "
     "statement 5 (end-of-life discussion at diagnosis and key stages)",
     {ParameterSpec{"fvc_high_below_pct", 30, "%", "FVC_PCT below this escalates to High"},
      ParameterSpec{"recent_event_days", 90, "days",
                    "Distress or a patient request at most this old escalates to High [design]"}}},
    &Evaluate};

}  // namespace als::guideline
