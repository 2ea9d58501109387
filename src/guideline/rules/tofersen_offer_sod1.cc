// R17 tofersen-offer-sod1: an adult with ALS and a pathogenic or likely pathogenic
// SOD1 variant, not on tofersen: discuss/refer for tofersen (Qalsody).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  Sod1Result sod1 = Sod1(record);
  if (sod1.status != Sod1Status::kConfirmed) return {};  // a VUS is not eligibility (rules.md C14/Q5)
  if (OnDrug(record, "tofersen")) return {};
  for (const MedicationUse* use : record.Medications("tofersen")) {
    if (use->draft) return {};  // already proposed
    bool recent = use->start && context.now() - *use->start <= context.Shared("refusal_suppression_days");
    if (use->status == "not-taken" && recent) return {};
    if (terminology::Contains(use->reason_concepts, "adverse-reaction")) return {};  // stopped for a reaction
  }
  const double min_age = context.Param("min_age_years");
  std::optional<int> age = record.AgeOn(context.now());
  if (age && *age < min_age) return {};  // tofersen-eligibility-check covers an order for a minor

  std::vector<std::string> evidence{record.dx_source};
  evidence.insert(evidence.end(), sod1.evidence.begin(), sod1.evidence.end());
  std::string who = age ? "Adult (age " + std::to_string(*age) + ")"
                        : "Age not recorded (the label covers adults only; confirm age >= " + dmt::Num(min_age) + ")";
  return {Activity("tofersen-referral", Priority::kMedium,
                   who + " with ALS and a pathogenic or likely pathogenic SOD1 variant on file, not on tofersen. "
                         "Discuss or refer for tofersen (Qalsody) 100 mg intrathecal (3 loading doses 14 days apart, "
                         "then every 28 days), including its serious adverse events (myelitis, radiculitis, "
                         "papilloedema/raised intracranial pressure, aseptic meningitis); to be started by a physician "
                         "experienced in ALS." +
                       UnusableNote(record, "sod1-gene"),
                   evidence)};
}

}  // namespace

extern const Rule kTofersenOfferSod1{
    {"tofersen-offer-sod1", "R17", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Adult with SOD1-ALS (pathogenic/likely pathogenic) not on tofersen: discuss/refer for tofersen",
     "ALS_DX and SOD1_CONFIRMED (pathogenic or likely pathogenic; a VUS does not count) and age >= 18 and NOT "
     "ON_DRUG(tofersen), no draft order, no recent refusal, not stopped for an adverse reaction",
     "Seed 002_c6acfc4ececb5832.txt (\"Qalsody is specifically indicated only for adult patients with ALS who have a "
     "confirmed SOD1 mutation\"); Qalsody PI indication; EAN 2024 (first-line in SOD1-ALS); rules.md Q5, C1, C14",
     {ParameterSpec{"min_age_years", 18, "years", "Tofersen is indicated for adults"}}},
    &Evaluate};

}  // namespace als::guideline
