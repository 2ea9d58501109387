// R02 riluzole-dose-check: flag a non-standard riluzole daily dose or frequency.
#include <cmath>

#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using dmt::Num;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const double standard_daily = context.Param("standard_daily_mg");
  const double standard_per_day = context.Param("standard_doses_per_day");
  const double single_daily = context.Param("informational_daily_mg");
  const double tolerance = context.Param("dose_tolerance_mg");
  std::vector<Finding> findings;
  for (const MedicationUse* use : CurrentUses(record, "riluzole")) {
    if (!use->dose_mg || !use->doses_per_day) continue;  // no computable daily dose
    const double daily = *use->dose_mg * *use->doses_per_day;
    const bool twice_daily = std::fabs(*use->doses_per_day - standard_per_day) < 1e-6;
    std::string found = "Riluzole " + Num(*use->dose_mg) + " mg " + Num(*use->doses_per_day) +
                        " time(s) a day = " + Num(daily) + " mg/day in " + dmt::DescribeUse(*use) + ".";
    if (daily > standard_daily + tolerance) {
      findings.push_back(Alert(
          "drug", Priority::kMedium, "Non-standard riluzole dose: more than " + Num(standard_daily) + " mg/day",
          found + " The standard dose is 50 mg twice daily (" + Num(standard_daily) +
              " mg/day); the label says no increased benefit can be expected from higher daily doses, but adverse "
              "events are increased. Prescriber to review the dose.",
          {use->source}));
    } else if (std::fabs(daily - single_daily) <= tolerance) {
      findings.push_back(Alert(
          "drug", Priority::kLow, "Riluzole " + Num(single_daily) + " mg/day (information only)",
          found + " Information only, not an error: the standard dose is 50 mg twice daily (" + Num(standard_daily) +
              " mg/day), but a single daily dose of 50 mg can already be effective (EAN 2024).",
          {use->source}));
    } else if (!twice_daily || std::fabs(daily - standard_daily) > tolerance) {
      findings.push_back(Alert(
          "drug", Priority::kLow, "Non-standard riluzole dose or frequency",
          found + " The standard regimen is 50 mg twice daily (every 12 h; " + Num(standard_daily) +
              " mg/day). Prescriber to confirm the regimen is intended.",
          {use->source}));
    }
  }
  if (!findings.empty()) findings.front().description += UnusableNote(record, "riluzole");
  return findings;
}

}  // namespace

extern const Rule kRiluzoleDoseCheck{
    {"riluzole-dose-check", "R02", Domain::kDiseaseModifying, "Flag", Priority::kMedium,
     "Flag a non-standard riluzole dose (> 100 mg/day: Medium; 50 mg/day: information only)",
     "ON_DRUG(riluzole) and the daily dose from dosageInstruction (doseQuantity x timing.repeat.frequency/period) is "
     "> 100 mg/day (Medium), exactly 50 mg/day (Low, information only), or otherwise not 50 mg twice daily (Low)",
     "Seed 000_2fbc9b5cc989d561.txt (\"recommended dosage of 50 mg twice daily\"); US riluzole label (older: \"No "
     "increased benefit can be expected from higher daily doses\"); EAN 2024 (\"A single daily dose of 50 mg can "
     "already be effective\"); rules.md C15",
     {ParameterSpec{"standard_daily_mg", 100, "mg/day", "Standard riluzole daily dose; above it the Flag is Medium"},
      ParameterSpec{"standard_doses_per_day", 2, "doses/day", "Standard riluzole frequency (every 12 h)"},
      ParameterSpec{"informational_daily_mg", 50, "mg/day", "Daily dose reported as information only (Low), C15"},
      ParameterSpec{"dose_tolerance_mg", 0.5, "mg/day", "Rounding tolerance when comparing daily doses [design]"}}},
    &Evaluate};

}  // namespace als::guideline
