#include "disease_modifying_common.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace als::guideline::dmt {

using terminology::Contains;

std::string Num(double value) {
  if (std::fabs(value - std::round(value)) < 0.05) return FixedDecimals(value, 0);
  if (std::fabs(value * 10 - std::round(value * 10)) < 0.005) return FixedDecimals(value, 1);
  return FixedDecimals(value, 2);
}

std::string Date(Day day) { return fhir::FormatDay(day); }

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : "; ") + item;
  return text;
}

void AddEvidence(std::vector<std::string>* list, const std::string& reference) {
  if (!reference.empty() && std::find(list->begin(), list->end(), reference) == list->end()) {
    list->push_back(reference);
  }
}

std::vector<std::string> SourcesOf(const std::vector<const MedicationUse*>& uses) {
  std::vector<std::string> sources;
  for (const MedicationUse* use : uses) AddEvidence(&sources, use->source);
  return sources;
}

std::string DescribeUse(const MedicationUse& use) {
  std::string text = use.source + " (" + use.status;
  if (use.authored) text += ", authored " + Date(*use.authored);
  if (use.start && use.source_kind != model::MedicationSource::kRequest) text += ", from " + Date(*use.start);
  return text + ")";
}

std::optional<LabReading> LatestLab(const RuleContext& context, Measure measure, std::optional<int> max_age_days) {
  const Sample* sample = max_age_days ? context.record().LatestWithin(measure, context.now(), *max_age_days)
                                      : context.record().Latest(measure);
  if (sample == nullptr) return std::nullopt;
  LabReading reading;
  reading.sample = sample;
  reading.measure = measure;
  reading.uln = UlnOf(context, *sample, measure);
  reading.multiple = reading.uln.value > 0 ? sample->value / reading.uln.value : 0;
  return reading;
}

std::vector<LabReading> LatestTransaminases(const RuleContext& context, std::optional<int> max_age_days) {
  std::vector<LabReading> readings;
  for (Measure measure : {Measure::kAlt, Measure::kAst}) {
    if (auto reading = LatestLab(context, measure, max_age_days)) readings.push_back(*reading);
  }
  std::stable_sort(readings.begin(), readings.end(),
                   [](const LabReading& a, const LabReading& b) { return a.multiple > b.multiple; });
  return readings;
}

std::string DescribeLab(const LabReading& reading) {
  std::string text = DescribeSample(*reading.sample, reading.measure);
  const std::string unit(model::InfoOf(reading.measure).unit_label);
  text += " = " + Num(reading.multiple) + "x ULN (ULN " + Num(reading.uln.value) + " " + unit;
  text += reading.uln.defaulted ? ": configured default, because the result has no reference range)"
                                : " from the result's reference range)";
  return text;
}

const Entry* PendingOrRefusedLiverTests(const RuleContext& context) {
  const PatientRecord& record = context.record();
  if (const Entry* open = OpenRequest(record, "alt")) return open;
  if (const Entry* open = OpenRequest(record, "ast")) return open;
  if (const Entry* refused = RefusedWithin(context, "alt")) return refused;
  return RefusedWithin(context, "ast");
}

std::string LiverUnusableNote(const PatientRecord& record) {
  return UnusableNote(record, "alt") + UnusableNote(record, "ast") + UnusableNote(record, "bilirubin-total");
}

bool RiluzoleExcludedByHistory(const PatientRecord& record) {
  for (const Entry* allergy : record.Find(EntryKind::kAllergy, "riluzole-allergen")) {
    if (allergy->active) return true;
  }
  for (const MedicationUse* use : record.Medications("riluzole")) {
    if (Contains(use->reason_concepts, "adverse-reaction")) return true;
  }
  return false;
}

namespace {

void MergeRoutes(ConceptSet* into, const ConceptSet& more) {
  for (const std::string& id : more) {
    if (!Contains(*into, id)) into->push_back(id);
  }
  std::sort(into->begin(), into->end());
}

}  // namespace

std::vector<DoseDay> DoseDays(const PatientRecord& record, std::string_view ingredient,
                              std::string_view procedure_concept) {
  std::map<Day, DoseDay> by_day;
  for (const MedicationUse* use : record.Medications(ingredient)) {
    if (use->source_kind != model::MedicationSource::kAdministration || !use->start) continue;
    if (use->status == "not-done") continue;
    DoseDay& day = by_day[*use->start];
    day.day = *use->start;
    if (use->dose_mg) day.mg = day.mg.value_or(0) + *use->dose_mg;
    if (use->dose_ml) day.ml = day.ml.value_or(0) + *use->dose_ml;
    MergeRoutes(&day.routes, use->routes);
    AddEvidence(&day.sources, use->source);
  }
  if (!procedure_concept.empty()) {
    std::optional<Day> first_record;  // earliest order, statement or administration of the drug
    for (const MedicationUse* use : record.Medications(ingredient)) {
      for (std::optional<Day> day : {use->authored, use->start}) {
        if (day && (!first_record || *day < *first_record)) first_record = day;
      }
    }
    for (const Entry* entry : record.Find(EntryKind::kProcedure, procedure_concept)) {
      if (!entry->completed || !entry->day || (first_record && *entry->day < *first_record)) continue;
      DoseDay& day = by_day[*entry->day];
      day.day = *entry->day;
      AddEvidence(&day.sources, entry->source);
    }
  }
  std::vector<DoseDay> days;
  for (auto& [day, dose] : by_day) days.push_back(std::move(dose));
  return days;
}

