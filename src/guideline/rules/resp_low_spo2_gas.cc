// R28 resp-low-spo2-gas: low awake SpO2 without a recent blood gas.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

// A blood gas within the window: a PaCO2 or capillary pCO2 value, or another
// blood-gas result or completed procedure.
bool RecentBloodGas(const RuleContext& context, double window) {
  for (Measure measure : {Measure::kPaco2, Measure::kCapillaryPco2}) {
    if (respiratory::RecentSample(context, measure, window) != nullptr) return true;
  }
  return DoneWithin(context.record(), "blood-gas", context.now(), static_cast<int>(window)) != nullptr;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const Sample* spo2 = respiratory::RecentSample(context, Measure::kSpo2, context.Param("spo2_window_days"));
  if (spo2 == nullptr) return {};
  const Entry* lung_disease = nullptr;
  for (const Entry* entry : record.Find(EntryKind::kCondition, "chronic-lung-disease")) {
    if (entry->active) lung_disease = entry;
  }
  double below =
      lung_disease != nullptr ? context.Param("spo2_below_lung_disease_pct") : context.Param("spo2_below_pct");
  if (spo2->value >= below) return {};
  if (RecentBloodGas(context, context.Param("blood_gas_window_days"))) return {};
  if (OpenRequest(record, "blood-gas") != nullptr || RefusedWithin(context, "blood-gas") != nullptr) return {};

  std::vector<std::string> evidence{spo2->source};
  std::string description = "Awake " + DescribeSample(*spo2, Measure::kSpo2) + ", below " + FormatNumber(below) + "%";
  if (lung_disease != nullptr) {
    description += " (the cut-off for chronic lung disease: " + DescribeEntry(*lung_disease) + ")";
    evidence.push_back(lung_disease->source);
  }
  description += ", and no blood gas in the last " + FormatNumber(context.Param("blood_gas_window_days")) +
                 " days. Arterial or capillary blood gas to look for hypercapnia; consider overnight oximetry.";
  description += respiratory::UnusableNoteAny(record, {"spo2"});
  return {Activity("blood-gas", Priority::kHigh, description, evidence)};
}

}  // namespace

extern const Rule kRespLowSpo2Gas{
    {"resp-low-spo2-gas",
     "R28",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Blood gas when awake SpO2 < 94% (< 92% with chronic lung disease)",
     "Latest awake SpO2 within 30 days < 94% (< 92% with active COPD or other chronic lung disease) and no blood gas "
     "in the last 7 days (and none ordered)",
     "Extension rule (no seed sentence). NICE CG105 summary and ERJ Open Research review table citing NICE: blood gas "
     "if SpO2 < 94%, or < 92% with chronic lung disease",
     {{"spo2_window_days", 30, "days", "The latest SpO2 at most this old is read"},
      {"spo2_below_pct", 94, "%", "SpO2 below this, without chronic lung disease, asks for a blood gas"},
      {"spo2_below_lung_disease_pct", 92, "%", "SpO2 below this, with chronic lung disease, asks for a blood gas"},
      {"blood_gas_window_days", 7, "days", "A blood gas within this many days suppresses the request"}}},
    &Evaluate};

}  // namespace als::guideline
