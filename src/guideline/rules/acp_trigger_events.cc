// R53 acp-trigger-events: revisit advance care planning now when a key event
// happened since the last ACP review (or since diagnosis when there is none):
// respiratory decline, NIV started or declined, gastrostomy considered or
// declined, new cognitive impairment, distress, the patient asks, or a
// respiratory admission. Names every trigger found.
#include <algorithm>
#include <limits>

#include "care_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

// Encounter classes that mean a hospital stay or an emergency visit (v3 ActCode).
bool AdmissionClass(const std::string& code) {
  for (const char* admission : {"IMP", "EMER", "ACUTE", "NONAC", "OBSENC"}) {
    if (code == admission) return true;
  }
  return false;
}

class Triggers {
 public:
  Triggers(std::optional<Day> review, std::optional<Day> dx) : review_(review), dx_(dx) {}
  // After the last review (strictly: the review covered its own day), else on or after diagnosis.
  bool Counts(std::optional<Day> day) const {
    if (!day) return false;
    if (review_) return *day > *review_;
    return !dx_ || *day >= *dx_;
  }
  void Add(const std::string& what, const std::string& source) { criterion_.Add(what, source); }
  void Add(const std::string& what, const std::vector<std::string>& sources) {
    care::AddReason(&criterion_, what, sources);
  }
  void AddEntries(const std::string& what, const std::vector<const Entry*>& entries) {
    for (const Entry* entry : entries) {
      if (Counts(entry->day)) Add(what + ": " + care::Describe(*entry), entry->source);
    }
  }
  const Criterion& criterion() const { return criterion_; }

 private:
  std::optional<Day> review_;
  std::optional<Day> dx_;
  Criterion criterion_;
};

void FvcTriggers(RuleContext& context, Triggers* triggers) {
  const std::vector<Sample>& fvc = context.record().Series(Measure::kFvcPercent);
  const double below = context.Param("fvc_below_pct");
  auto first_below = std::find_if(fvc.begin(), fvc.end(), [below](const Sample& s) { return s.value < below; });
  if (first_below != fvc.end() && triggers->Counts(first_below->day)) {
    triggers->Add("FVC first below " + FormatNumber(below) + "%: " + DescribeSample(*first_below, Measure::kFvcPercent),
                  first_below->source);
  }
  const int window = static_cast<int>(context.Param("fvc_fall_window_days"));
  const Sample* from = nullptr;
  const Sample* to = nullptr;
  for (const Sample& later : fvc) {
    if (!triggers->Counts(later.day)) continue;
    for (const Sample& earlier : fvc) {
      if (earlier.day >= later.day || later.day - earlier.day > window) continue;
      if (from == nullptr || earlier.value - later.value > from->value - to->value) {
        from = &earlier;
        to = &later;
      }
    }
  }
  if (from != nullptr && from->value - to->value >= context.Param("fvc_fall_points")) {
    triggers->Add("FVC fell " + FormatNumber(from->value - to->value) + " points in " +
                      std::to_string(to->day - from->day) + " days, from " +
                      DescribeSample(*from, Measure::kFvcPercent) + " to " + DescribeSample(*to, Measure::kFvcPercent),
                  std::vector<std::string>{to->source, from->source});
  }
}

void NivTriggers(const PatientRecord& record, Triggers* triggers) {
  std::vector<const Entry*> started;
  for (const Entry* entry : record.FindAny("niv-device")) {
    bool begun = (entry->kind == EntryKind::kProcedure && entry->completed) ||
                 (entry->kind == EntryKind::kDeviceUse && (entry->active || entry->completed)) ||
                 (entry->kind == EntryKind::kDeviceRequest && entry->active && entry->status != "draft");
    if (begun) started.push_back(entry);
  }
  triggers->AddEntries("NIV started", started);
  triggers->AddEntries("NIV declined or not tolerated", care::Declines(record, "niv-declined", {"niv-device"}));
}

void GastrostomyTriggers(RuleContext& context, std::optional<Day> review, Triggers* triggers) {
  const PatientRecord& record = context.record();
  std::vector<const Entry*> considered;
  for (const char* concept_id : {"gastrostomy-request", "gastrostomy-procedure", "gastrostomy-discussion"}) {
    for (const Entry* entry : record.FindAny(concept_id)) {
      if (care::Asserted(*entry) && std::find(considered.begin(), considered.end(), entry) == considered.end()) {
        considered.push_back(entry);
      }
    }
  }
  triggers->AddEntries("gastrostomy considered", considered);
  triggers->AddEntries("gastrostomy declined",
                       care::Declines(record, "gastrostomy-declined", {"gastrostomy-procedure", "gastrostomy-request"}));
  // A gastrostomy indicated now (undated): a trigger unless ACP was reviewed recently.
  const int recent = static_cast<int>(context.Param("recent_review_days"));
  if (review && context.now() - *review <= recent) return;
  const std::vector<std::pair<const char*, bool>> indicated = {
      {"gastrostomy-refer-fvc-ge50", context.Fired("gastrostomy-refer-fvc-ge50")},
      {"gastrostomy-fvc-30to50", context.Fired("gastrostomy-fvc-30to50")},
      {"gastrostomy-fvc-lt30", context.Fired("gastrostomy-fvc-lt30")},
  };
  for (const auto& [rule_id, fired] : indicated) {
    if (!fired) continue;
    std::vector<std::string> sources;
    for (const Finding& finding : context.FindingsOf(rule_id)) {
      sources.insert(sources.end(), finding.evidence.begin(), finding.evidence.end());
    }
    triggers->Add(std::string("gastrostomy being considered now (") + rule_id + ")", sources);
  }
}