EdaravoneRoute RouteOf(const MedicationUse& use) {
  if (Contains(use.routes, "route-intravenous")) return EdaravoneRoute::kIntravenous;
  if (Contains(use.routes, "route-oral-enteral")) return EdaravoneRoute::kOralEnteral;
  if (use.infusion_minutes) return EdaravoneRoute::kIntravenous;  // an infusion duration means IV
  return EdaravoneRoute::kUnknown;
}

EdaravoneRoute RouteOfDay(const DoseDay& day) {
  if (Contains(day.routes, "route-intravenous")) return EdaravoneRoute::kIntravenous;
  if (Contains(day.routes, "route-oral-enteral")) return EdaravoneRoute::kOralEnteral;
  return EdaravoneRoute::kUnknown;
}

CycleReport TrackCycles(const std::vector<DoseDay>& days, Day now, const CycleParameters& p) {
  CycleReport report;
  if (days.empty()) {
    report.state = "No edaravone administration is recorded yet: cycle 1 starts with the first dose (daily for " +
                   std::to_string(p.first_cycle_max_doses) + " days, then " +
                   std::to_string(p.cycle_days - p.dosing_window_days) + " days drug-free).";
    return report;
  }
  report.started = true;
  report.cycle = 1;
  report.cycle_start = days.front().day;
  int max_doses = p.first_cycle_max_doses;
  for (const DoseDay& dose : days) {
    if (dose.day - report.cycle_start >= p.cycle_days) {
      ++report.cycle;
      report.cycle_start = dose.day;
      report.doses_in_window = 0;
      max_doses = p.later_cycle_max_doses;
    }
    int offset = dose.day - report.cycle_start;
    bool recent = now - dose.day <= p.lookback_days;
    std::string cycle = "cycle " + std::to_string(report.cycle) + " (started " + Date(report.cycle_start) + ")";
    if (offset >= p.dosing_window_days) {
      if (recent) {
        report.breaches.push_back("dose on " + Date(dose.day) + " falls in the drug-free period of " + cycle + ", " +
                                  Date(report.cycle_start + p.dosing_window_days) + " to " +
                                  Date(report.cycle_start + p.cycle_days - 1));
        for (const std::string& source : dose.sources) AddEvidence(&report.breach_sources, source);
      }
      continue;
    }
    ++report.doses_in_window;
    if (report.doses_in_window > max_doses && recent) {
      report.breaches.push_back("dose on " + Date(dose.day) + " is dose " + std::to_string(report.doses_in_window) +
                                " in the " + std::to_string(p.dosing_window_days) + "-day dosing window of " + cycle +
                                "; at most " + std::to_string(max_doses) + " are given");
      for (const std::string& source : dose.sources) AddEvidence(&report.breach_sources, source);
    }
  }
  int since = now - report.cycle_start;
  int allowed = report.cycle == 1 ? p.first_cycle_max_doses : p.later_cycle_max_doses;
  std::string where = "Cycle " + std::to_string(report.cycle) + " started " + Date(report.cycle_start) + "; " +
                      std::to_string(report.doses_in_window) + " of " + std::to_string(allowed) +
                      " doses given in its dosing window";
  if (since < p.dosing_window_days) {
    where += ", which runs to " + Date(report.cycle_start + p.dosing_window_days - 1) + ".";
  } else if (since < p.cycle_days) {
    where += "; drug-free period now, to " + Date(report.cycle_start + p.cycle_days - 1) + "; cycle " +
             std::to_string(report.cycle + 1) + " may start on " + Date(report.cycle_start + p.cycle_days) + " (" +
             std::to_string(p.later_cycle_max_doses) + " doses within " + std::to_string(p.dosing_window_days) +
             " days).";
  } else {
    where += "; cycle " + std::to_string(report.cycle + 1) + " may start (from " +
             Date(report.cycle_start + p.cycle_days) + "): " + std::to_string(p.later_cycle_max_doses) +
             " doses within " + std::to_string(p.dosing_window_days) + " days, then " +
             std::to_string(p.cycle_days - p.dosing_window_days) + " days drug-free.";
  }
  report.state = where;
  return report;
}

