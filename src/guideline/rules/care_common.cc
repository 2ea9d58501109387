#include "care_common.h"

#include <algorithm>

namespace als::guideline::care {
namespace {

using terminology::Contains;

bool Present(const Entry& entry) { return !entry.value_boolean.has_value() || *entry.value_boolean; }

void KeepEarliest(std::optional<Day>* earliest, std::optional<Day> day) {
  if (day && (!*earliest || *day < **earliest)) *earliest = day;
}

// The first day of the trailing run of samples below `cut_off` (nullopt when
// the latest is not below it).
std::optional<Day> TrailingRunBelow(const std::vector<Sample>& samples, double cut_off) {
  std::optional<Day> first;
  for (auto it = samples.rbegin(); it != samples.rend() && it->value < cut_off; ++it) first = it->day;
  return first;
}

bool Between(const MedicationUse& use, std::initializer_list<std::string_view> statuses) {
  return std::find(statuses.begin(), statuses.end(), use.status) != statuses.end();
}

}  // namespace

std::string DayText(std::optional<Day> day) { return day ? fhir::FormatDay(*day) : "an unknown date"; }

std::string Describe(const Entry& entry) {
  std::string text = entry.label.empty() ? std::string(model::EntryKindName(entry.kind)) : entry.label;
  text += " (" + entry.source;
  if (!entry.status.empty()) text += ", " + entry.status;
  if (entry.day) text += ", " + fhir::FormatDay(*entry.day);
  return text + ")";
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

void AddReason(Criterion* criterion, const std::string& reason, const std::vector<std::string>& sources) {
  criterion->Add(reason, "");
  for (const std::string& source : sources) criterion->Add(reason, source);
}

Priority Escalate(const Criterion& why, Priority base, Priority raised, const std::string& lead,
                  std::string* description) {
  if (!why.met) return base;
  *description += " " + lead + why.Reasons() + ".";
  return raised;
}

bool HoldsNow(const RuleContext& context, const Entry& entry, int window_days) {
  if (entry.kind == EntryKind::kCondition) return entry.active;
  if (entry.kind == EntryKind::kObservation) {
    return Present(entry) && entry.day && context.now() - *entry.day <= window_days;
  }
  return false;
}

void AddHolding(const RuleContext& context, std::string_view concept_id, int window_days, Criterion* criterion) {
  for (const Entry* entry : context.record().FindAny(concept_id)) {
    if (HoldsNow(context, *entry, window_days)) criterion->Add(Describe(*entry), entry->source);
  }
}

void AddItemAtMost(const RuleContext& context, Measure item, double max_score, int window_days, Criterion* criterion) {
  if (const Sample* sample = ImpairedItem(context, item, max_score, window_days)) {
    criterion->Add(DescribeSample(*sample, item) + " (at most " + FormatNumber(max_score) + ")", sample->source);
  }
}

bool Asserted(const Entry& entry) {
  if (entry.kind == EntryKind::kCondition) return entry.active;
  return Present(entry) && !entry.refused;
}

std::vector<const Entry*> Declines(const PatientRecord& record, std::string_view declined_concept,
                                   std::initializer_list<std::string_view> interventions) {
  std::vector<const Entry*> found;
  for (const Entry& entry : record.entries) {
    bool declined = Contains(entry.concepts, declined_concept) && Asserted(entry);
    for (std::string_view intervention : interventions) {
      if (!Contains(entry.concepts, intervention)) continue;
      declined = declined || entry.refused || Contains(entry.reason_concepts, declined_concept) ||
                 Contains(entry.reason_concepts, "refusal-reason");
    }
    if (declined) found.push_back(&entry);
  }
  return found;
}

std::vector<const Entry*> RecordedAfter(const RuleContext& context, std::string_view concept_id, Day after,
                                        bool inclusive) {
  std::vector<const Entry*> found;
  for (const Entry* entry : context.record().FindAny(concept_id)) {
    if (!entry->day || !Asserted(*entry)) continue;
    if (*entry->day > after || (inclusive && *entry->day == after)) found.push_back(entry);
  }
  return found;
}

bool Involved(const Entry& entry) {
  if (entry.refused) return false;
  if (entry.kind == EntryKind::kObservation) return Present(entry);
  return entry.active || entry.completed;
}

std::optional<Day> LastInvolved(const PatientRecord& record, std::string_view concept_id) {
  std::optional<Day> last;
  for (const Entry* entry : record.FindAny(concept_id)) {
    if (Involved(*entry) && entry->day && (!last || *entry->day > *last)) last = entry->day;
  }
  return last;
}

bool AnyInvolved(const PatientRecord& record, std::string_view concept_id) {
  const std::vector<const Entry*> entries = record.FindAny(concept_id);
  return std::any_of(entries.begin(), entries.end(), [](const Entry* entry) { return Involved(*entry); });
}

std::vector<const Entry*> AcpRecords(const PatientRecord& record) {
  std::vector<const Entry*> found;
  for (const Entry& entry : record.entries) {
    bool counts = false;
    // A Consent's deny provision (e.g. do not resuscitate) is content of the directive, not a refusal of ACP.
    if (Contains(entry.concepts, "advance-directive-consent")) {
      counts = entry.kind == EntryKind::kConsent ? entry.status == "active" || entry.status == "inactive"
                                                 : Involved(entry);
    }
    if (Contains(entry.concepts, "advance-directive-document")) {
      bool document = entry.kind == EntryKind::kDocument;
      counts = counts || (document ? entry.status == "current" || entry.status == "superseded" : Involved(entry));
    }
    if (Contains(entry.concepts, "advance-care-planning")) {
      bool request = entry.kind == EntryKind::kServiceRequest || entry.kind == EntryKind::kDeviceRequest;
      counts = counts || (request ? entry.completed : Involved(entry));
    }
    if (counts) found.push_back(&entry);
  }
  return found;
}

CognitiveStatus CognitiveOnset(const RuleContext& context) {
  const PatientRecord& record = context.record();
  CognitiveStatus status;
  status.criterion = CognitiveImpairment(context);
  if (!status.criterion.met) return status;
  for (const Entry* entry : record.Find(EntryKind::kCondition, "cognitive-impairment")) {
    if (entry->active) KeepEarliest(&status.since, entry->recorded_day ? entry->recorded_day : entry->day);
  }
  KeepEarliest(&status.since, TrailingRunBelow(record.Series(Measure::kEcas), context.Shared("ecas_impaired_below")));
  KeepEarliest(&status.since, TrailingRunBelow(record.Series(Measure::kMoca), context.Shared("moca_impaired_below")));
  // Coded screens: the first of the trailing run reported abnormal.
  std::optional<Day> coded;
  for (auto it = record.entries.rbegin(); it != record.entries.rend(); ++it) {
    bool screen = Contains(it->concepts, "cognitive-screen") || Contains(it->concepts, "cognitive-screen-abnormal");
    if (!screen || it->kind != EntryKind::kObservation || !it->day || !Present(*it)) continue;
    bool abnormal = Contains(it->value_concepts, "cognitive-screen-abnormal") ||
                    Contains(it->concepts, "cognitive-screen-abnormal");
    if (!abnormal) break;
    coded = it->day;
  }
  KeepEarliest(&status.since, coded);
  return status;
}

Sialorrhoea ActiveSialorrhoea(const RuleContext& context, double item_max, int window_days) {
  Sialorrhoea result;
  for (const Entry* entry : context.record().FindAny("sialorrhea")) {
    if (!HoldsNow(context, *entry, window_days)) continue;
    result.criterion.Add(Describe(*entry), entry->source);
    if (entry->kind == EntryKind::kCondition) result.ongoing = true;
    if (entry->kind == EntryKind::kObservation && (!result.latest_observed || *entry->day > *result.latest_observed)) {
      result.latest_observed = entry->day;
    }
  }
  if (const Sample* item = ImpairedItem(context, Measure::kAlsfrsSalivation, item_max, window_days)) {
    result.criterion.Add(DescribeSample(*item, Measure::kAlsfrsSalivation) + " (at most " + FormatNumber(item_max) + ")",
                         item->source);
    if (!result.latest_observed || item->day > *result.latest_observed) result.latest_observed = item->day;
  }
  return result;
}

std::string DescribeUse(const MedicationUse& use) {
  std::string text = use.label.empty() ? std::string("anticholinergic") : use.label;
  text += " (" + use.source + ", " + use.status;
  if (std::optional<Day> start = use.start ? use.start : use.authored) text += ", from " + fhir::FormatDay(*start);
  if (use.end) text += " to " + fhir::FormatDay(*use.end);
  return text + ")";
}

AnticholinergicHistory Anticholinergics(const RuleContext& context, int lookback_days) {
  const PatientRecord& record = context.record();
  const Day now = context.now();
  const int refusal_days = static_cast<int>(context.Shared("refusal_suppression_days"));
  AnticholinergicHistory history;
  for (const MedicationUse* use : record.Medications("anticholinergic-sialorrhea")) {
    std::optional<Day> start = use->start ? use->start : use->authored;
    std::optional<Day> last = use->end ? use->end : start;
    bool recent = use->current || !last || now - *last <= lookback_days;
    if (recent && Contains(use->reason_concepts, "adverse-reaction")) {
      history.not_tolerated.Add(DescribeUse(*use) + " stopped for an adverse reaction", use->source);
      continue;
    }
    if (use->draft || use->status == "intended") {
      history.proposed = use;
      continue;
    }
    if (use->status == "not-taken") {
      if (last && now - *last <= refusal_days) history.declined = use;
      continue;
    }
    bool taken = use->source_kind == model::MedicationSource::kAdministration
                     ? Between(*use, {"completed", "in-progress"})
                     : Between(*use, {"active", "on-hold", "completed", "stopped"});
    if (!taken || !recent) continue;
    history.tried.push_back(use);
    KeepEarliest(&history.first_start, start);
    if (!start && !use->current) history.undated_finished = true;
  }
  for (const Entry* allergy : record.Find(EntryKind::kAllergy, "anticholinergic-sialorrhea")) {
    if (allergy->active) history.not_tolerated.Add("allergy or intolerance " + Describe(*allergy), allergy->source);
  }
  for (const Entry* condition : record.Find(EntryKind::kCondition, "anticholinergic-contraindication")) {
    if (condition->active) history.contraindicated.Add(Describe(*condition), condition->source);
  }
  return history;
}

}  // namespace als::guideline::care

namespace als::guideline::care {

std::vector<ParameterSpec> SialorrhoeaParameters(std::vector<ParameterSpec> more) {
  std::vector<ParameterSpec> parameters = {
      {"salivation_item_max", 2, "points", "ALSFRS-R salivation item at or below this counts as active sialorrhoea [design]"},
      {"symptom_window_days", 90, "days", "Look-back for a sialorrhoea Observation or ALSFRS-R salivation item [design]"},
      {"anticholinergic_lookback_days", 365, "days",
       "Anticholinergic trials, adverse reactions and declines within this many days (12 months) count"},
  };
  parameters.insert(parameters.end(), more.begin(), more.end());
  return parameters;
}

SialorrhoeaFacts SialorrhoeaNow(const RuleContext& context) {
  SialorrhoeaFacts facts;
  facts.sialorrhoea = ActiveSialorrhoea(context, context.Param("salivation_item_max"),
                                        static_cast<int>(context.Param("symptom_window_days")));
  if (facts.sialorrhoea.criterion.met) {
    facts.history = Anticholinergics(context, static_cast<int>(context.Param("anticholinergic_lookback_days")));
  }
  return facts;
}

}  // namespace als::guideline::care
