// R14 edaravone-sulfite-screen: edaravone ordered and the allergy status is unknown:
// screen for sulfite/bisulfite allergy and asthma first (IV and ORS contain bisulfite).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = DraftOrCurrentUses(record, "edaravone");
  if (uses.empty()) return {};
  const int assertion_days = static_cast<int>(context.Param("no_known_allergy_valid_days"));
  // Allergy status is known when any allergy is recorded, or "no known allergies" was asserted recently.
  for (const Entry& entry : record.entries) {
    if (entry.kind != EntryKind::kAllergy) continue;
    if (!Contains(entry.concepts, "no-known-allergy")) return {};
    if (entry.day && context.now() - *entry.day <= assertion_days) return {};
  }

  std::string asthma;
  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  for (const Entry* condition : record.Find(EntryKind::kCondition, "asthma")) {
    if (!condition->active) continue;
    asthma = " The patient has asthma (" + condition->source + "): sulfite sensitivity is more common with asthma.";
    evidence.push_back(condition->source);
    break;
  }
  return {Activity("sulfite-allergy-screen", Priority::kMedium,
                   "Edaravone ordered (" + dmt::DescribeUse(*uses.front()) +
                       ") and no allergy record or recent \"no known allergies\" statement (last " +
                       std::to_string(assertion_days) +
                       " days). Screen for sulfite/bisulfite allergy and asthma before starting: both Radicava IV and "
                       "Radicava ORS contain sodium bisulfite, which can cause allergic reactions including "
                       "anaphylaxis." +
                       asthma,
                   evidence)};
}

}  // namespace

extern const Rule kEdaravoneSulfiteScreen{
    {"edaravone-sulfite-screen", "R14", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Edaravone ordered with unknown allergy status: screen for sulfite allergy and asthma",
     "Edaravone (IV or ORS) MedicationRequest draft/active (or active statement) and no AllergyIntolerance entry and "
     "no \"no known allergies\" assertion in the last 365 days",
     "Seed 001_660b7d635bcbe986.txt (\"Edaravone contains sodium bisulfite and may cause allergic reactions including "
     "anaphylaxis in susceptible individuals; screen for sulfite allergies before initiating\"); Radicava PI W&P 5.2 "
     "(covers RADICAVA and RADICAVA ORS)",
     {ParameterSpec{"no_known_allergy_valid_days", 365, "days",
                    "A \"no known allergies\" assertion counts this long"}}},
    &Evaluate};

}  // namespace als::guideline
