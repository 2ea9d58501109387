#include "als/guideline/definitions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace als::guideline {
namespace {

using terminology::Contains;

std::string Dated(const Entry& entry) {
  std::string text = entry.label.empty() ? std::string(model::EntryKindName(entry.kind)) : entry.label;
  text += " (";
  text += model::EntryKindName(entry.kind);
  if (entry.day) text += ", " + fhir::FormatDay(*entry.day);
  text += ")";
  return text;
}

bool Present(const Entry& entry) { return !entry.value_boolean.has_value() || *entry.value_boolean; }

std::string Number(double value) { return FixedDecimals(value, std::fabs(value - std::round(value)) < 0.05 ? 0 : 1); }

// Active Conditions with the concept, and symptom Observations within the window.
void AddFindings(const RuleContext& context, std::string_view concept_id, int window_days, Criterion* criterion) {
  const PatientRecord& record = context.record();
  for (const Entry* entry : record.FindAny(concept_id)) {
    bool counts = false;
    if (entry->kind == EntryKind::kCondition) counts = entry->active;
    if (entry->kind == EntryKind::kObservation) {
      counts = Present(*entry) && entry->day && context.now() - *entry->day <= window_days;
    }
    if (counts) criterion->Add(Dated(*entry), entry->source);
  }
}

void AddImpairedItem(const RuleContext& context, Measure item, int window_days, Criterion* criterion) {
  double max_score = context.Shared("alsfrs_item_impaired_max");
  if (const Sample* sample = ImpairedItem(context, item, max_score, window_days)) {
    criterion->Add(DescribeSample(*sample, item), sample->source);
  }
}

}  // namespace

std::string FormatNumber(double value) { return Number(value); }
std::string DescribeEntry(const Entry& entry) { return Dated(entry); }

std::string FixedDecimals(double value, int decimals) {
  char buffer[32];
  // std::to_chars writes what printf's "%.<decimals>f" writes, at a fraction of its cost.
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (error == std::errc()) return std::string(buffer, end);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);  // too long: cut to the buffer, as always
  return buffer;
}

void Criterion::Add(std::string reason, const std::string& source) {
  met = true;
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(std::move(reason));
  if (!source.empty() && std::find(evidence.begin(), evidence.end(), source) == evidence.end()) {
    evidence.push_back(source);
  }
}

std::string Criterion::Reasons() const {
  std::string text;
  for (const std::string& reason : reasons) text += (text.empty() ? "" : "; ") + reason;
  return text;
}

std::vector<const MedicationUse*> CurrentUses(const PatientRecord& record, std::string_view ingredient) {
  std::vector<const MedicationUse*> uses;
  for (const MedicationUse* use : record.Medications(ingredient)) {
    if (use->current) uses.push_back(use);
  }
  return uses;
}

bool OnDrug(const PatientRecord& record, std::string_view ingredient) {
  return !CurrentUses(record, ingredient).empty();
}

std::vector<const MedicationUse*> DraftOrCurrentUses(const PatientRecord& record, std::string_view ingredient) {
  std::vector<const MedicationUse*> uses;
  for (const MedicationUse* use : record.Medications(ingredient)) {
    if (use->current || use->draft) uses.push_back(use);
  }
  return uses;
}

std::optional<Day> DrugStart(const PatientRecord& record, std::string_view ingredient) {
  std::optional<Day> start;
  auto consider = [&start](std::optional<Day> day) {
    if (day && (!start || *day < *start)) start = day;
  };
  for (const MedicationUse* use : record.Medications(ingredient)) {
    switch (use->source_kind) {
      case model::MedicationSource::kRequest:
        if (use->current) consider(use->authored);
        break;
      case model::MedicationSource::kAdministration:
        if (use->status != "not-done") consider(use->start);
        break;
      case model::MedicationSource::kStatement:
        if (use->current || use->status == "completed") consider(use->start);
        break;
    }
  }
  return start;
}

const Sample* LatestFvc(const RuleContext& context) { return context.record().Latest(Measure::kFvcPercent); }

const Sample* FreshFvc(const RuleContext& context) {
  return context.record().LatestWithin(Measure::kFvcPercent, context.now(),
                                       static_cast<int>(context.Shared("fvc_fresh_days")));
}

