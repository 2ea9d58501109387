// R04 riluzole-baseline-liver: baseline transaminases > 5x ULN or liver dysfunction
// before riluzole: specialist review instead of the automatic offer (R01).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (OnDrug(record, "riluzole")) return {};  // on treatment: riluzole-alt-gt5 / riluzole-liver-dysfunction
  bool pending = !DraftOrCurrentUses(record, "riluzole").empty();  // a draft order: start pending
  if (!pending && dmt::RiluzoleExcludedByHistory(record)) return {};  // not a candidate for riluzole at all

  const int window = static_cast<int>(context.Param("window_days"));
  const double transaminase_multiple = context.Param("transaminase_uln_multiple");
  const double bilirubin_multiple = context.Param("bilirubin_uln_multiple");
  std::vector<std::string> found;
  std::vector<std::string> evidence;
  for (const dmt::LabReading& reading : dmt::LatestTransaminases(context, window)) {
    if (reading.multiple > transaminase_multiple) {
      found.push_back(dmt::DescribeLab(reading));
      dmt::AddEvidence(&evidence, reading.sample->source);
    }
  }
  if (auto bilirubin = dmt::LatestLab(context, Measure::kBilirubin, window);
      bilirubin && bilirubin->multiple > bilirubin_multiple) {
    found.push_back(dmt::DescribeLab(*bilirubin));
    dmt::AddEvidence(&evidence, bilirubin->sample->source);
  }
  for (const Entry* condition : record.Find(EntryKind::kCondition, "hepatic-impairment")) {
    if (!condition->active) continue;
    found.push_back("active " + condition->label + " (" + condition->source +
                    (condition->day ? ", " + dmt::Date(*condition->day) : std::string()) + ")");
    dmt::AddEvidence(&evidence, condition->source);
  }
  if (found.empty()) return {};

  std::string text = dmt::Join(found);
  for (const MedicationUse* use : DraftOrCurrentUses(record, "riluzole")) dmt::AddEvidence(&evidence, use->source);
  std::string description =
      "Before riluzole (" + std::string(pending ? "draft order on file" : "not started") + "): " + text +
      ". Riluzole is not recommended with baseline transaminases above " + dmt::Num(transaminase_multiple) +
      "x ULN or evidence of liver dysfunction (e.g. elevated bilirubin): specialist review before starting. The "
      "automatic riluzole offer is withheld meanwhile." +
      dmt::LiverUnusableNote(record);
  return {Alert("drug", Priority::kHigh,
                "Riluzole not recommended with baseline transaminases > " + dmt::Num(transaminase_multiple) +
                    "x ULN or liver dysfunction; specialist review before starting",
                description, evidence)};
}

}  // namespace

extern const Rule kRiluzoleBaselineLiver{
    {"riluzole-baseline-liver", "R04", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Baseline transaminases > 5x ULN or liver dysfunction before riluzole: specialist review (suppresses the offer)",
     "NOT ON_DRUG(riluzole) (draft order, or a candidate without riluzole allergy/intolerance) and, within 30 days, "
     "the latest ALT or AST > 5x ULN or total bilirubin > ULN; or an active hepatic-impairment Condition",
     "Seed 000_2fbc9b5cc989d561.txt (\"Discontinue riluzole if baseline elevations exceed 5 times the upper limit of "
     "normal or if evidence of liver dysfunction develops\", read as the baseline precaution, rules.md C4); riluzole "
     "label (not recommended with baseline transaminases > 5x ULN or liver dysfunction)",
     {ParameterSpec{"window_days", 30, "days", "Look-back for baseline liver results"},
      ParameterSpec{"transaminase_uln_multiple", 5, "x ULN", "ALT or AST strictly above this multiple of ULN fires"},
      ParameterSpec{"bilirubin_uln_multiple", 1, "x ULN", "Total bilirubin strictly above this multiple fires [design]"}}},
    &Evaluate};

}  // namespace als::guideline
