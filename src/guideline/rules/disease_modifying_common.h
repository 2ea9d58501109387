// Helpers shared by the disease-modifying therapy rules (rules.md 1A, R01-R21):
// liver tests against their ULN, riluzole course facts, dose days of drugs
// given in cycles (edaravone) or by schedule (tofersen), and wording.
#ifndef ALS_GUIDELINE_RULES_DISEASE_MODIFYING_COMMON_H_
#define ALS_GUIDELINE_RULES_DISEASE_MODIFYING_COMMON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/guideline/definitions.h"

namespace als::guideline::dmt {

using terminology::ConceptSet;

// "50", "2.5", "6.3".
std::string Num(double value);
std::string Date(Day day);
// "a; b; c".
std::string Join(const std::vector<std::string>& items);
// Adds `reference` to `list` unless empty or present.
void AddEvidence(std::vector<std::string>* list, const std::string& reference);
// Sources of medication uses, for evidence.
std::vector<std::string> SourcesOf(const std::vector<const MedicationUse*>& uses);
// "MedicationRequest/mr-1 (active, authored 2026-01-01)".
std::string DescribeUse(const MedicationUse& use);

// A lab result compared with its upper limit of normal (rules.md 0.4 ULN, Q4).
struct LabReading {
  const Sample* sample = nullptr;
  Measure measure = Measure::kAlt;
  UpperLimit uln;
  double multiple = 0;  // value / ULN
};
// The latest result of `measure`, optionally no older than `max_age_days`.
std::optional<LabReading> LatestLab(const RuleContext& context, Measure measure,
                                    std::optional<int> max_age_days = std::nullopt);
// The latest ALT and latest AST, the one further above its ULN first.
std::vector<LabReading> LatestTransaminases(const RuleContext& context, std::optional<int> max_age_days = std::nullopt);
// "ALT 250 U/L on 2026-03-02 = 6.3x ULN (ULN 40 U/L from the result's reference range)"; says when the
// configured default ULN was used because the result had none.
std::string DescribeLab(const LabReading& reading);
// What suppresses a liver-test activity (rules.md 0.4): an open ALT/AST order
// (results pending) or a refusal within the refusal period; nullptr if none.
const Entry* PendingOrRefusedLiverTests(const RuleContext& context);
// Notes on liver-test inputs that could not be used ("" when none).
std::string LiverUnusableNote(const PatientRecord& record);

// Riluzole will not be started automatically: an active riluzole allergy or
// intolerance, or an earlier course stopped for an adverse reaction.
bool RiluzoleExcludedByHistory(const PatientRecord& record);

// Days on which a drug was given: MedicationAdministration (not "not-done")
// and, where `procedure_concept` is given, completed Procedures with that
// concept. Several records on one day are one dose day (edaravone IV 60 mg is
// two 30 mg bags); mg and mL are summed per day where recorded.
struct DoseDay {
  Day day = 0;
  std::optional<double> mg;
  std::optional<double> ml;
  ConceptSet routes;  // union of the day's recorded routes
  std::vector<std::string> sources;
};
// Procedures dated before the drug's first order or statement are ignored (an
// earlier intrathecal injection was not this drug).
std::vector<DoseDay> DoseDays(const PatientRecord& record, std::string_view ingredient,
                              std::string_view procedure_concept = "");

// Route of an edaravone order: IV (Radicava), oral/enteral (Radicava ORS), or not recorded.
enum class EdaravoneRoute { kIntravenous, kOralEnteral, kUnknown };
EdaravoneRoute RouteOf(const MedicationUse& use);
EdaravoneRoute RouteOfDay(const DoseDay& day);

// Edaravone cycle tracking (rules.md R12; notes 1A): cycle 1 starts at the
// first administration; a cycle is a dosing window followed by a drug-free
// period; the next cycle starts at the first dose on or after the end of the
// previous cycle (a late cycle is not a breach; an early dose is).
struct CycleParameters {
  int cycle_days = 28;
  int dosing_window_days = 14;
  int first_cycle_max_doses = 14;
  int later_cycle_max_doses = 10;
  int lookback_days = 56;  // breaches older than this are history, not an alert
};
struct CycleReport {
  bool started = false;
  int cycle = 0;         // the current (latest) cycle number
  Day cycle_start = 0;
  int doses_in_window = 0;
  std::string state;     // where the patient is in the schedule, in words
  std::vector<std::string> breaches;  // in words, with dates
  std::vector<std::string> breach_sources;
};
CycleReport TrackCycles(const std::vector<DoseDay>& days, Day now, const CycleParameters& parameters);
// The edaravone course so far: the rule's cycle parameters, the dose days and the cycle report.
struct EdaravoneCourse {
  CycleParameters parameters;
  std::vector<DoseDay> days;
  CycleReport report;
};
EdaravoneCourse TrackEdaravone(const RuleContext& context);
// "cycle 1: daily for 14 days, then 14 days drug-free; later cycles: ...".
std::string CycleText(const CycleParameters& parameters);
// The cycle parameters (declared by each edaravone regimen rule) and their values.
std::vector<ParameterSpec> CycleParameterSpecs(std::vector<ParameterSpec> more);
CycleParameters ReadCycleParameters(const RuleContext& context);

// The edaravone dose-pattern problems of a regimen rule, in words with dates:
// ordered doses, infusion duration and recorded administration days that do
// not match `expected`, and (when `with_cycles`) breaches of the cycle.
struct ExpectedDose {
  EdaravoneRoute route = EdaravoneRoute::kIntravenous;
  double mg = 0;
  std::optional<double> ml;                  // ORS: 5 mL
  std::optional<double> min_infusion_minutes;  // IV: 60 min
  double tolerance = 0;
};
struct DoseProblems {
  std::vector<std::string> problems;
  std::vector<std::string> evidence;
};
// Adds the Medium drug Flag of a regimen rule when `problems` has any:
// "<lead>: <problems>. <label> Prescriber to review."
void AddDoseFlag(std::vector<Finding>* findings, const DoseProblems& problems, const std::string& title,
                 const std::string& lead, const std::string& label);
DoseProblems CheckEdaravoneDoses(const std::vector<const MedicationUse*>& uses, const std::vector<DoseDay>& days,
                                 const CycleReport* cycles, const ExpectedDose& expected, Day now, int lookback_days);

}  // namespace als::guideline::dmt

#endif  // ALS_GUIDELINE_RULES_DISEASE_MODIFYING_COMMON_H_
