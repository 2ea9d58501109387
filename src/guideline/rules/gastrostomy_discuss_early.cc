// R38 gastrostomy-discuss-early: discuss gastrostomy early, while placement is low risk.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

// The discussion took place: documented, or the patient's agreement or decline is on file.
bool Discussed(const RuleContext& context) {
  for (const char* concept_id : {"gastrostomy-discussion", "gastrostomy-agreed", "gastrostomy-declined"}) {
    for (const Entry* entry : context.record().FindAny(concept_id)) {
      bool planned =
          entry->active && (entry->kind == EntryKind::kServiceRequest || entry->kind == EntryKind::kCarePlan);
      if (!entry->refused && !planned && respiratory::Present(*entry)) return true;
    }
  }
  return false;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (nutrition::GastrostomyPresent(context) != nullptr || Discussed(context)) return {};
  if (OpenRequest(record, "gastrostomy-request") != nullptr ||
      OpenRequest(record, "gastrostomy-discussion") != nullptr ||
      RefusedWithin(context, "gastrostomy-discussion") != nullptr) {
    return {};
  }
  Criterion reasons;
  if (Criterion bulbar = Bulbar(context); bulbar.met) {
    reasons.Add("bulbar involvement (" + bulbar.Reasons() + ")", "");
    for (const std::string& source : bulbar.evidence) reasons.Add(reasons.reasons.back(), source);
  }
  if (std::optional<WeightLoss> loss = WeightLossPercent(context);
      loss && loss->percent >= context.Param("weight_loss_pct")) {
    reasons.Add("weight loss " + nutrition::DescribeLoss(*loss), loss->latest.source);
  }
  if (const Sample* fvc = FreshFvc(context); fvc && fvc->value < context.Param("fvc_below_pct")) {
    reasons.Add(
        DescribeSample(*fvc, Measure::kFvcPercent) + " (below " + FormatNumber(context.Param("fvc_below_pct")) + "%)",
        fvc->source);
  }
  if (record.dx_date && context.now() - *record.dx_date >= context.Param("days_since_dx")) {
    reasons.Add("diagnosed " + fhir::FormatDay(*record.dx_date) + ", " +
                    std::to_string(context.now() - *record.dx_date) + " days ago",
                record.dx_source);
  }
  if (!reasons.met) return {};
  std::string description =
      "No gastrostomy and no documented gastrostomy discussion; " + reasons.Reasons() +
      ". Discuss gastrostomy early: the benefits of early placement (ideally while FVC is above 50% predicted) and "
      "the risks of a late placement; record the patient's preference (it informs advance care planning).";
  return {Activity("gastrostomy-discussion", Priority::kMedium, description, reasons.evidence)};
}

}  // namespace

extern const Rule kGastrostomyDiscussEarly{
    {"gastrostomy-discuss-early",
     "R38",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kMedium,
     "Discuss gastrostomy early",
     "ALS_DX, no gastrostomy, no documented gastrostomy discussion (nor a recorded agreement/decline or an open "
     "gastrostomy request), and any of: BULBAR, WT_LOSS_PCT >= 5, fresh FVC_PCT < 80, or >= 90 days since dxDate",
     "Seed 001_660b7d635bcbe986.txt (\"Consider gastrostomy when oral intake becomes inadequate\"); seed "
     "000_2fbc9b5cc989d561.txt (\"PEG placement should occur before respiratory function significantly deteriorates, "
     "ideally when FVC remains >50% of predicted\"); EAN 2024 / NICE NG42 (discuss gastrostomy at an early stage)",
     {{"weight_loss_pct", 5, "%", "WT_LOSS_PCT at or above this opens the discussion"},
      {"fvc_below_pct", 80, "% predicted", "A fresh FVC below this opens the discussion"},
      {"days_since_dx", 90, "days", "At least this long after diagnosis opens the discussion [design]"}}},
    &Evaluate};

}  // namespace als::guideline
