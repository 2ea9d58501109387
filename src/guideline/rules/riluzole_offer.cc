// R01 riluzole-offer: offer riluzole to an ALS patient not on it.
#include "als/guideline/definitions.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (OnDrug(record, "riluzole")) return {};
  // A draft order already proposes it; a recent "not taken" statement is a refusal.
  for (const MedicationUse* use : record.Medications("riluzole")) {
    if (use->draft) return {};
    bool recent = use->start && context.now() - *use->start <= context.Shared("refusal_suppression_days");
    if (use->status == "not-taken" && recent) return {};
    // Stopped for an adverse reaction: an intolerance, not a candidate for an automatic offer.
    if (terminology::Contains(use->reason_concepts, "adverse-reaction")) return {};
  }
  for (const Entry* allergy : record.Find(EntryKind::kAllergy, "riluzole")) {
    if (allergy->active) return {};
  }
  if (context.Fired("riluzole-baseline-liver")) return {};  // R04 asks for specialist review instead

  std::vector<std::string> evidence{record.dx_source};
  std::string description =
      "ALS diagnosis on file and no current riluzole order or statement. Offer riluzole 50 mg by mouth twice "
      "daily (every 12 h), at least 1 h before or 2 h after meals; measure ALT/AST before starting "
      "(riluzole-lft-baseline).";
  return {Activity("start-riluzole", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kRiluzoleOffer{
    {"riluzole-offer", "R01", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Offer riluzole 50 mg twice daily to every ALS patient not on it",
     "ALS_DX and not ON_DRUG(riluzole), no riluzole allergy or intolerance, and riluzole-baseline-liver not firing",
     "Seed 000_2fbc9b5cc989d561.txt (\"Riluzole remains the cornerstone pharmacologic treatment ... 50 mg twice "
     "daily\"); AAN 2009 practice parameter (Level A); US riluzole label (dosage)",
     {}},
    &Evaluate};

}  // namespace als::guideline
