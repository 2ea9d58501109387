// R20 tofersen-neuro-safety: a labelled serious neurological adverse reaction
// (myelitis, radiculitis, papilloedema/raised ICP, aseptic meningitis) after
// the first tofersen dose; education at the start of treatment.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "tofersen");
  if (uses.empty()) return {};
  std::vector<dmt::DoseDay> days = dmt::DoseDays(record, "tofersen", "intrathecal-injection");
  // First dose: the first recorded administration, else start(tofersen).
  std::optional<Day> first = days.empty() ? DrugStart(record, "tofersen") : std::optional<Day>(days.front().day);
  std::vector<Finding> findings;

  std::vector<std::string> found;
  std::vector<std::string> evidence;
  for (const Entry* entry : record.FindAny("tofersen-neuro-adverse")) {
    bool present = entry->kind == EntryKind::kCondition
                       ? entry->active
                       : entry->kind == EntryKind::kObservation && entry->value_boolean.value_or(true);
    if (!present || !first || !entry->day || *entry->day < *first) continue;  // not new since the first dose
    found.push_back(entry->label + " (" + entry->source + ", " + dmt::Date(*entry->day) + ")");
    evidence.push_back(entry->source);
  }
  if (!found.empty()) {
    std::string text = dmt::Join(found);
    for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
    findings.push_back(Alert("drug", Priority::kHigh,
                             "Labelled serious adverse reaction of tofersen: evaluate; may need interruption or "
                             "discontinuation",
                             "On tofersen (first dose " + dmt::Date(*first) + "): new " + text +
                                 ". Myelitis, radiculitis, papilloedema/raised intracranial pressure and aseptic "
                                 "meningitis are labelled serious adverse reactions of tofersen: evaluate now; "
                                 "treatment may need interruption or discontinuation (prescriber decision).",
                             evidence));
  }
  const int education_days = static_cast<int>(context.Param("education_window_days"));
  if (!first || context.now() - *first <= education_days) {
    findings.push_back(Activity(
        "patient-education-tofersen-safety", Priority::kLow,
        std::string(first ? "Tofersen started " + dmt::Date(*first) : "Tofersen ordered, no dose recorded yet") +
            ": tell the patient and carers to report new back or limb pain, weakness or numbness (myelitis, "
            "radiculitis), headache, vomiting or visual change (papilloedema, raised intracranial pressure), and "
            "fever with headache or neck stiffness (aseptic meningitis).",
        dmt::SourcesOf(uses)));
  }
  return findings;
}

}  // namespace

extern const Rule kTofersenNeuroSafety{
    {"tofersen-neuro-safety", "R20", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kHigh,
     "New myelitis, radiculitis, papilloedema/raised ICP or aseptic meningitis on tofersen: evaluate (High)",
     "ON_DRUG(tofersen) and an active Condition or a present Observation of a tofersen neurological adverse reaction "
     "dated on/after the first dose (first administration or intrathecal procedure, else start(tofersen)). Low "
     "education activity before the first dose and during the loading phase",
     "Seed 002_c6acfc4ececb5832.txt (\"Serious side effects like inflammation of the spinal cord (myelitis) have also "
     "been reported\"); Qalsody PI W&P (myelitis and radiculitis; papilledema and elevated intracranial pressure; "
     "aseptic meningitis)",
     {ParameterSpec{"education_window_days", 28, "days",
                    "Education activity until this long after the first dose (the loading phase) [design]"}}},
    &Evaluate};

}  // namespace als::guideline
