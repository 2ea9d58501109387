// R11 riluzole-route-dysphagia: riluzole tablets with a gastrostomy or dysphagia:
// review the formulation (oral suspension, which can go via PEG, or oral film).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

enum class Form { kTablet, kNonTablet, kUnknown };

Form FormOf(const MedicationUse& use) {
  if (Contains(use.ingredients, "riluzole-non-tablet") || Contains(use.forms, "dose-form-oral-liquid")) {
    return Form::kNonTablet;
  }
  if (Contains(use.ingredients, "riluzole-tablet") || Contains(use.forms, "dose-form-tablet")) return Form::kTablet;
  return Form::kUnknown;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  bool tablet = false;
  for (const MedicationUse* use : uses) {
    Form form = FormOf(*use);
    if (form == Form::kNonTablet) return {};  // already on a form that needs no swallowing of tablets
    tablet = tablet || form == Form::kTablet;
  }

  std::vector<std::string> found;
  std::vector<std::string> evidence;
  for (const Entry* entry : record.FindAny("gastrostomy-present")) {
    bool counts = (entry->kind == EntryKind::kCondition && entry->active) ||
                  (entry->kind == EntryKind::kProcedure && entry->completed) ||
                  (entry->kind == EntryKind::kDeviceUse && entry->active) ||
                  (entry->kind == EntryKind::kObservation && entry->value_boolean.value_or(true));
    if (!counts) continue;
    found.push_back("gastrostomy (" + entry->label + ", " + entry->source + ")");
    evidence.push_back(entry->source);
  }
  for (const Entry* condition : record.Find(EntryKind::kCondition, "dysphagia")) {
    if (!condition->active) continue;
    found.push_back("active dysphagia (" + condition->label + ", " + condition->source + ")");
    evidence.push_back(condition->source);
  }
  const Sample* swallowing = ImpairedItem(context, Measure::kAlsfrsSwallowing, context.Param("swallowing_item_max"),
                                          static_cast<int>(context.Shared("bulbar_window_days")));
  if (swallowing != nullptr) {
    found.push_back(DescribeSample(*swallowing, Measure::kAlsfrsSwallowing));
    evidence.push_back(swallowing->source);
  }
  if (found.empty()) return {};
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  std::string text = dmt::Join(found);
  std::string form = tablet ? "riluzole tablets"
                            : "riluzole whose dose form is not recorded (taken to be tablets, the usual form)";
  return {Activity("formulation-review", Priority::kLow,
                   "On " + form + " with " + text +
                       ". Review the formulation: riluzole oral suspension (can be given via PEG) or oral film.",
                   evidence)};
}

}  // namespace

extern const Rule kRiluzoleRouteDysphagia{
    {"riluzole-route-dysphagia", "R11", Domain::kDiseaseModifying, "CarePlan activity", Priority::kLow,
     "Riluzole tablets with gastrostomy or dysphagia: review the formulation",
     "ON_DRUG(riluzole) in tablet form (product code or Medication.form; unknown form counts as tablet, no current "
     "suspension/film) and (gastrostomy present, an active dysphagia Condition, or ALSFRS-R swallowing item <= 2 "
     "within 90 days)",
     "Seed 002_c6acfc4ececb5832.txt (drug table: \"Oral tablet, liquid, film\"); riluzole oral suspension label "
     "summary (\"May administer via PEG tube\"); Exservan oral film instructions",
     {ParameterSpec{"swallowing_item_max", 2, "points", "ALSFRS-R swallowing item at or below this counts [design]"}}},
    &Evaluate};

}  // namespace als::guideline
