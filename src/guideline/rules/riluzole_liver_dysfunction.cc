// R08 riluzole-liver-dysfunction: evidence of liver dysfunction on riluzole.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  const double bilirubin_multiple = context.Param("bilirubin_uln_multiple");
  const double transaminase_multiple = context.Param("transaminase_uln_multiple");
  std::optional<Day> start = DrugStart(record, "riluzole");
  std::vector<std::string> found;
  std::vector<std::string> evidence;

  // Latest total bilirubin above ULN together with the latest ALT or AST above ULN.
  auto bilirubin = dmt::LatestLab(context, Measure::kBilirubin);
  std::vector<dmt::LabReading> transaminases = dmt::LatestTransaminases(context);
  if (bilirubin && bilirubin->multiple > bilirubin_multiple && !transaminases.empty() &&
      transaminases.front().multiple > transaminase_multiple) {
    found.push_back(dmt::DescribeLab(*bilirubin) + " with " + dmt::DescribeLab(transaminases.front()));
    evidence.push_back(bilirubin->sample->source);
    evidence.push_back(transaminases.front().sample->source);
  }
  // Jaundice, drug-induced liver injury or hepatic failure starting after riluzole started.
  for (const Entry* condition : record.Find(EntryKind::kCondition, "liver-injury")) {
    if (!condition->active) continue;
    bool after = start && condition->day && *condition->day >= *start;
    bool unknown = !start || !condition->day;
    if (!after && !unknown) continue;
    std::string when = condition->day ? "onset " + dmt::Date(*condition->day) : "onset not recorded";
    found.push_back("active " + condition->label + " (" + condition->source + ", " + when +
                    (unknown ? "; whether it began after riluzole cannot be told from the dates" : "") + ")");
    dmt::AddEvidence(&evidence, condition->source);
  }
  if (found.empty()) return {};
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  std::string text = dmt::Join(found);
  std::string description =
      "On riluzole" + (start ? " (started " + dmt::Date(*start) + ")" : std::string()) + ": " + text +
      ". The riluzole label says to discontinue riluzole if there is evidence of liver dysfunction (e.g. elevated "
      "bilirubin). Prescriber to review urgently; the adapter does not change the prescription itself." +
      dmt::LiverUnusableNote(record);
  return {Alert("drug", Priority::kHigh, "Evidence of liver dysfunction on riluzole: label says discontinue",
                description, evidence)};
}

}  // namespace

extern const Rule kRiluzoleLiverDysfunction{
    {"riluzole-liver-dysfunction", "R08", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Evidence of liver dysfunction on riluzole (label: discontinue): prescriber review",
     "ON_DRUG(riluzole) and (latest total bilirubin > ULN with the latest ALT or AST > ULN, or an active Condition of "
     "jaundice, drug-induced liver injury or hepatic failure with onset on/after start(riluzole))",
     "Seed 000_2fbc9b5cc989d561.txt (\"...or if evidence of liver dysfunction develops\"); US riluzole label "
     "(\"Discontinue RILUTEK if there is evidence of liver dysfunction (e.g., elevated bilirubin)\")",
     {ParameterSpec{"bilirubin_uln_multiple", 1, "x ULN", "Total bilirubin strictly above this multiple of ULN [design]"},
      ParameterSpec{"transaminase_uln_multiple", 1, "x ULN", "ALT or AST strictly above this multiple of ULN"}}},
    &Evaluate};

}  // namespace als::guideline
