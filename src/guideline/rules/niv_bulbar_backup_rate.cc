// R29 niv-bulbar-backup-rate: with bulbar involvement, the NIV activity adds
// bilevel with a backup rate. Bulbar impairment never cancels NIV.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  std::vector<std::string> evidence;
  std::string why = respiratory::FiredNivCriteria(context);
  if (!why.empty()) why = "NIV referral criteria met (" + why + ")";
  for (const Entry* request : context.record().Find(EntryKind::kDeviceRequest, "niv-device")) {
    if (!request->active) continue;
    if (why.empty()) why = "NIV requested (" + DescribeEntry(*request) + ")";
    evidence.push_back(request->source);
  }
  if (why.empty()) return {};
  Criterion bulbar = Bulbar(context);
  if (!bulbar.met) return {};
  std::string description =
      why + " with bulbar involvement (" + bulbar.Reasons() +
      "). Use bilevel (BPAP, spontaneous/timed mode) with a backup respiratory rate; follow up tolerance and "
      "secretions closely (treat sialorrhoea: sialorrhea-first-line / sialorrhea-botulinum). Bulbar impairment is not "
      "a reason to withhold NIV.";
  return {Activity("niv-referral", Priority::kMedium, description, respiratory::EvidenceOf(bulbar, evidence))};
}

}  // namespace

extern const Rule kNivBulbarBackupRate{
    {"niv-bulbar-backup-rate",
     "R29",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kMedium,
     "With bulbar involvement, NIV as bilevel with a backup rate (adds to the NIV activity)",
     "(niv-fvc-lt50, niv-fvc-lt80-symptomatic, niv-orthopnea, niv-snip-mip or niv-sleep-hypoventilation fired, or an "
     "NIV "
     "DeviceRequest is draft/active) and BULBAR",
     "Seed 000_2fbc9b5cc989d561.txt (\"Use bilevel positive airway pressure (BPAP) with backup respiratory rate for "
     "patients with bulbar impairment\"); CHEST 2023 (individualise NIV) [explicit bulbar statement UNVERIFIED, Q8]",
     {}},
    &Evaluate};

}  // namespace als::guideline
