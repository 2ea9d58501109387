// R40 gastrostomy-fvc-30to50: gastrostomy with respiratory precautions at FVC 30-50%.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

using nutrition::Route;

std::vector<Finding> Evaluate(RuleContext& context) {
  nutrition::GastrostomyRouting routing = nutrition::RouteGastrostomy(context);
  if (routing.route != Route::kModerateRisk) return {};
  std::vector<std::string> evidence = routing.Evidence();
  std::string band = FormatNumber(context.Shared("gastrostomy_high_risk_fvc_pct")) + "-" +
                     FormatNumber(context.Shared("gastrostomy_low_risk_fvc_pct")) + "%";
  std::string precautions =
      "Gastrostomy with respiratory precautions: an experienced team; consider radiologically inserted gastrostomy "
      "(RIG/PRG); NIV available during the procedure.";
  std::vector<Finding> findings{Alert("clinical", Priority::kMedium,
                                      "Moderate procedural risk for gastrostomy (FVC " + band + ")",
                                      routing.Basis() + "Moderate procedural risk (FVC " + band + " predicted). " +
                                          precautions + " Place the tube soon, before FVC falls further.",
                                      evidence)};
  if (routing.request == nullptr) {
    findings.push_back(Activity("gastrostomy-referral", Priority::kHigh, routing.Basis() + precautions, evidence));
  }
  return findings;
}

}  // namespace

extern const Rule kGastrostomyFvc30to50{
    {"gastrostomy-fvc-30to50",
     "R40",
     Domain::kNutrition,
     "Flag + CarePlan activity",
     Priority::kHigh,
     "Gastrostomy with respiratory precautions when FVC is 30-50%",
     "(PEG_INDICATED or an open gastrostomy request), no gastrostomy, no recent decline, not NIV-dependent, and 30 <= "
     "fresh FVC_PCT < 50: Flag (Medium) and, without an open request, a High referral with precautions",
     "Seed 000_2fbc9b5cc989d561.txt (PEG \"ideally when FVC remains >50% of predicted\"); AAN 2009 nutrition "
     "algorithm (FVC 30-50%: moderate risk); EFNS good practice (RIG when PEG is hazardous); MND Association (RIG with "
     "poor respiratory function); ProGas",
     {}},
    &Evaluate};

}  // namespace als::guideline
