// R47 cognitive-screen: every ALS patient gets a cognitive and behavioural
// screen after diagnosis (rules.md C9: screen everyone), and a re-screen when
// the last one is old and an NIV or gastrostomy decision is pending, or when
// the caregiver reports a change.
#include "care_common.h"

namespace als::guideline {
namespace {

struct Screen {
  Day day = 0;
  std::string what;
  std::string source;
};

// The latest cognitive/behavioural screen on file (Observation, Procedure,
// QuestionnaireResponse, or an ECAS/MoCA score).
std::optional<Screen> LatestScreen(const PatientRecord& record) {
  std::optional<Screen> latest;
  auto consider = [&latest](Day day, std::string what, const std::string& source) {
    if (!latest || day > latest->day) latest = Screen{day, std::move(what), source};
  };
  for (const Entry* entry : record.FindAny("cognitive-screen")) {
    bool done = entry->kind == EntryKind::kObservation || entry->completed ||
                (entry->kind == EntryKind::kDiagnosticReport && entry->active);
    if (done && entry->day && !entry->refused) consider(*entry->day, care::Describe(*entry), entry->source);
  }
  for (Measure measure : {Measure::kEcas, Measure::kMoca}) {
    if (const Sample* sample = record.Latest(measure)) consider(sample->day, DescribeSample(*sample, measure), sample->source);
  }
  return latest;
}

// NIV or gastrostomy decisions pending: one of those rules fires now, or a
// draft NIV order / open gastrostomy request waits.
std::vector<std::string> PendingDecisions(RuleContext& context, std::vector<std::string>* evidence) {
  std::vector<std::string> pending;
  // Literal ids, so that the terminology consistency test checks them against the catalogue.
  const std::vector<std::pair<const char*, bool>> fired = {
      {"NIV (niv-fvc-lt50)", context.Fired("niv-fvc-lt50")},
      {"NIV (niv-fvc-lt80-symptomatic)", context.Fired("niv-fvc-lt80-symptomatic")},
      {"NIV (niv-orthopnea)", context.Fired("niv-orthopnea")},
      {"NIV (niv-snip-mip)", context.Fired("niv-snip-mip")},
      {"NIV (niv-sleep-hypoventilation)", context.Fired("niv-sleep-hypoventilation")},
      {"gastrostomy (gastrostomy-refer-fvc-ge50)", context.Fired("gastrostomy-refer-fvc-ge50")},
      {"gastrostomy (gastrostomy-fvc-30to50)", context.Fired("gastrostomy-fvc-30to50")},
      {"gastrostomy (gastrostomy-fvc-lt30)", context.Fired("gastrostomy-fvc-lt30")},
  };
  for (const auto& [what, yes] : fired) {
    if (yes) pending.push_back(what);
  }
  const PatientRecord& record = context.record();
  for (const Entry* entry : record.Find(EntryKind::kDeviceRequest, "niv-device")) {
    if (entry->status == "draft") {
      pending.push_back("NIV (draft order " + entry->source + ")");
      evidence->push_back(entry->source);
    }
  }
  for (const Entry* entry : record.Find(EntryKind::kServiceRequest, "gastrostomy-request")) {
    if (entry->active) {
      pending.push_back("gastrostomy (open request " + entry->source + ")");
      evidence->push_back(entry->source);
    }
  }
  return pending;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  // An ordered screen, or one the patient declined recently, is in hand.
  if (OpenRequest(record, "cognitive-screen") != nullptr || RefusedWithin(context, "cognitive-screen") != nullptr) {
    return {};
  }
  std::optional<Screen> latest = LatestScreen(record);
  std::vector<std::string> evidence{record.dx_source};
  std::string description;
  if (!latest || (record.dx_date && latest->day < *record.dx_date)) {
    description = "No cognitive or behavioural screen on file since the ALS diagnosis (" +
                  care::DayText(record.dx_date) + ")" +
                  (latest ? "; the last screen, " + latest->what + ", predates it" : std::string()) +
                  ". Screen every patient: up to half of people with ALS have cognitive or behavioural change, which "
                  "affects treatment decisions.";
  } else {
    const int rescreen_after = static_cast<int>(context.Param("rescreen_after_days"));
    std::vector<std::string> reasons;
    if (context.now() - latest->day > rescreen_after) {
      std::vector<std::string> pending = PendingDecisions(context, &evidence);
      if (!pending.empty()) {
        reasons.push_back("the last screen is more than " + FormatNumber(rescreen_after) +
                          " days old and a decision is pending on " + care::Join(pending, ", "));
      }
    }
    for (const Entry* change : care::RecordedAfter(context, "caregiver-reported-change", latest->day)) {
      reasons.push_back("the caregiver reported a change " + care::Describe(*change));
      evidence.push_back(change->source);
    }
    if (reasons.empty()) return {};
    evidence.push_back(latest->source);
    description = "Re-screen cognition and behaviour: last screen " + latest->what + "; " + care::Join(reasons) + ".";
  }
  description +=
      " Use a screen designed for motor disability (e.g. ECAS, with the informant behaviour questions); refer for "
      "formal neuropsychological assessment if abnormal." +
      UnusableNote(record, "cognitive-screen");
  return {Activity("cognitive-screen", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kCognitiveScreen{
    {"cognitive-screen", "R47", Domain::kSymptoms, "CarePlan activity", Priority::kMedium,
     "Cognitive and behavioural screen for every ALS patient; re-screen before NIV/gastrostomy decisions",
     "ALS_DX and no cognitive/behavioural screen (ECAS, MoCA, MMSE, cognitive testing: Observation, Procedure or "
     "QuestionnaireResponse) on or after dxDate; or the last screen is > 180 d old and an NIV or gastrostomy decision "
     "is pending (NIV/gastrostomy rules firing, draft NIV order, open gastrostomy request); or a caregiver-reported "
     "change is recorded after the last screen. Not when a screen is ordered or was declined recently",
     "Seed 001_660b7d635bcbe986.txt (\"Screen all patients for cognitive impairment, as up to 40% have evidence of "
     "cognitive dysfunction that significantly impacts treatment decisions and prognosis.\"); seed "
     "003_8fed761a79a9fd23.txt (\"This screening is included in the overall assessment...\"); AAN 2009 (screening "
     "for cognitive and behavioral impairment should be considered, Level B); NICE NG42 1.3; NICE QS126",
     {ParameterSpec{"rescreen_after_days", 180, "days",
                    "Re-screen before an NIV or gastrostomy decision when the last screen is older than this "
                    "[design]"}}},
    &Evaluate};

}  // namespace als::guideline