std::vector<ParameterSpec> CycleParameterSpecs(std::vector<ParameterSpec> more) {
  std::vector<ParameterSpec> specs = {
      {"cycle_days", 28, "days", "Length of an edaravone cycle (dosing window + drug-free period)"},
      {"dosing_window_days", 14, "days", "Dosing window at the start of each cycle; the rest is drug-free"},
      {"first_cycle_max_doses", 14, "doses", "Cycle 1: daily doses in the dosing window"},
      {"later_cycle_max_doses", 10, "doses", "Later cycles: doses on at most this many of the 14 days"},
      {"pattern_lookback_days", 56, "days", "Dose-pattern breaches older than this are not alerted [design]"},
      {"dose_tolerance", 0.5, "mg or mL", "Rounding tolerance when comparing doses [design]"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

std::string CycleText(const CycleParameters& p) {
  const std::string off = std::to_string(p.cycle_days - p.dosing_window_days) + " days drug-free";
  return "cycle 1: daily for " + std::to_string(p.first_cycle_max_doses) + " days, then " + off +
         "; later cycles: doses on " + std::to_string(p.later_cycle_max_doses) + " of " +
         std::to_string(p.dosing_window_days) + " days, then " + off + " (" + std::to_string(p.cycle_days) +
         "-day cycles)";
}

CycleParameters ReadCycleParameters(const RuleContext& context) {
  CycleParameters p;
  p.cycle_days = static_cast<int>(context.Param("cycle_days"));
  p.dosing_window_days = static_cast<int>(context.Param("dosing_window_days"));
  p.first_cycle_max_doses = static_cast<int>(context.Param("first_cycle_max_doses"));
  p.later_cycle_max_doses = static_cast<int>(context.Param("later_cycle_max_doses"));
  p.lookback_days = static_cast<int>(context.Param("pattern_lookback_days"));
  return p;
}

void AddDoseFlag(std::vector<Finding>* findings, const DoseProblems& problems, const std::string& title,
                 const std::string& lead, const std::string& label) {
  if (problems.problems.empty()) return;
  findings->push_back(Alert("drug", Priority::kMedium, title,
                            lead + ": " + Join(problems.problems) + ". " + label + " Prescriber to review.",
                            problems.evidence));
}

EdaravoneCourse TrackEdaravone(const RuleContext& context) {
  EdaravoneCourse course;
  course.parameters = ReadCycleParameters(context);
  course.days = DoseDays(context.record(), "edaravone");
  course.report = TrackCycles(course.days, context.now(), course.parameters);
  return course;
}

DoseProblems CheckEdaravoneDoses(const std::vector<const MedicationUse*>& uses, const std::vector<DoseDay>& days,
                                 const CycleReport* cycles, const ExpectedDose& expected, Day now, int lookback_days) {
  DoseProblems result;
  auto off = [&](double value, double target) { return std::fabs(value - target) > expected.tolerance; };
  std::string want = Num(expected.mg) + " mg" + (expected.ml ? " (" + Num(*expected.ml) + " mL)" : "");
  for (const MedicationUse* use : uses) {
    if (RouteOf(*use) != expected.route) continue;  // unknown route: the dose cannot be judged
    if (use->dose_mg && off(*use->dose_mg, expected.mg)) {
      result.problems.push_back("ordered dose " + Num(*use->dose_mg) + " mg in " + use->source + ", not " + want);
      AddEvidence(&result.evidence, use->source);
    } else if (!use->dose_mg && use->dose_ml && expected.ml && off(*use->dose_ml, *expected.ml)) {
      result.problems.push_back("ordered dose " + Num(*use->dose_ml) + " mL in " + use->source + ", not " + want);
      AddEvidence(&result.evidence, use->source);
    }
    if (expected.min_infusion_minutes && use->infusion_minutes && *use->infusion_minutes < *expected.min_infusion_minutes) {
      result.problems.push_back("infusion over " + Num(*use->infusion_minutes) + " min in " + use->source +
                                ", under " + Num(*expected.min_infusion_minutes) + " min");
      AddEvidence(&result.evidence, use->source);
    }
  }
  for (const DoseDay& day : days) {
    EdaravoneRoute route = RouteOfDay(day);
    if (now - day.day > lookback_days || (route != expected.route && route != EdaravoneRoute::kUnknown)) continue;
    bool wrong = day.mg ? off(*day.mg, expected.mg) : (day.ml && expected.ml && off(*day.ml, *expected.ml));
    if (!wrong) continue;
    std::string given = day.mg ? Num(*day.mg) + " mg" : Num(*day.ml) + " mL";
    result.problems.push_back(given + " given on " + Date(day.day) + ", not " + want);
    for (const std::string& source : day.sources) AddEvidence(&result.evidence, source);
  }
  if (cycles != nullptr) {
    result.problems.insert(result.problems.end(), cycles->breaches.begin(), cycles->breaches.end());
    for (const std::string& source : cycles->breach_sources) AddEvidence(&result.evidence, source);
  }
  if (!result.problems.empty()) {
    for (const MedicationUse* use : uses) AddEvidence(&result.evidence, use->source);
  }
  return result;
}

}  // namespace als::guideline::dmt