std::string DescribeSample(const Sample& sample, Measure measure) {
  const model::MeasureInfo& info = model::InfoOf(measure);
  std::string text(info.label);
  text += " " + Number(sample.value);
  if (info.unit_label == "%" || info.unit_label == "% predicted") {
    text += std::string(info.unit_label) == "%" ? "%" : "% predicted";
  } else {
    text += " " + std::string(info.unit_label);
  }
  text += " on " + fhir::FormatDay(sample.day);
  if (sample.computed) text += measure == Measure::kBmi ? " (computed from weight and height)" : " (computed from measured/predicted litres)";
  return text;
}

std::string UnusableNote(const PatientRecord& record, std::string_view concept_id) {
  std::vector<const model::DataIssue*> issues = record.IssuesAbout(concept_id);
  if (issues.empty()) return "";
  std::string note = " Note: " + std::to_string(issues.size()) + " related input" + (issues.size() > 1 ? "s" : "") +
                     " could not be used (" + issues.front()->source + ": " + issues.front()->message;
  note += issues.size() > 1 ? "; and others)." : ").";
  return note;
}

UpperLimit UlnOf(const RuleContext& context, const Sample& sample, Measure measure) {
  if (sample.upper_limit && *sample.upper_limit > 0) return {*sample.upper_limit, false};
  const char* name = measure == Measure::kAlt ? "uln_alt_default"
                     : measure == Measure::kAst ? "uln_ast_default"
                                                : "uln_bilirubin_default";
  return {context.Shared(name), true};
}

const Sample* ImpairedItem(const RuleContext& context, Measure item, double max_score, int window_days) {
  const Sample* latest = context.record().LatestWithin(item, context.now(), window_days);
  return latest != nullptr && latest->value <= max_score ? latest : nullptr;
}

Criterion RespiratorySymptoms(const RuleContext& context) {
  int window = static_cast<int>(context.Shared("resp_symptom_window_days"));
  Criterion criterion;
  AddFindings(context, "respiratory-symptoms", window, &criterion);
  AddFindings(context, "orthopnea", window, &criterion);
  for (Measure item : {Measure::kAlsfrsDyspnea, Measure::kAlsfrsOrthopnea, Measure::kAlsfrsRespiratoryInsufficiency}) {
    AddImpairedItem(context, item, window, &criterion);
  }
  return criterion;
}

Criterion Orthopnea(const RuleContext& context) {
  int window = static_cast<int>(context.Shared("resp_symptom_window_days"));
  Criterion criterion;
  AddFindings(context, "orthopnea", window, &criterion);
  AddImpairedItem(context, Measure::kAlsfrsOrthopnea, window, &criterion);
  return criterion;
}

Criterion NivActive(const RuleContext& context) {
  const PatientRecord& record = context.record();
  Criterion criterion;
  std::optional<Day> stopped;
  for (const Entry* entry : record.Find(EntryKind::kDeviceUse, "niv-device")) {
    if (entry->active) criterion.Add("NIV in use " + Dated(*entry), entry->source);
    if (entry->status == "completed" || entry->status == "stopped") {
      Day day = entry->end_day.value_or(entry->day.value_or(0));
      if (!stopped || day > *stopped) stopped = day;
    }
  }
  for (const Entry* entry : record.Find(EntryKind::kDeviceRequest, "niv-device")) {
    if (entry->active && entry->status != "draft") criterion.Add("NIV ordered " + Dated(*entry), entry->source);
  }
  for (const Entry* entry : record.Find(EntryKind::kProcedure, "niv-device")) {
    if (entry->completed && entry->day && (!stopped || *entry->day > *stopped)) {
      criterion.Add("NIV started " + Dated(*entry), entry->source);
    }
  }
  for (const Entry* entry : record.Find(EntryKind::kCondition, "niv-dependence")) {
    if (entry->active) criterion.Add(Dated(*entry), entry->source);
  }
  return criterion;
}

Criterion Bulbar(const RuleContext& context) {
  int window = static_cast<int>(context.Shared("bulbar_window_days"));
  Criterion criterion;
  for (const char* concept_id : {"bulbar-onset", "progressive-bulbar-palsy", "dysphagia", "dysarthria", "sialorrhea"}) {
    AddFindings(context, concept_id, window, &criterion);
  }
  for (Measure item : {Measure::kAlsfrsSpeech, Measure::kAlsfrsSalivation, Measure::kAlsfrsSwallowing}) {
    AddImpairedItem(context, item, window, &criterion);
  }
  return criterion;
}

