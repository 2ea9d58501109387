// R12 edaravone-iv-regimen: the IV edaravone cycle schedule, and a Flag when the
// dose, the infusion time or the administration pattern breaks it.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses;
  bool route_unknown = false;
  for (const MedicationUse* use : CurrentUses(record, "edaravone")) {
    dmt::EdaravoneRoute route = dmt::RouteOf(*use);
    if (route == dmt::EdaravoneRoute::kOralEnteral) continue;  // Radicava ORS: edaravone-ors-regimen
    route_unknown = route_unknown || route == dmt::EdaravoneRoute::kUnknown;
    uses.push_back(use);
  }
  if (uses.empty()) return {};
  const dmt::EdaravoneCourse course = dmt::TrackEdaravone(context);
  const dmt::CycleParameters& cycle = course.parameters;
  const std::vector<dmt::DoseDay>& days = course.days;
  const dmt::CycleReport& report = course.report;
  const double dose_mg = context.Param("dose_mg");
  const double infusion_minutes = context.Param("min_infusion_minutes");

  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  if (!days.empty()) dmt::AddEvidence(&evidence, days.back().sources.front());
  std::string schedule =
      "Edaravone IV " + dmt::Num(dose_mg) + " mg over " + dmt::Num(infusion_minutes) +
      " min (two consecutive 30 mg bags, about 1 mg/min); " + dmt::CycleText(cycle) +
      ". Stop the infusion at the first sign of hypersensitivity. " + report.state;
  if (route_unknown) {
    schedule += " Note: the route of " + uses.front()->source +
                " is not recorded; the IV schedule is shown (Radicava ORS 105 mg follows the same cycles) and the "
                "ordered dose was not checked.";
  }
  std::vector<Finding> findings{
      Activity("edaravone-administration", Priority::kLow, schedule + UnusableNote(record, "edaravone"), evidence)};

  dmt::ExpectedDose expected;
  expected.route = dmt::EdaravoneRoute::kIntravenous;
  expected.mg = dose_mg;
  expected.min_infusion_minutes = infusion_minutes;
  expected.tolerance = context.Param("dose_tolerance");
  dmt::DoseProblems problems =
      dmt::CheckEdaravoneDoses(uses, days, &report, expected, context.now(), cycle.lookback_days);
  dmt::AddDoseFlag(&findings, problems, "Edaravone IV dose, infusion time or cycle pattern off-label", "Edaravone IV",
                   "The label regimen is " + dmt::Num(dose_mg) + " mg over " + dmt::Num(infusion_minutes) + " min; " +
                       dmt::CycleText(cycle) + ".");
  return findings;
}

}  // namespace

extern const Rule kEdaravoneIvRegimen{
    {"edaravone-iv-regimen", "R12", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kMedium,
     "Edaravone IV: cycle schedule (Low) and a Flag when dose, infusion time or cycle pattern is off (Medium)",
     "ON_DRUG(edaravone) with route IV (or route not recorded). Cycles from the first MedicationAdministration: cycle 1 "
     "= 14 daily doses then 14 days drug-free; later cycles = 10 doses within 14 days then 14 days drug-free; a cycle "
     "starts at the first dose on/after the end of the previous one. Flag: ordered or given dose not 60 mg, infusion "
     "under 60 min, > 14 doses in cycle 1, > 10 in a later dosing window, any dose in a drug-free period",
     "Seed 001_660b7d635bcbe986.txt (\"Edaravone (intravenous): 60 mg IV infusion over 60 minutes. Initial cycle "
     "consists of daily dosing for 14 days followed by 14-day drug-free period...\"); seed 000_2fbc9b5cc989d561.txt "
     "(\"28-day cycles\"); Radicava PI 2.1",
     dmt::CycleParameterSpecs({{"dose_mg", 60, "mg", "Edaravone IV dose per day"},
                               {"min_infusion_minutes", 60, "min", "Shortest infusion time for the 60 mg dose"}})},
    &Evaluate};

}  // namespace als::guideline
