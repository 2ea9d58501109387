// R13 edaravone-ors-regimen: Radicava ORS administration instructions and the
// cycle schedule; a Flag when the dose is not 105 mg (5 mL).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses;
  bool iv_rule_covers_cycles = false;  // edaravone-iv-regimen tracks the cycles when an IV/unknown order is current
  for (const MedicationUse* use : CurrentUses(record, "edaravone")) {
    if (dmt::RouteOf(*use) == dmt::EdaravoneRoute::kOralEnteral) {
      uses.push_back(use);
    } else {
      iv_rule_covers_cycles = true;
    }
  }
  if (uses.empty()) return {};
  const dmt::EdaravoneCourse course = dmt::TrackEdaravone(context);
  const dmt::CycleParameters& cycle = course.parameters;
  const std::vector<dmt::DoseDay>& days = course.days;
  const dmt::CycleReport& report = course.report;
  const double dose_mg = context.Param("dose_mg");
  const double dose_ml = context.Param("dose_ml");

  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  std::string instructions =
      "Radicava ORS (edaravone oral suspension) " + dmt::Num(dose_mg) + " mg (" + dmt::Num(dose_ml) +
      " mL) by mouth or by feeding tube, in the morning after an overnight fast; no food for 1 h after the dose "
      "(water allowed). Before the dose, fast 8 h after a high-fat meal, 4 h after a low-fat meal, or 2 h after a "
      "caloric supplement. Same cycle schedule as IV: " + dmt::CycleText(cycle) +
      ". Radicava ORS, like the IV form, contains sodium bisulfite (sulfite allergy screen applies). " +
      report.state;
  std::vector<Finding> findings{
      Activity("edaravone-administration", Priority::kLow, instructions + UnusableNote(record, "edaravone"), evidence)};

  dmt::ExpectedDose expected;
  expected.route = dmt::EdaravoneRoute::kOralEnteral;
  expected.mg = dose_mg;
  expected.ml = dose_ml;
  expected.tolerance = context.Param("dose_tolerance");
  dmt::DoseProblems problems = dmt::CheckEdaravoneDoses(uses, days, iv_rule_covers_cycles ? nullptr : &report, expected,
                                                        context.now(), cycle.lookback_days);
  dmt::AddDoseFlag(&findings, problems, "Radicava ORS dose or cycle pattern off-label", "Edaravone oral suspension",
                   "The label dose is " + dmt::Num(dose_mg) + " mg (" + dmt::Num(dose_ml) +
                       " mL) once daily on the IV cycle schedule.");
  return findings;
}

}  // namespace

extern const Rule kEdaravoneOrsRegimen{
    {"edaravone-ors-regimen", "R13", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kMedium,
     "Radicava ORS: administration instructions and cycles (Low); Flag when the dose is not 105 mg (Medium)",
     "ON_DRUG(edaravone) with an oral or enteral route. Flag: ordered or given dose not 105 mg (5 mL); also cycle "
     "breaches as in edaravone-iv-regimen when no IV order is current",
     "Seed 002_c6acfc4ececb5832.txt (drug table: \"IV infusion, oral liquid\"); Radicava/Radicava ORS PI 2.1, 2.3 and "
     "the fasting table; rules.md C5 (ORS also contains sodium bisulfite)",
     dmt::CycleParameterSpecs({{"dose_mg", 105, "mg", "Radicava ORS dose"},
                               {"dose_ml", 5, "mL", "Radicava ORS dose volume (105 mg/5 mL)"}})},
    &Evaluate};

}  // namespace als::guideline
