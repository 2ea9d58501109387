// R07 riluzole-alt-gt5: ALT or AST strictly above 5x ULN on riluzole (rules.md Q3):
// "continued use not recommended; prescriber review". The adapter never stops a drug.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  const double multiple = context.Param("uln_multiple");
  std::vector<dmt::LabReading> readings = dmt::LatestTransaminases(context);
  if (readings.empty() || readings.front().multiple <= multiple) return {};
  std::vector<std::string> evidence;
  std::string found;
  for (const dmt::LabReading& reading : readings) {
    if (reading.multiple <= multiple) continue;
    found += (found.empty() ? "" : "; ") + dmt::DescribeLab(reading);
    evidence.push_back(reading.sample->source);
  }
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  found = "On riluzole: latest " + found + ", above " + dmt::Num(multiple) + "x ULN." + dmt::LiverUnusableNote(record);
  std::vector<Finding> findings{
      Alert("drug", Priority::kHigh,
            "Transaminases > " + dmt::Num(multiple) +
                "x ULN on riluzole: continued use not recommended; prescriber review",
            found + " The current riluzole label says continued use is not recommended when transaminases exceed " +
                dmt::Num(multiple) + "x ULN. Prescriber review of riluzole is needed now; repeat ALT, AST and total "
                "bilirubin. This is an alert for the prescriber: the adapter does not change the prescription.",
            evidence),
      Activity("prescriber-review", Priority::kHigh,
               found + " Ask the prescriber to review continued riluzole (label: continued use not recommended above " +
                   dmt::Num(multiple) + "x ULN).",
               evidence)};
  if (dmt::PendingOrRefusedLiverTests(context) == nullptr) {
    findings.push_back(Activity("liver-function-tests", Priority::kHigh,
                                found + " Repeat ALT, AST and total bilirubin now.", evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kRiluzoleAltGt5{
    {"riluzole-alt-gt5", "R07", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kHigh,
     "Transaminases > 5x ULN on riluzole: continued use not recommended; prescriber review",
     "ON_DRUG(riluzole) and the latest ALT or the latest AST is strictly greater than 5x ULN (ULN from the result's "
     "referenceRange.high, else the configured default)",
     "Seed 000_2fbc9b5cc989d561.txt (\"Discontinue riluzole if baseline elevations exceed 5 times the upper limit of "
     "normal\", separated into baseline and on-treatment rules, rules.md C4/Q3); current US riluzole label (\"not "
     "recommended if patients develop hepatic transaminases levels greater than 5 times the ULN\")",
     {ParameterSpec{"uln_multiple", 5, "x ULN", "ALT or AST strictly above this multiple of ULN fires (Q3)"}}},
    &Evaluate};

}  // namespace als::guideline
