// R45 pba-treat: treat pseudobulbar affect when it is recorded and untreated.
#include "care_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const int window = static_cast<int>(context.Param("observation_window_days"));
  Criterion pba;
  // Active Condition, or an Observation of uncontrolled crying or laughing.
  care::AddHolding(context, "pseudobulbar-affect", window, &pba);
  // The latest PBA screen (e.g. CNS-LS) within the window, when it is reported positive.
  const Entry* latest_screen = nullptr;
  for (const Entry* entry : record.FindAny("pba-screen")) {
    if (entry->kind == EntryKind::kObservation && entry->day && context.now() - *entry->day <= window &&
        (latest_screen == nullptr || *entry->day >= *latest_screen->day)) {
      latest_screen = entry;
    }
  }
  if (latest_screen != nullptr && Contains(latest_screen->value_concepts, "pba-screen-positive")) {
    pba.Add("positive PBA screen " + care::Describe(*latest_screen), latest_screen->source);
  }
  for (const Entry* entry : record.Find(EntryKind::kObservation, "pba-screen-positive")) {
    if (care::HoldsNow(context, *entry, window)) pba.Add("positive PBA screen " + care::Describe(*entry), entry->source);
  }
  if (!pba.met) return {};

  // Treated already (dextromethorphan/quinidine, an SSRI or a TCA), proposed, or declined recently.
  const int refusal_days = static_cast<int>(context.Shared("refusal_suppression_days"));
  for (const MedicationUse* use : record.Medications("pba-treatment")) {
    if (use->current || use->draft) return {};
    std::optional<Day> day = use->start ? use->start : use->authored;
    if (use->status == "not-taken" && day && context.now() - *day <= refusal_days) return {};
  }

  std::string description =
      "Pseudobulbar affect (uncontrolled crying or laughing) recorded: " + pba.Reasons() +
      "; no current treatment (dextromethorphan/quinidine, SSRI or tricyclic antidepressant). Treat PBA: consider "
      "dextromethorphan 20 mg/quinidine 10 mg, or an SSRI or tricyclic antidepressant; check drug interactions and "
      "the QT interval (quinidine) before starting." +
      UnusableNote(record, "pseudobulbar-affect") + UnusableNote(record, "pba-screen");
  return {Activity("pba-treatment", Priority::kMedium, description, pba.evidence)};
}

}  // namespace

extern const Rule kPbaTreat{
    {"pba-treat", "R45", Domain::kSymptoms, "CarePlan activity", Priority::kMedium,
     "Treat pseudobulbar affect (dextromethorphan/quinidine, or an SSRI/TCA)",
     "Active pseudobulbar-affect Condition, or an Observation of uncontrolled crying/laughing or a positive PBA screen "
     "within 90 d; and no current or draft dextromethorphan/quinidine, SSRI or TCA (and none declined in the refusal "
     "period)",
     "Seed 001_660b7d635bcbe986.txt (\"Recognize and treat this common symptom that impacts quality of life.\"); seed "
     "003_8fed761a79a9fd23.txt (\"Uncontrolled outbursts of crying or laughing\"); AAN 2009 (dextromethorphan "
     "20 mg/quinidine 10 mg should be considered for pseudobulbar affect, Level B)",
     {ParameterSpec{"observation_window_days", 90, "days",
                    "Look-back for an Observation of uncontrolled crying/laughing or a PBA screen [design]"}}},
    &Evaluate};

}  // namespace als::guideline
