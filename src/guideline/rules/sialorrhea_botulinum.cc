// R44 sialorrhea-botulinum: salivary-gland botulinum toxin when an
// anticholinergic trial of >= 28 days did not control sialorrhoea, or when
// anticholinergics are not tolerated or contraindicated (rules.md C6: straight
// to botulinum toxin then; toxin type left to local practice).
#include "care_common.h"

namespace als::guideline {
namespace {

// Botulinum toxin already ordered or given for the salivary glands.
bool ToxinUnderWay(RuleContext& context, int window_days) {
  if (Suppressor(context, "botulinum-toxin-referral", window_days) != nullptr) return true;
  for (const MedicationUse* use : context.record().Medications("botulinum-toxin")) {
    if (use->current || use->draft) return true;
    std::optional<Day> day = use->start ? use->start : use->authored;
    bool given = use->source_kind == model::MedicationSource::kAdministration && use->status == "completed";
    if (given && day && context.now() - *day <= window_days) return true;
  }
  return false;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const auto [sialorrhoea, history] = care::SialorrhoeaNow(context);
  if (!sialorrhoea.criterion.met) return {};

  std::vector<std::string> why;
  std::vector<std::string> evidence = sialorrhoea.criterion.evidence;
  auto add_evidence = [&evidence](const std::vector<std::string>& sources) {
    evidence.insert(evidence.end(), sources.begin(), sources.end());
  };
  if (history.contraindicated.met) {
    why.push_back("oral anticholinergics are contraindicated (" + history.contraindicated.Reasons() + ")");
    add_evidence(history.contraindicated.evidence);
  }
  if (history.not_tolerated.met) {
    why.push_back("anticholinergic not tolerated: " + history.not_tolerated.Reasons());
    add_evidence(history.not_tolerated.evidence);
  }
  const int trial_days = static_cast<int>(context.Param("trial_days"));
  bool trial_done = false;
  if (history.first_start && context.now() - *history.first_start >= trial_days &&
      sialorrhoea.HoldsOn(*history.first_start + trial_days)) {
    trial_done = true;
    why.push_back("sialorrhoea still active " + std::to_string(context.now() - *history.first_start) +
                  " days after an anticholinergic was started on " + fhir::FormatDay(*history.first_start) +
                  " (trial of at least " + std::to_string(trial_days) + " days)");
  } else if (history.undated_finished && sialorrhoea.ongoing) {
    trial_done = true;
    why.push_back("sialorrhoea still active after an anticholinergic trial of unknown date");
  }
  if (trial_done) {
    std::vector<std::string> uses;
    for (const MedicationUse* use : history.tried) {
      uses.push_back(care::DescribeUse(*use));
      evidence.push_back(use->source);
    }
    why.back() += ": " + care::Join(uses);
  }
  if (why.empty()) return {};
  if (ToxinUnderWay(context, static_cast<int>(context.Param("toxin_window_days")))) return {};

  std::string description =
      "Active sialorrhoea: " + sialorrhoea.criterion.Reasons() + ". Second-line treatment is indicated because " +
      care::Join(why) +
      ". Refer for botulinum toxin injection of the salivary glands (toxin type A or B per local practice); if "
      "sialorrhoea remains refractory, consider low-dose radiotherapy to the salivary glands in an experienced centre." +
      UnusableNote(record, "sialorrhea") + UnusableNote(record, "anticholinergic-sialorrhea");
  return {Activity("botulinum-toxin-referral", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kSialorrheaBotulinum{
    {"sialorrhea-botulinum", "R44", Domain::kSymptoms, "CarePlan activity", Priority::kMedium,
     "Sialorrhoea: refer for salivary-gland botulinum toxin after or instead of an anticholinergic",
     "Active sialorrhoea and (still active >= 28 d after an anticholinergic was started within the last 12 months, or "
     "an anticholinergic stopped for an adverse reaction / anticholinergic allergy, or a contraindicating Condition "
     "such as glaucoma or urinary retention), and no botulinum toxin ordered or given in the last 12 months",
     "Seed 000_2fbc9b5cc989d561.txt (\"Second-line therapy is botulinum toxin injection to salivary glands\"); AAN "
     "2009 (botulinum toxin type B for medically refractory sialorrhoea, Level B; low-dose radiotherapy, Level C); "
     "NICE NG42 via NHSGGC (botulinum toxin type A when first line is not effective, not tolerated or "
     "contraindicated)",
     care::SialorrhoeaParameters(
         {ParameterSpec{"trial_days", 28, "days",
                    "Sialorrhoea still active this many days after an anticholinergic started = not effective [design]"},
      ParameterSpec{"toxin_window_days", 365, "days",
                    "Botulinum toxin ordered, given or referred within this many days suppresses a new referral "
                    "[design]"}})},
    &Evaluate};

}  // namespace als::guideline
