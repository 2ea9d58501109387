// R18 tofersen-eligibility-check: a tofersen order without a confirmed SOD1 variant
// or for a minor (High); with only a VUS: genetics review (Medium, rules.md Q5/C14).
// The "no ALS diagnosis" branch of rules.md cannot produce output: the engine
// evaluates no rule for a patient without an active confirmed ALS diagnosis.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = DraftOrCurrentUses(record, "tofersen");
  if (uses.empty()) return {};
  Sod1Result sod1 = Sod1(record);
  const double min_age = context.Param("min_age_years");
  std::optional<int> age = record.AgeOn(context.now());
  const bool minor = age && *age < min_age;
  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  evidence.insert(evidence.end(), sod1.evidence.begin(), sod1.evidence.end());
  std::string order = "Tofersen ordered (" + dmt::DescribeUse(*uses.front()) + ")";
  std::string note = UnusableNote(record, "sod1-gene");

  std::vector<std::string> reasons;
  if (minor) reasons.push_back("the patient is " + std::to_string(*age) + " years old (under " + dmt::Num(min_age) + ")");
  if (sod1.status == Sod1Status::kNoResult) reasons.push_back("no SOD1 genetic result is on file");
  if (sod1.status == Sod1Status::kNotPathogenic) reasons.push_back("the SOD1 result on file shows no pathogenic or likely pathogenic variant");
  if (!reasons.empty()) {
    std::string text = dmt::Join(reasons);
    return {Alert("drug", Priority::kHigh,
                  "Qalsody is indicated only for adults with ALS and an SOD1 mutation; no confirmed pathogenic SOD1 "
                  "result on file",
                  order + " but " + text +
                      ". Tofersen is indicated only for adults with ALS and a pathogenic or likely pathogenic SOD1 "
                      "variant. Prescriber review before any dose." +
                      note,
                  evidence)};
  }
  if (sod1.status == Sod1Status::kUncertainOnly) {
    return {Alert("drug", Priority::kMedium, "Tofersen order with an SOD1 variant of uncertain significance: genetics "
                                             "review needed",
                  order + " and the only SOD1 finding on file is a variant of uncertain significance (VUS). A VUS "
                          "does not establish eligibility: genetics review (variant reclassification, segregation) "
                          "before treatment." +
                      note,
                  evidence)};
  }
  return {};
}

}  // namespace

extern const Rule kTofersenEligibilityCheck{
    {"tofersen-eligibility-check", "R18", Domain::kDiseaseModifying, "Flag", Priority::kHigh,
     "Tofersen ordered without a confirmed SOD1 variant or for a minor (High); VUS only: genetics review (Medium)",
     "Tofersen MedicationRequest draft/active (or active statement) and (no SOD1_CONFIRMED, or age < 18): High; a "
     "VUS-only SOD1 result (adult): Medium. (No ALS_DX: the engine gives such a patient no output at all)",
     "Seed 002_c6acfc4ececb5832.txt (\"Qalsody is only indicated for adult patients with ALS who have a confirmed "
     "mutation in the superoxide dismutase 1 (SOD1) gene\"); Qalsody PI indication; rules.md Q5, C14",
     {ParameterSpec{"min_age_years", 18, "years", "Tofersen is indicated for adults"}}},
    &Evaluate};

}  // namespace als::guideline
