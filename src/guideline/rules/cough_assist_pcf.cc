// R31 cough-assist-pcf: airway clearance when peak cough flow is below 270 L/min.
#include "respiratory_common.h"

namespace als::guideline {
namespace {

// A cough-assist device in use, ordered or delivered, or a recent refusal of one.
const Entry* CoughAssistOnFile(const RuleContext& context) {
  for (const Entry* entry : context.record().FindAny("cough-assist-device")) {
    bool has = (entry->kind == EntryKind::kDeviceUse && entry->active) ||
               (entry->kind == EntryKind::kDeviceRequest && (entry->active || entry->completed)) ||
               (entry->kind == EntryKind::kServiceRequest && entry->active);
    if (has) return entry;
  }
  return RefusedWithin(context, "cough-assist-device");
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const Sample* pcf = respiratory::RecentSample(context, Measure::kPeakCoughFlow, context.Param("window_days"));
  double below = context.Param("pcf_below_l_min");
  if (pcf == nullptr || pcf->value >= below) return {};
  if (CoughAssistOnFile(context) != nullptr) return {};
  std::string description =
      DescribeSample(*pcf, Measure::kPeakCoughFlow) + ", below " + FormatNumber(below) +
      " L/min, and no mechanical insufflation-exsufflation device on file. Airway clearance: mechanical "
      "insufflation-exsufflation (cough assist), manually assisted cough, suction machine; treat sialorrhoea." +
      respiratory::UnusableNoteAny(context.record(), {"peak-cough-flow"});
  return {Activity("airway-clearance", Priority::kMedium, description, {pcf->source})};
}

}  // namespace

extern const Rule kCoughAssistPcf{
    {"cough-assist-pcf",
     "R31",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kMedium,
     "Airway clearance (cough assist) when peak cough flow < 270 L/min",
     "Latest peak cough flow within 90 days < 270 L/min and no mechanical insufflation-exsufflation device in use, "
     "ordered or delivered (and no recent refusal)",
     "Extension rule (seed 003_8fed761a79a9fd23.txt: \"devices to assist your breathing\"). AAN 2009 algorithm "
     "(\"PCEF < 270 L/min: Mechanical inexsufflator; Manual assisted cough; Suction machine\"; MIE Level C)",
     {{"window_days", 90, "days", "The latest peak cough flow at most this old is read"},
      {"pcf_below_l_min", 270, "L/min", "Peak cough flow below this asks for airway clearance"}}},
    &Evaluate};

}  // namespace als::guideline
