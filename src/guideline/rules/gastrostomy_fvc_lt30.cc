// R41 gastrostomy-fvc-lt30: high procedural risk (FVC < 30% or NIV-dependent).
// A risk Flag with mitigations and alternatives; never a refusal (C2). The
// referral stays in the plan for a case-by-case decision with the patient.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

using nutrition::Route;

std::vector<Finding> Evaluate(RuleContext& context) {
  nutrition::GastrostomyRouting routing = nutrition::RouteGastrostomy(context);
  if (routing.route != Route::kHighRisk) return {};
  std::vector<std::string> evidence = routing.Evidence();
  std::string risk = routing.fvc != nullptr && routing.fvc->value < context.Shared("gastrostomy_high_risk_fvc_pct")
                         ? "FVC below " + FormatNumber(context.Shared("gastrostomy_high_risk_fvc_pct")) + "% predicted"
                         : "NIV-dependent";
  std::string mitigations =
      "Mitigations: anaesthesia evaluation; an experienced gastroenterologist or interventional radiologist; "
      "respiratory support/NIV during the procedure (e.g. modified PEG with minimal sedation and nasal NIV, or RIG); "
      "informed patient choice.";
  std::string alternatives =
      " Alternatives per the patient's goals: radiologically inserted gastrostomy (RIG), palliative nasogastric "
      "feeding, palliative hydration, oral intake as tolerated.";
  std::vector<Finding> findings{Alert(
      "clinical", Priority::kHigh, "High procedural risk for gastrostomy (" + risk + ")",
      routing.Basis() + "High procedural risk (" + risk +
          "). This is not an automatic stop: gastrostomy remains an option decided case by case with the patient. " +
          mitigations + alternatives + " Revisit the patient's goals of care.",
      evidence)};
  if (routing.request == nullptr) {
    findings.push_back(
        Activity("gastrostomy-referral", Priority::kHigh,
                 routing.Basis() +
                     "Gastrostomy referral to an experienced team for a case-by-case decision at high procedural "
                     "risk (" +
                     risk + "). " + mitigations + alternatives,
                 evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kGastrostomyFvcLt30{
    {"gastrostomy-fvc-lt30",
     "R41",
     Domain::kNutrition,
     "Flag + CarePlan activity",
     Priority::kHigh,
     "High procedural risk for gastrostomy (FVC < 30% or NIV-dependent): mitigations and alternatives",
     "(PEG_INDICATED or an open gastrostomy request), no gastrostomy, no recent decline, and fresh FVC_PCT < 30 or "
     "NIV-dependent: High Flag with mitigations and alternatives and, without an open request, a High referral for a "
     "case-by-case decision (never an output that withholds gastrostomy, C2)",
     "Seed 000_2fbc9b5cc989d561.txt (its FVC < 30% gastrostomy timing sentence, read per rules.md C2 as high "
     "procedural risk, not as an instruction); AAN 2009 nutrition algorithm (FVC < 30%: anaesthesia evaluation, "
     "experienced "
     "gastroenterologist, respiratory support; palliative NG feeding and hydration); EFNS (RIG)",
     {}},
    &Evaluate};

}  // namespace als::guideline