Criterion CognitiveImpairment(const RuleContext& context) {
  const PatientRecord& record = context.record();
  Criterion criterion;
  for (const Entry* entry : record.Find(EntryKind::kCondition, "cognitive-impairment")) {
    if (entry->active) criterion.Add(Dated(*entry), entry->source);
  }
  if (const Sample* ecas = record.Latest(Measure::kEcas); ecas && ecas->value < context.Shared("ecas_impaired_below")) {
    criterion.Add(DescribeSample(*ecas, Measure::kEcas) + ", below the cut-off " +
                      Number(context.Shared("ecas_impaired_below")),
                  ecas->source);
  }
  if (const Sample* moca = record.Latest(Measure::kMoca); moca && moca->value < context.Shared("moca_impaired_below")) {
    criterion.Add(DescribeSample(*moca, Measure::kMoca) + ", below the cut-off " +
                      Number(context.Shared("moca_impaired_below")),
                  moca->source);
  }
  // A screen the site reports as below its cut-off (coded interpretation or
  // result, valueset cognitive-screen-abnormal), when it is the latest coded screen.
  const Entry* latest_screen = nullptr;
  for (const Entry& entry : record.entries) {  // sorted by day
    bool screen = Contains(entry.concepts, "cognitive-screen") || Contains(entry.concepts, "cognitive-screen-abnormal");
    if (screen && entry.kind == EntryKind::kObservation && entry.day && Present(entry)) latest_screen = &entry;
  }
  if (latest_screen != nullptr && (Contains(latest_screen->value_concepts, "cognitive-screen-abnormal") ||
                                   Contains(latest_screen->concepts, "cognitive-screen-abnormal"))) {
    criterion.Add(Dated(*latest_screen) + ", reported below the local cut-off", latest_screen->source);
  }
  return criterion;
}

std::optional<WeightBaseline> BaselineWeight(const RuleContext& context) {
  const PatientRecord& record = context.record();
  if (const Sample* usual = record.Latest(Measure::kUsualWeight)) {
    return WeightBaseline{usual->value, usual->day, usual->source, "usual/premorbid weight"};
  }
  const std::vector<Sample>& weights = record.Series(Measure::kWeight);
  if (weights.empty()) return std::nullopt;
  if (record.dx_date) {
    int window = static_cast<int>(context.Shared("weight_base_dx_window_days"));
    for (const Sample& weight : weights) {
      if (std::abs(weight.day - *record.dx_date) <= window) {
        return WeightBaseline{weight.value, weight.day, weight.source,
                              "first weight within " + std::to_string(window) + " days of diagnosis"};
      }
    }
  }
  return WeightBaseline{weights.front().value, weights.front().day, weights.front().source, "earliest weight on file"};
}

std::optional<WeightLoss> WeightLossPercent(const RuleContext& context) {
  const Sample* latest = context.record().LatestWithin(Measure::kWeight, context.now(),
                                                       static_cast<int>(context.Shared("weight_latest_max_age_days")));
  if (latest == nullptr) return std::nullopt;
  std::optional<WeightBaseline> base = BaselineWeight(context);
  if (!base || base->kg <= 0 || base->source == latest->source) return std::nullopt;
  return WeightLoss{(base->kg - latest->value) / base->kg * 100.0, *base, *latest};
}

