// R06 riluzole-alt-3to5: transaminases above 3x and up to 5x ULN on riluzole.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  const double lower = context.Param("lower_uln_multiple");
  const double upper = context.Param("upper_uln_multiple");
  std::vector<dmt::LabReading> readings = dmt::LatestTransaminases(context);
  // The worse of the latest ALT and AST decides; above `upper` is riluzole-alt-gt5.
  if (readings.empty() || readings.front().multiple <= lower || readings.front().multiple > upper) return {};
  const dmt::LabReading& worst = readings.front();
  std::vector<std::string> evidence{worst.sample->source};
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  const int repeat_days = static_cast<int>(context.Param("repeat_within_days"));
  std::string found = "On riluzole: latest " + dmt::DescribeLab(worst) + ", above " + dmt::Num(lower) +
                      "x and not above " + dmt::Num(upper) + "x ULN." + dmt::LiverUnusableNote(record);
  std::vector<Finding> findings{
      Alert("lab", Priority::kMedium,
            "Transaminases " + dmt::Num(lower) + "-" + dmt::Num(upper) + "x ULN on riluzole",
            found + " Treatment usually continues with closer monitoring; repeat ALT/AST and bilirubin within " +
                std::to_string(repeat_days) + " days and watch for signs of hepatic injury.",
            evidence)};
  if (dmt::PendingOrRefusedLiverTests(context) == nullptr) {
    findings.push_back(Activity("liver-function-tests", Priority::kMedium,
                                found + " Repeat ALT, AST and total bilirubin within " + std::to_string(repeat_days) +
                                    " days.",
                                evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kRiluzoleAlt3to5{
    {"riluzole-alt-3to5", "R06", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kMedium,
     "Transaminases 3-5x ULN on riluzole: repeat liver tests within 14 days",
     "ON_DRUG(riluzole) and the latest ALT or AST (the one further above its ULN) is > 3x ULN and <= 5x ULN",
     "Seed 000_2fbc9b5cc989d561.txt (\"as hepatotoxicity is a significant concern\"); US riluzole label (ALT > 3x "
     "ULN in about 8%; older label: with ALT < 5x ULN treatment continued)",
     {ParameterSpec{"lower_uln_multiple", 3, "x ULN", "ALT/AST strictly above this multiple of ULN fires"},
      ParameterSpec{"upper_uln_multiple", 5, "x ULN", "Up to and including this multiple (above: riluzole-alt-gt5)"},
      ParameterSpec{"repeat_within_days", 14, "days", "Repeat ALT/AST and bilirubin within this many days [design]"}}},
    &Evaluate};

}  // namespace als::guideline
