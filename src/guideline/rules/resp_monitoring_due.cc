// R22 resp-monitoring-due: respiratory assessment due at 90 days, overdue at 180 (C10).
#include "respiratory_common.h"

namespace als::guideline {
namespace {

using respiratory::FvcUnusableNote;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  double due_days = context.Param("due_days");
  double overdue_days = context.Param("overdue_days");
  const Sample* latest = LatestFvc(context);
  if (latest != nullptr && context.now() - latest->day <= due_days) return {};
  // Suppression (rules.md 0.4): an open order or a recent refusal. A completed
  // test without a recorded value does not suppress: the value itself is what
  // the NIV and gastrostomy rules need.
  for (const char* concept_id : {"respiratory-function-test", "respiratory-therapist-referral"}) {
    if (OpenRequest(record, concept_id) != nullptr || RefusedWithin(context, concept_id) != nullptr) return {};
  }

  bool overdue = latest == nullptr || context.now() - latest->day > overdue_days;
  std::string description;
  std::vector<std::string> evidence;
  if (latest == nullptr) {
    description = "No FVC or VC % predicted result on file.";
    evidence.push_back(record.dx_source);
  } else {
    description = "Last " + DescribeSample(*latest, Measure::kFvcPercent) + ", " +
                  std::to_string(context.now() - latest->day) + " days ago.";
    evidence.push_back(latest->source);
  }
  description += overdue
                     ? " Respiratory monitoring is overdue (none in " + FormatNumber(overdue_days) + " days or never)."
                     : " Respiratory monitoring is due (every " + FormatNumber(due_days) + " days).";
  description +=
      " Respiratory assessment: FVC or VC % predicted (upright, and supine if possible), SNIP and/or MIP, SpO2, and a "
      "review of respiratory symptoms (breathlessness, orthopnoea, disturbed sleep, morning headache, daytime "
      "sleepiness); peak cough flow if the cough is weak.";
  for (const Entry* done : EntriesSince(record, "respiratory-function-test", latest ? latest->day + 1 : 0)) {
    if (done->completed) {
      description += " A respiratory function test is recorded (" + DescribeEntry(*done) +
                     ") but no FVC/VC % predicted result: record the result.";
      evidence.push_back(done->source);
      break;
    }
  }
  if (Criterion bulbar = Bulbar(context); bulbar.met) {
    description +=
        " Bulbar involvement (" + bulbar.Reasons() + "): FVC may be unreliable with mask leak, so add SNIP and SpO2.";
  }
  description += FvcUnusableNote(record);
  return {Activity("respiratory-assessment", overdue ? Priority::kHigh : Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kRespMonitoringDue{
    {"resp-monitoring-due",
     "R22",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Respiratory assessment due every 90 days (overdue at 180 days)",
     "ALS_DX and no FVC/VC % predicted in the last 90 days (Medium); none in 180 days or never (High); not when a "
     "respiratory function test is already ordered or was refused recently",
     "Seed 003_8fed761a79a9fd23.txt (\"A respiratory therapist will test your breathing regularly\"); NICE QS126 "
     "statement 2 (every 2 to 3 months); AAN 2009 (clinic visits every 3 months); CHEST 2023 (PFT at least every 6 "
     "months)",
     {{"due_days", 90, "days", "FVC/VC % predicted older than this: assessment due (Medium)"},
      {"overdue_days", 180, "days", "None within this many days, or never: overdue (High) (C10)"}}},
    &Evaluate};

}  // namespace als::guideline
