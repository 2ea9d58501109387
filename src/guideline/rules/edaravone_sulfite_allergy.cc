// R15 edaravone-sulfite-allergy: edaravone with a sulfite (or edaravone) allergy;
// asthma without a sulfite allergy gives a Medium "monitor" Flag. A sulfonamide
// ("sulfa") allergy is not a sulfite allergy: the sulfite-allergen set excludes it.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = DraftOrCurrentUses(record, "edaravone");
  if (uses.empty()) return {};
  std::vector<std::string> evidence;
  std::string allergies;
  for (const Entry* allergy : record.Find(EntryKind::kAllergy, "sulfite-allergen")) {
    if (!allergy->active) continue;  // refuted / entered-in-error are never in the record; inactive/resolved skip
    allergies += (allergies.empty() ? "" : "; ") + allergy->label + " (" + allergy->source + ")";
    evidence.push_back(allergy->source);
  }
  std::string order = dmt::DescribeUse(*uses.front());
  for (const std::string& source : dmt::SourcesOf(uses)) dmt::AddEvidence(&evidence, source);
  if (!allergies.empty()) {
    return {Alert("drug", Priority::kHigh,
                  "Edaravone IV and ORS contain sodium bisulfite; hypersensitivity to an inactive ingredient is a "
                  "labelled contraindication",
                  "Edaravone ordered (" + order + ") and an active allergy to sulfite/bisulfite or edaravone is "
                      "recorded: " + allergies +
                      ". Radicava IV and Radicava ORS both contain sodium bisulfite; switching from IV to ORS does "
                      "not avoid it. Hypersensitivity to edaravone or any inactive ingredient is a labelled "
                      "contraindication: prescriber review before any dose.",
                  evidence)};
  }
  for (const Entry* condition : record.Find(EntryKind::kCondition, "asthma")) {
    if (!condition->active) continue;
    evidence.insert(evidence.begin(), condition->source);
    return {Alert("drug", Priority::kMedium, "Edaravone with asthma: monitor for sulfite reaction",
                  "Edaravone ordered (" + order + ") in a patient with active asthma (" + condition->label + ", " +
                      condition->source +
                      ") and no recorded sulfite allergy. Radicava IV and ORS contain sodium bisulfite and sulfite "
                      "sensitivity is more common with asthma: monitor for allergic reactions, including "
                      "bronchospasm.",
                  evidence)};
  }
  return {};
}

}  // namespace

extern const Rule kEdaravoneSulfiteAllergy{
    {"edaravone-sulfite-allergy", "R15", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Edaravone with a sulfite or edaravone allergy (High); with asthma and no sulfite allergy (Medium)",
     "Edaravone (IV or ORS) draft/active and an active AllergyIntolerance (not refuted/entered-in-error) to sulfite, "
     "sodium or potassium (meta)bisulfite, sulfur dioxide or edaravone (never a sulfonamide allergy): High; otherwise "
     "an active asthma Condition: Medium",
     "Seed 001_660b7d635bcbe986.txt (\"Edaravone contains sodium bisulfite and may cause allergic reactions including "
     "anaphylaxis ... screen for sulfite allergies before initiating\"); Radicava PI (contraindication: "
     "hypersensitivity to edaravone or any of the inactive ingredients; W&P 5.2 covers IV and ORS); rules.md C5",
     {}},
    &Evaluate};

}  // namespace als::guideline
