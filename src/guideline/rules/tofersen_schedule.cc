// R19 tofersen-schedule: the next tofersen dose (3 loading doses 14 days apart,
// then every 28 days), the missed-dose rule when overdue, and a High Flag for a
// dose other than 100 mg / 15 mL or a route other than intrathecal.
#include <cmath>

#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using dmt::Date;
using terminology::Contains;

// Wrong dose or route of an order or administration, in words ("" if right or unknown).
std::string DoseProblem(std::optional<double> mg, std::optional<double> ml, const dmt::ConceptSet& routes, double want_mg,
                        double want_ml, double tolerance) {
  std::string problem;
  if (mg && std::fabs(*mg - want_mg) > tolerance) problem = "dose " + dmt::Num(*mg) + " mg";
  if (!mg && ml && std::fabs(*ml - want_ml) > tolerance) problem = "dose " + dmt::Num(*ml) + " mL";
  if (!routes.empty() && !Contains(routes, "route-intrathecal")) {
    problem += (problem.empty() ? "" : ", ") + std::string("route not intrathecal");
  }
  return problem;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "tofersen");
  if (uses.empty()) return {};
  const Day now = context.now();
  const int loading_interval = static_cast<int>(context.Param("loading_interval_days"));
  const int loading_doses = static_cast<int>(context.Param("loading_doses"));
  const int maintenance_interval = static_cast<int>(context.Param("maintenance_interval_days"));
  const double want_mg = context.Param("dose_mg");
  const double want_ml = context.Param("dose_ml");
  const double tolerance = context.Param("dose_tolerance");
  std::vector<dmt::DoseDay> days = dmt::DoseDays(record, "tofersen", "intrathecal-injection");
  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  std::vector<Finding> findings;

  // Wrong dose or route: the current orders and the latest administration.
  std::vector<std::string> problems;
  std::vector<std::string> problem_sources;
  for (const MedicationUse* use : uses) {
    std::string problem = DoseProblem(use->dose_mg, use->dose_ml, use->routes, want_mg, want_ml, tolerance);
    if (problem.empty()) continue;
    problems.push_back(problem + " in " + use->source);
    problem_sources.push_back(use->source);
  }
  if (!days.empty()) {
    const dmt::DoseDay& last = days.back();
    std::string problem = DoseProblem(last.mg, last.ml, last.routes, want_mg, want_ml, tolerance);
    if (!problem.empty()) {
      problems.push_back(problem + " given on " + Date(last.day));
      for (const std::string& source : last.sources) dmt::AddEvidence(&problem_sources, source);
    }
  }
  if (!problems.empty()) {
    std::string text = dmt::Join(problems);
    findings.push_back(Alert("drug", Priority::kHigh, "Tofersen dose or route is not 100 mg (15 mL) intrathecal",
                             "Tofersen: " + text + ". The labelled dose is " + dmt::Num(want_mg) + " mg (" +
                                 dmt::Num(want_ml) +
                                 " mL) by intrathecal bolus injection (lumbar puncture). Prescriber review before "
                                 "the next dose." + UnusableNote(record, "tofersen"),
                             problem_sources));
  }

  const std::string how = "Tofersen " + dmt::Num(want_mg) + " mg/" + dmt::Num(want_ml) +
                          " mL intrathecal by lumbar puncture; remove about 10 mL of CSF first; bolus over 1-3 min.";
  if (days.empty()) {
    findings.push_back(Activity("tofersen-administration", Priority::kLow,
                                "Tofersen ordered and no dose recorded yet: loading dose 1 of " +
                                    std::to_string(loading_doses) + " is due. " + how + " Loading doses " +
                                    std::to_string(loading_interval) + " days apart, then every " +
                                    std::to_string(maintenance_interval) + " days.",
                                evidence));
    return findings;
  }
  const int given = static_cast<int>(days.size());
  const Day last = days.back().day;
  const bool loading = given < loading_doses;
  const Day due = last + (loading ? loading_interval : maintenance_interval);
  std::string next = loading ? "loading dose " + std::to_string(given + 1) + " of " + std::to_string(loading_doses)
                             : "maintenance dose";
  for (const std::string& source : days.back().sources) dmt::AddEvidence(&evidence, source);
  std::string history = std::to_string(given) + " dose(s) recorded, the last on " + Date(last) + "; the " + next +
                        " is due on " + Date(due);
  if (now <= due) {
    findings.push_back(Activity("tofersen-administration", Priority::kLow, history + ". " + how, evidence));
    return findings;
  }
  std::string missed_rule =
      given == 1 ? "give the missed 2nd loading dose as soon as possible and the 3rd loading dose " +
                       std::to_string(loading_interval) + " days after it"
                 : "give the missed dose as soon as possible and the next dose " +
                       std::to_string(maintenance_interval) + " days after it" +
                       (loading ? " (the 3rd loading dose was missed)" : "");
  findings.push_back(Activity("tofersen-administration", Priority::kMedium,
                              history + ": overdue by " + std::to_string(now - due) + " days. Missed dose: " +
                                  missed_rule + ". " + how,
                              evidence));
  return findings;
}

}  // namespace

extern const Rule kTofersenSchedule{
    {"tofersen-schedule", "R19", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kHigh,
     "Tofersen schedule: next dose (Low), overdue with the missed-dose rule (Medium), wrong dose or route (High Flag)",
     "ON_DRUG(tofersen). Dose days d1..dn from MedicationAdministration or intrathecal-injection Procedures; next due "
     "= dn + 14 d while n < 3, else dn + 28 d; overdue if NOW > next due. Flag if an order or the latest "
     "administration is not 100 mg (15 mL) or not intrathecal",
     "Seed 002_c6acfc4ececb5832.txt (\"administered intrathecally ... three loading doses at 14-day intervals, "
     "followed by a maintenance dose every 28 days\"); Qalsody PI 2.1/2.2 (missed doses, 10 mL CSF removal)",
     {ParameterSpec{"loading_doses", 3, "doses", "Number of loading doses"},
      ParameterSpec{"loading_interval_days", 14, "days", "Interval between loading doses"},
      ParameterSpec{"maintenance_interval_days", 28, "days", "Interval between maintenance doses"},
      ParameterSpec{"dose_mg", 100, "mg", "Tofersen dose"},
      ParameterSpec{"dose_ml", 15, "mL", "Tofersen dose volume"},
      ParameterSpec{"dose_tolerance", 0.5, "mg or mL", "Rounding tolerance when comparing doses [design]"}}},
    &Evaluate};

}  // namespace als::guideline
