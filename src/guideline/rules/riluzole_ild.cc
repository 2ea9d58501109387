// R10 riluzole-ild: interstitial lung disease developing on riluzole.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  std::optional<Day> start = DrugStart(record, "riluzole");
  std::vector<std::string> found;
  std::vector<std::string> evidence;
  for (const Entry* condition : record.Find(EntryKind::kCondition, "interstitial-lung-disease")) {
    if (!condition->active) continue;
    const bool dated = start && condition->day;
    if (dated && *condition->day < *start) continue;  // present before riluzole: not a new adverse reaction
    found.push_back(condition->label + " (" + condition->source + ", " +
                    (condition->day ? "onset " + dmt::Date(*condition->day) : std::string("onset not recorded")) +
                    (dated ? "" : "; whether it began after riluzole cannot be told from the dates") + ")");
    evidence.push_back(condition->source);
  }
  if (found.empty()) return {};
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  std::string text = dmt::Join(found);
  return {Alert("drug", Priority::kHigh, "Label: discontinue riluzole immediately if interstitial lung disease develops",
                "On riluzole" + (start ? " (started " + dmt::Date(*start) + ")" : std::string()) +
                    ": active interstitial lung disease / hypersensitivity pneumonitis: " + text +
                    ". The riluzole label says to discontinue riluzole immediately if interstitial lung disease "
                    "develops. Prescriber to review now; the adapter does not change the prescription itself.",
                evidence)};
}

}  // namespace

extern const Rule kRiluzoleIld{
    {"riluzole-ild", "R10", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Interstitial lung disease on riluzole (label: discontinue immediately): prescriber review",
     "ON_DRUG(riluzole) and an active Condition of interstitial lung disease or hypersensitivity pneumonitis with onset "
     "on/after start(riluzole) (or with either date unknown)",
     "No seed basis (extension rule); US riluzole label (\"Discontinue RILUTEK immediately if interstitial lung "
     "disease develops\")",
     {}},
    &Evaluate};

}  // namespace als::guideline