void RespiratoryAdmissions(const PatientRecord& record, Triggers* triggers) {
  std::vector<const Entry*> admissions;
  for (const Entry& entry : record.entries) {
    if (entry.kind != EntryKind::kEncounter || !care::Involved(entry)) continue;
    bool typed = Contains(entry.concepts, "respiratory-admission");
    bool respiratory = typed || Contains(entry.reason_concepts, "respiratory-admission");
    bool admitted = AdmissionClass(entry.encounter_class) || (entry.encounter_class.empty() && typed);
    if (respiratory && admitted) admissions.push_back(&entry);
  }
  triggers->AddEntries("respiratory hospital admission", admissions);
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (OpenRequest(record, "advance-care-planning") != nullptr ||
      RefusedWithin(context, "advance-care-planning") != nullptr) {
    return {};
  }
  const Entry* last_review = nullptr;
  for (const Entry* entry : care::AcpRecords(record)) {
    if (entry->day && (last_review == nullptr || *entry->day >= *last_review->day)) last_review = entry;
  }
  std::optional<Day> review = last_review ? last_review->day : std::nullopt;
  Triggers triggers(review, record.dx_date);

  FvcTriggers(context, &triggers);
  NivTriggers(record, &triggers);
  GastrostomyTriggers(context, review, &triggers);
  care::CognitiveStatus cognition = care::CognitiveOnset(context);
  if (cognition.criterion.met && triggers.Counts(cognition.since)) {
    triggers.Add("new cognitive/behavioural impairment (first recorded " + fhir::FormatDay(*cognition.since) +
                     "): " + cognition.criterion.Reasons(),
                 cognition.criterion.evidence);
  }
  triggers.AddEntries("distress recorded", care::RecordedAfter(context, "distress", std::numeric_limits<Day>::min()));
  triggers.AddEntries("the patient asked to discuss end-of-life care",
                      care::RecordedAfter(context, "acp-discussion-requested", std::numeric_limits<Day>::min()));
  RespiratoryAdmissions(record, &triggers);
  if (!triggers.criterion().met) return {};

  std::vector<std::string> evidence = triggers.criterion().evidence;
  std::string since = last_review ? "since the last advance care planning review, " + care::Describe(*last_review)
                                  : "since diagnosis (" + care::DayText(record.dx_date) +
                                        "), with no advance care planning review on file";
  if (last_review) evidence.push_back(last_review->source);
  std::string description = "Revisit the advance care planning / end-of-life discussion now (trigger: " +
                            triggers.criterion().Reasons() + "; " + since +
                            "). Review preferences on ventilation (non-invasive, invasive/tracheostomy), feeding "
                            "tube, resuscitation and place of care, and update the advance directive / POLST." +
                            UnusableNote(record, "advance-care-planning") +
                            UnusableNote(record, "fvc-percent-predicted");
  return {Activity("advance-care-planning", Priority::kHigh, description, evidence)};
}

}  // namespace

extern const Rule kAcpTriggerEvents{
    {"acp-trigger-events", "R53", Domain::kCareOrganisation, "CarePlan activity", Priority::kHigh,
     "Revisit advance care planning at key events (respiratory decline, NIV, gastrostomy, cognition, distress, "
     "request, admission)",
     "Since the last ACP review (or since dxDate when there is none), any of: FVC_PCT first < 50, or a fall of >= 10 "
     "points within 90 d; NIV started or declined/not tolerated; gastrostomy requested, discussed, placed or declined, "
     "or indicated now (gastrostomy-refer-fvc-ge50 / -fvc-30to50 / -fvc-lt30 firing, unless ACP was reviewed in the "
     "last 90 d); new COG_IMPAIRED; distress recorded; the patient asked to discuss end-of-life care; a respiratory "
     "hospital admission (inpatient/emergency Encounter with a respiratory type or reason). No open ACP request and "
     "no ACP declined in the refusal period",
     "Seed 000_2fbc9b5cc989d561.txt (\"Initiate end-of-life discussions at specific trigger points: presence of "
     "patient distress, evolution of disease, or expressed desire of the patient to discuss these issues\"); seed "
     "001_660b7d635bcbe986.txt (\"Patient distress\", \"Disease progression milestones\"); NICE QS126 statement 5 "
     "(at diagnosis, significant change in respiratory function, or when gastrostomy or NIV are needed)",
     {ParameterSpec{"fvc_below_pct", 50, "%", "FVC_PCT falling below this for the first time is a trigger"},
      ParameterSpec{"fvc_fall_points", 10, "points", "A fall of FVC_PCT by at least this much is a trigger [design]"},
      ParameterSpec{"fvc_fall_window_days", 90, "days", "... within this many days (3 months) [design]"},
      ParameterSpec{"recent_review_days", 90, "days",
                    "A current gastrostomy indication (undated) is not a trigger when ACP was reviewed within this "
                    "many days [design]"}}},
    &Evaluate};

}  // namespace als::guideline
