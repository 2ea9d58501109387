// R46 depression-screen: branch 1 screens for depression/anxiety when no
// screen is recent (Low); branch 2 asks to treat or refer when a screen is
// positive or depression is active and nothing is in place (Medium).
#include "care_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<Finding> findings;

  // Branch 1: no screen (PHQ-9, PHQ-2, HADS, screening procedure) within the interval.
  const int interval = static_cast<int>(context.Param("screen_interval_days"));
  const Sample* phq9 = record.LatestWithin(Measure::kPhq9, context.now(), interval);
  if (phq9 == nullptr && Suppressor(context, "depression-screening", interval) == nullptr) {
    std::string description = "No depression screen (PHQ-9, PHQ-2, HADS or equivalent) recorded in the last " +
                              FormatNumber(interval) +
                              " days. Screen for depression and anxiety; depression is common and treatable. "
                              "Motor items can inflate questionnaire scores in ALS, so interpret with care." +
                              UnusableNote(record, "depression-screening");
    findings.push_back(Activity("depression-screen", Priority::kLow, description, {record.dx_source}));
  }

  // Branch 2: a positive screen within the window, or an active depression Condition.
  const int positive_window = static_cast<int>(context.Param("positive_screen_window_days"));
  Criterion depression;
  for (const Entry* entry : record.Find(EntryKind::kCondition, "depression")) {
    if (entry->active) depression.Add(care::Describe(*entry), entry->source);
  }
  const Entry* latest_screen = nullptr;
  for (const Entry* entry : record.FindAny("depression-screening")) {
    if (entry->kind == EntryKind::kObservation && entry->day && context.now() - *entry->day <= positive_window) {
      latest_screen = entry;  // FindAny keeps the record's day order
    }
  }
  if (latest_screen != nullptr && Contains(latest_screen->value_concepts, "depression-screen-positive")) {
    depression.Add("positive depression screen " + care::Describe(*latest_screen), latest_screen->source);
  }
  for (const Entry* entry : record.Find(EntryKind::kObservation, "depression-screen-positive")) {
    if (care::HoldsNow(context, *entry, positive_window)) {
      depression.Add("positive depression screen " + care::Describe(*entry), entry->source);
    }
  }
  const Sample* latest_phq9 = record.LatestWithin(Measure::kPhq9, context.now(), positive_window);
  if (latest_phq9 != nullptr && latest_phq9->value >= context.Param("phq9_positive_min")) {
    depression.Add(DescribeSample(*latest_phq9, Measure::kPhq9) + " (positive at " +
                       FormatNumber(context.Param("phq9_positive_min")) + " or more)",
                   latest_phq9->source);
  }
  if (!depression.met) return findings;

  bool treated = false;
  for (const MedicationUse* use : record.Medications("antidepressant")) treated = treated || use->current || use->draft;
  const int referral_window = static_cast<int>(context.Param("referral_window_days"));
  if (!treated && Suppressor(context, "psychology-referral", referral_window) == nullptr) {
    std::string description =
        "Depression indicated: " + depression.Reasons() +
        "; no current antidepressant and no psychology or psychiatry referral in the last " +
        FormatNumber(referral_window) +
        " days. Treat (e.g. an SSRI) and/or refer to psychology or psychiatry; offer counselling." +
        UnusableNote(record, "depression") + UnusableNote(record, "antidepressant");
    findings.push_back(Activity("psychology-referral", Priority::kMedium, description, depression.evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kDepressionScreen{
    {"depression-screen", "R46", Domain::kSymptoms, "CarePlan activity", Priority::kMedium,
     "Screen for depression regularly; treat or refer when positive",
     "Branch 1 (Low): ALS_DX and no depression screen (PHQ-9/PHQ-2/HADS/screening procedure) in the last 90 d. "
     "Branch 2 (Medium): a positive screen (coded, or PHQ-9 >= 10) within 90 d or an active depression Condition, "
     "with no current or draft antidepressant and no psychology/psychiatry referral open or done in 180 d",
     "Seed 001_660b7d635bcbe986.txt (\"Screen regularly and treat aggressively, as depression is common and "
     "treatable.\"); seed 003_8fed761a79a9fd23.txt (\"Your doctor may also refer you to psychologists and "
     "psychiatrists if needed.\"); Promoting Excellence ALS report (screen for depression and anxiety; offer "
     "treatment and counselling)",
     {ParameterSpec{"screen_interval_days", 90, "days", "A depression screen is due when none is this recent [design]"},
      ParameterSpec{"positive_screen_window_days", 90, "days",
                    "A positive screen at most this old asks for treatment or referral [design]"},
      ParameterSpec{"phq9_positive_min", 10, "points",
                    "PHQ-9 total at or above this counts as a positive screen (site cut-off; motor items confound "
                    "scores in ALS) [design]"},
      ParameterSpec{"referral_window_days", 180, "days",
                    "A psychology/psychiatry referral completed within this many days counts as in place [design]"}}},
    &Evaluate};

}  // namespace als::guideline
