// R03 riluzole-lft-baseline: baseline liver tests (and CBC) before riluzole starts.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using dmt::Date;

// The latest result of `measure` on or after `since`.
const Sample* LatestSince(const PatientRecord& record, Measure measure, Day since) {
  const Sample* latest = record.Latest(measure);
  return latest != nullptr && latest->day >= since ? latest : nullptr;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const Day now = context.now();
  const int baseline_days = static_cast<int>(context.Param("baseline_window_days"));
  const int new_order_days = static_cast<int>(context.Param("new_order_days"));
  std::vector<std::string> evidence;
  std::string why;

  // An open ALT/AST order (results pending) or a recent refusal suppresses the activity.
  if (dmt::PendingOrRefusedLiverTests(context) != nullptr) return {};

  const bool on_drug = OnDrug(record, "riluzole");
  if (on_drug && record.Series(Measure::kAlt).empty() && record.Series(Measure::kAst).empty()) {
    // On riluzole with no aminotransferase result ever: High, whenever it started.
    std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
    evidence = dmt::SourcesOf(uses);
    std::string description = "On riluzole (" + dmt::DescribeUse(*uses.front()) +
                              ") and no ALT or AST result is on file at all. Measure ALT, AST and total bilirubin "
                              "now, with a CBC including ANC; the label requires serum aminotransferases before and "
                              "during treatment." +
                              dmt::LiverUnusableNote(record);
    return {Activity("liver-function-tests", Priority::kHigh, description, evidence)};
  }

  if (context.Fired("riluzole-offer")) {
    why = "riluzole is being offered (riluzole-offer)";
    evidence.push_back(record.dx_source);
  }
  for (const MedicationUse* use : record.Medications("riluzole")) {
    bool request = use->source_kind == model::MedicationSource::kRequest;
    if (request && (use->current || use->draft) && use->authored && now - *use->authored <= new_order_days) {
      why = "riluzole ordered in the last " + std::to_string(new_order_days) + " days (" + dmt::DescribeUse(*use) + ")";
      dmt::AddEvidence(&evidence, use->source);
    }
  }
  if (why.empty()) return {};

  // Baseline window: from `baseline_days` before start(riluzole) (NOW if not started) up to NOW.
  std::optional<Day> start = on_drug ? DrugStart(record, "riluzole") : std::nullopt;
  const bool started = start.has_value();
  const Day anchor = started ? std::min(start.value_or(now), now) : now;
  const Day since = anchor - baseline_days;
  const Sample* alt = LatestSince(record, Measure::kAlt, since);
  const Sample* ast = LatestSince(record, Measure::kAst, since);
  if (alt != nullptr && ast != nullptr) return {};  // baseline aminotransferases on file
  std::string missing = alt == nullptr && ast == nullptr ? "no ALT or AST result"
                        : alt == nullptr                 ? "no ALT result (" + DescribeSample(*ast, Measure::kAst) + ")"
                                                         : "no AST result (" + DescribeSample(*alt, Measure::kAlt) + ")";
  std::string description = "Baseline liver tests needed: " + why + ", and " + missing + " since " + Date(since) +
                            " (" + std::to_string(baseline_days) + " days before " +
                            (started ? "riluzole start on " + Date(anchor) : std::string("today")) +
                            "). Order ALT, AST, total bilirubin, and a CBC with ANC" +
                            (started ? " now." : ", before starting riluzole.") +
                            dmt::LiverUnusableNote(record);
  return {Activity("liver-function-tests", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kRiluzoleLftBaseline{
    {"riluzole-lft-baseline", "R03", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Baseline ALT/AST, bilirubin and CBC before riluzole",
     "(riluzole-offer fired, or a riluzole MedicationRequest authored in the last 30 days) and no ALT and AST "
     "results from 30 days before start(riluzole) (or before NOW if not started); High if ON_DRUG(riluzole) with no "
     "ALT/AST result ever",
     "Seed 000_2fbc9b5cc989d561.txt (\"Measure serum aminotransferases before and during riluzole treatment, as "
     "hepatotoxicity is a significant concern\"); US riluzole label (D&A; neutropenia warning for the CBC)",
     {ParameterSpec{"baseline_window_days", 30, "days", "A baseline ALT/AST counts from this long before start"},
      ParameterSpec{"new_order_days", 30, "days", "A riluzole order authored within this many days triggers the check"}}},
    &Evaluate};

}  // namespace als::guideline