Criterion PegIndicated(RuleContext& context) {
  const PatientRecord& record = context.record();
  int window = static_cast<int>(context.Shared("bulbar_window_days"));
  Criterion criterion;
  Criterion dysphagia;
  AddFindings(context, "dysphagia", window, &dysphagia);
  AddImpairedItem(context, Measure::kAlsfrsSwallowing, window, &dysphagia);
  Criterion intake;
  AddFindings(context, "inadequate-oral-intake", window, &intake);
  if (dysphagia.met && intake.met) {
    criterion.Add("dysphagia (" + dysphagia.Reasons() + ") with inadequate oral intake (" + intake.Reasons() + ")", "");
    for (const std::string& source : dysphagia.evidence) criterion.Add(criterion.reasons.back(), source);
    for (const std::string& source : intake.evidence) criterion.Add(criterion.reasons.back(), source);
  }
  if (std::optional<WeightLoss> loss = WeightLossPercent(context);
      loss && loss->percent >= context.Shared("peg_weight_loss_pct")) {
    criterion.Add("weight loss " + Number(loss->percent) + "% from " + loss->base.how + " " + Number(loss->base.kg) +
                      " kg (" + fhir::FormatDay(loss->base.day) + ") to " + Number(loss->latest.value) + " kg (" +
                      fhir::FormatDay(loss->latest.day) + ")",
                  loss->latest.source);
    criterion.Add(criterion.reasons.back(), loss->base.source);
  }
  for (const Finding& finding : context.FindingsOf("bmi-low")) {
    criterion.Add("low BMI (bmi-low)", "");
    for (const std::string& source : finding.evidence) criterion.Add(criterion.reasons.back(), source);
  }
  // The latest agreement counts unless a later decline supersedes it.
  const Entry* agreed = nullptr;
  for (const Entry* entry : record.FindAny("gastrostomy-agreed")) {
    if (entry->refused || !Present(*entry)) continue;
    if (agreed == nullptr || entry->day.value_or(0) > agreed->day.value_or(0)) agreed = entry;
  }
  if (agreed != nullptr) {
    bool declined_later = false;
    for (const Entry* entry : record.FindAny("gastrostomy-declined")) {
      if (Present(*entry) && entry->day.value_or(0) > agreed->day.value_or(0)) declined_later = true;
    }
    if (!declined_later) criterion.Add("patient agrees to gastrostomy " + Dated(*agreed), agreed->source);
  }
  return criterion;
}

Sod1Result Sod1(const PatientRecord& record) {
  Sod1Result result;
  for (const Entry& entry : record.entries) {
    if (entry.kind != EntryKind::kObservation && entry.kind != EntryKind::kDiagnosticReport) continue;
    bool about_sod1 = Contains(entry.value_concepts, "sod1-gene") || Contains(entry.concepts, "sod1-gene");
    if (!about_sod1) continue;
    result.evidence.push_back(entry.source);
    Sod1Status status = Sod1Status::kNotPathogenic;
    if (Contains(entry.value_concepts, "variant-pathogenic") || Contains(entry.value_concepts, "variant-likely-pathogenic")) {
      status = Sod1Status::kConfirmed;
    } else if (Contains(entry.value_concepts, "variant-uncertain")) {
      status = Sod1Status::kUncertainOnly;
    }
    // Confirmed beats uncertain beats a result without a pathogenic variant.
    auto rank = [](Sod1Status s) {
      return s == Sod1Status::kConfirmed ? 3 : s == Sod1Status::kUncertainOnly ? 2 : s == Sod1Status::kNotPathogenic ? 1 : 0;
    };
    if (rank(status) > rank(result.status)) result.status = status;
  }
  return result;
}

const Entry* OpenRequest(const PatientRecord& record, std::string_view concept_id) {
  for (const Entry* entry : record.FindAny(concept_id)) {
    bool request = entry->kind == EntryKind::kServiceRequest || entry->kind == EntryKind::kDeviceRequest ||
                   entry->kind == EntryKind::kCarePlan;
    if (request && entry->active) return entry;
  }
  return nullptr;
}

const Entry* DoneWithin(const PatientRecord& record, std::string_view concept_id, Day now, int window_days) {
  for (const Entry* entry : record.FindAny(concept_id)) {
    bool done = entry->completed || entry->kind == EntryKind::kObservation;
    if (done && entry->day && now - *entry->day <= window_days) return entry;
  }
  return nullptr;
}

const Entry* RefusedWithin(const RuleContext& context, std::string_view concept_id) {
  int window = static_cast<int>(context.Shared("refusal_suppression_days"));
  for (const Entry* entry : context.record().FindAny(concept_id)) {
    if (entry->refused && entry->day && context.now() - *entry->day <= window) return entry;
  }
  return nullptr;
}

const Entry* Suppressor(const RuleContext& context, std::string_view concept_id, int window_days) {
  if (const Entry* open = OpenRequest(context.record(), concept_id)) return open;
  if (const Entry* done = DoneWithin(context.record(), concept_id, context.now(), window_days)) return done;
  return RefusedWithin(context, concept_id);
}

std::vector<const Entry*> EntriesSince(const PatientRecord& record, std::string_view concept_id, Day since) {
  std::vector<const Entry*> found;
  for (const Entry* entry : record.FindAny(concept_id)) {
    if (entry->day && *entry->day >= since) found.push_back(entry);
  }
  std::sort(found.begin(), found.end(), [](const Entry* a, const Entry* b) { return *a->day > *b->day; });
  return found;
}

}  // namespace als::guideline
