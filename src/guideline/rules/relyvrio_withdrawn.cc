// R21 relyvrio-withdrawn: sodium phenylbutyrate/taurursodiol (Relyvrio, Albrioza,
// AMX0035, PB/TURSO) was withdrawn in April 2024: a review alert (rules.md C13,
// Q16), never a proposal and never a hard stop.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = DraftOrCurrentUses(record, "relyvrio");
  if (uses.empty()) return {};
  const int date = static_cast<int>(context.Param("withdrawal_date"));
  const Day withdrawn = fhir::DaysFromCivil(date / 10000, date / 100 % 100, date % 100);

  Priority priority = Priority::kMedium;
  std::vector<std::string> found;
  for (const MedicationUse* use : uses) {
    bool request = use->source_kind == model::MedicationSource::kRequest;
    std::string why;
    if (request && use->draft) {
      why = "a new (draft) order";
    } else if (request && (!use->authored || *use->authored >= withdrawn)) {
      why = use->authored ? "ordered on or after the withdrawal" : "an order with no authored date";
    } else if (!request && use->start && *use->start >= withdrawn) {
      why = "started on or after the withdrawal";
    }
    if (!why.empty()) priority = Priority::kHigh;
    found.push_back(dmt::DescribeUse(*use) + (why.empty() ? ", continuing from before the withdrawal" : ", " + why));
  }
  std::string text = dmt::Join(found);
  std::string description =
      "Sodium phenylbutyrate/taurursodiol (Relyvrio; Albrioza in Canada; AMX0035, PB/TURSO) on file: " + text +
      ". Amylyx withdrew it from the US and Canadian markets (announced " + dmt::Date(withdrawn) +
      ") after the phase 3 PHOENIX trial failed; it is not available to new patients, and existing patients could "
      "move to the maker's free-drug programme. Review with the patient: this is a review alert, not a stop order." +
      UnusableNote(record, "relyvrio");
  return {Alert("drug", priority, "Relyvrio (PB/TURSO) withdrawn from the US and Canadian markets: review with the patient",
                description, dmt::SourcesOf(uses))};
}

}  // namespace

extern const Rule kRelyvrioWithdrawn{
    {"relyvrio-withdrawn", "R21", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Relyvrio (sodium phenylbutyrate/taurursodiol) withdrawn in 2024: review alert (never proposed)",
     "Any MedicationRequest (draft/active/on-hold) or active MedicationStatement for sodium phenylbutyrate + "
     "taurursodiol: High if a request is draft, authored on/after 2024-04-04 (or undated), or a statement started "
     "on/after it; Medium for a continuing earlier statement or order",
     "Seed 002_c6acfc4ececb5832.txt (\"Relyvrio ... was voluntarily withdrawn from the market in 2024 after failing "
     "its Phase 3 confirmatory trial\"); seed 000_2fbc9b5cc989d561.txt still lists PB/TURSO as approved (out of date, "
     "rules.md C1); Amylyx announcements (MMIT, Reuters via PharmaLive, ALS Canada); rules.md C13, Q16",
     {ParameterSpec{"withdrawal_date", 20240404, "YYYYMMDD",
                    "Amylyx began discontinuing the US/Canadian authorizations on this date"}}},
    &Evaluate};

}  // namespace als::guideline
