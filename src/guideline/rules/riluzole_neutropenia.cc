// R09 riluzole-neutropenia: severe neutropenia, or febrile illness early in
// treatment, on riluzole; plus the "report febrile illness" education at start.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using dmt::Date;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  const Day now = context.now();
  const double anc_below = context.Param("anc_below");
  const int early_days = static_cast<int>(context.Param("early_window_days"));
  const double fever = context.Param("fever_celsius");
  std::optional<Day> start = DrugStart(record, "riluzole");
  const bool early = start && now - *start <= early_days;
  const Sample* anc = record.Latest(Measure::kNeutrophils);

  std::vector<std::string> found;
  std::vector<std::string> evidence;
  if (anc != nullptr && anc->value < anc_below) {
    found.push_back(DescribeSample(*anc, Measure::kNeutrophils) + ", below " + dmt::Num(anc_below) +
                    " x10^9/L (500/mm3)");
    evidence.push_back(anc->source);
  }
  for (const Entry* condition : record.Find(EntryKind::kCondition, "neutropenia")) {
    if (condition->active && (!start || !condition->day || *condition->day >= *start)) {
      found.push_back("active " + condition->label + " (" + condition->source + ")");
      dmt::AddEvidence(&evidence, condition->source);
    }
  }
  if (early) {
    // Fever since riluzole started, unless an ANC was measured on or after it.
    auto anc_after = [&](Day day) { return anc != nullptr && anc->day >= day; };
    for (const Entry* condition : record.Find(EntryKind::kCondition, "febrile-illness")) {
      if (!condition->active || (condition->day && anc_after(*condition->day))) continue;
      found.push_back("febrile illness " + condition->label + " (" + condition->source + ") in the first " +
                      std::to_string(early_days) + " days of riluzole");
      dmt::AddEvidence(&evidence, condition->source);
    }
    for (const Sample& temperature : record.Series(Measure::kTemperature)) {
      if (temperature.day < *start || temperature.value < fever || anc_after(temperature.day)) continue;
      found.push_back(DescribeSample(temperature, Measure::kTemperature) + " in the first " +
                      std::to_string(early_days) + " days of riluzole, with no ANC since");
      dmt::AddEvidence(&evidence, temperature.source);
    }
  }

  std::vector<Finding> findings;
  std::string started = start ? "started " + Date(*start) : "start date not recorded";
  if (!found.empty()) {
    std::string text = dmt::Join(found);
    for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
    findings.push_back(Alert(
        "drug", Priority::kHigh, "Severe neutropenia / febrile illness on riluzole: urgent CBC and review",
        "On riluzole (" + started + "): " + text +
            ". Severe neutropenia (ANC < 500/mm3) has been reported in the first 2 months of riluzole. Urgent CBC "
            "with differential and prescriber review." +
            UnusableNote(record, "neutrophils-absolute") + UnusableNote(record, "body-temperature"),
        evidence));
  }
  if (early) {
    findings.push_back(Activity(
        "patient-education-febrile-illness", Priority::kLow,
        "Riluzole " + started + " (first " + std::to_string(early_days) +
            " days): tell the patient and carers to report any febrile illness promptly (risk of severe neutropenia "
            "early in treatment).",
        dmt::SourcesOf(uses)));
  }
  return findings;
}

}  // namespace

extern const Rule kRiluzoleNeutropenia{
    {"riluzole-neutropenia", "R09", Domain::kDiseaseModifying, "Flag + CarePlan activity", Priority::kHigh,
     "Severe neutropenia or early febrile illness on riluzole: urgent CBC and review",
     "ON_DRUG(riluzole) and (latest ANC < 0.5 x10^9/L, or an active neutropenia Condition; or start <= 60 d ago and an "
     "active febrile illness or a temperature >= 38 C since start with no ANC measured since). Low education "
     "activity during the first 60 days",
     "No seed basis (extension rule; 003_8fed761a79a9fd23.txt lists other side effects only); US riluzole label "
     "(\"Cases of severe neutropenia (absolute neutrophil count less than 500 per mm3) within the first 2 months ... "
     "Advise patients to report febrile illnesses\")",
     {ParameterSpec{"anc_below", 0.5, "10*9/L", "ANC strictly below this fires (500/mm3)"},
      ParameterSpec{"early_window_days", 60, "days", "The first months of treatment (label: first 2 months)"},
      ParameterSpec{"fever_celsius", 38, "Cel", "A temperature at or above this counts as febrile [design]"}}},
    &Evaluate};

}  // namespace als::guideline
