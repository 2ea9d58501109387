// R43 sialorrhea-first-line: a trial of an oral anticholinergic for active
// sialorrhoea (rules.md C6: anticholinergic first, botulinum toxin second).
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const auto [sialorrhoea, history] = care::SialorrhoeaNow(context);
  if (!sialorrhoea.criterion.met) return {};
  // Already tried in the look-back (R44 decides on the next step), proposed, declined,
  // not tolerated or contraindicated (R44 goes straight to botulinum toxin).
  if (!history.tried.empty() || history.proposed || history.declined || history.not_tolerated.met ||
      history.contraindicated.met) {
    return {};
  }

  std::vector<std::string> evidence = sialorrhoea.criterion.evidence;
  std::string description =
      "Active sialorrhoea: " + sialorrhoea.criterion.Reasons() + ". No anticholinergic (glycopyrronium, atropine, " +
      "amitriptyline or similar) recorded in the last " + FormatNumber(context.Param("anticholinergic_lookback_days")) +
      " days and no recorded contraindication. Recommend a therapeutic trial of an inexpensive oral anticholinergic; "
      "continue it only if the perceived benefit outweighs the side effects. Botulinum toxin to the salivary glands "
      "is the second-line step (sialorrhea-botulinum).";
  // Cognitive impairment changes the choice of drug; it never withholds the trial (rules.md C12).
  Criterion cognition = CognitiveImpairment(context);
  if (cognition.met) {
    description += " Cognitive/behavioural impairment on file (" + cognition.Reasons() +
                   "): prefer glycopyrronium, which has fewer central nervous system effects.";
    for (const std::string& source : cognition.evidence) evidence.push_back(source);
  }
  description += UnusableNote(record, "sialorrhea") + UnusableNote(record, "anticholinergic-sialorrhea");
  return {Activity("anticholinergic-trial", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kSialorrheaFirstLine{
    {"sialorrhea-first-line", "R43", Domain::kSymptoms, "CarePlan activity", Priority::kMedium,
     "Sialorrhoea: trial of an oral anticholinergic first (glycopyrronium if cognitively impaired)",
     "Active sialorrhoea (active Condition, a sialorrhoea Observation or ALSFRS-R salivation item <= 2 within 90 d) "
     "and no anticholinergic tried, proposed or declined in the last 12 months, none stopped for an adverse reaction, "
     "no anticholinergic allergy and no contraindicating Condition (those go to sialorrhea-botulinum)",
     "Seed 000_2fbc9b5cc989d561.txt (\"First-line therapy for sialorrhea is an inexpensive oral anticholinergic "
     "medication\"); seed 001_660b7d635bcbe986.txt (\"Anti-muscarinic therapy or botulinum toxin A injections\"); "
     "CHEST 2023 (anticholinergic trial first line, continued only if benefits outweigh side effects); NICE NG42 via "
     "NHSGGC; Scottish Palliative Care Guidelines (glycopyrronium with cognitive impairment)",
     care::SialorrhoeaParameters({})},
    &Evaluate};

}  // namespace als::guideline
