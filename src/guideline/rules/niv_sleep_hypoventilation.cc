// R27 niv-sleep-hypoventilation: nocturnal hypoventilation or hypercapnia is an NIV criterion;
// PaCO2 > 45 mmHg asks for specialist review within a week (request priority asap).
#include "respiratory_common.h"

namespace als::guideline {
namespace {

constexpr double kMmHgPerKpa = 7.50062;  // unit conversion, not a threshold

// Coded abnormal oximetry / PSG results and sleep-hypoventilation diagnoses.
void AddCodedFindings(const RuleContext& context, double window, Criterion* criterion) {
  for (const Entry& entry : context.record().entries) {
    bool coded = false;
    for (const char* concept_id : {"nocturnal-oximetry-abnormal", "sleep-hypoventilation"}) {
      coded = coded || terminology::Contains(entry.concepts, concept_id) ||
              terminology::Contains(entry.value_concepts, concept_id);
    }
    if (!coded) continue;
    bool counts = entry.kind == EntryKind::kCondition ? entry.active
                                                      : respiratory::Present(entry) && entry.day &&
                                                            respiratory::WithinDays(context, *entry.day, window);
    if (counts) criterion->Add("sleep-disordered breathing or hypoventilation: " + DescribeEntry(entry), entry.source);
  }
}

std::vector<Finding> Evaluate(RuleContext& context) {
  if (respiratory::NivReferralBlocked(context)) return {};
  double window = context.Param("window_days");
  Criterion criterion;
  if (const Sample* oximetry = respiratory::RecentSample(context, Measure::kNocturnalSpo2Le88, window);
      oximetry != nullptr && oximetry->value >= context.Param("oximetry_min_minutes")) {
    criterion.Add("abnormal nocturnal oximetry: " + DescribeSample(*oximetry, Measure::kNocturnalSpo2Le88) +
                      " (at least " + FormatNumber(context.Param("oximetry_min_minutes")) + " continuous minutes)",
                  oximetry->source);
  }
  AddCodedFindings(context, window, &criterion);
  const Sample* paco2 = respiratory::RecentSample(context, Measure::kPaco2, window);
  bool hypercapnia = paco2 != nullptr && paco2->value > context.Param("paco2_above_mmhg");
  if (hypercapnia) {
    criterion.Add("daytime hypercapnia: " + DescribeSample(*paco2, Measure::kPaco2) + " (above " +
                      FormatNumber(context.Param("paco2_above_mmhg")) + " mmHg)",
                  paco2->source);
  }
  double capillary_min_mmhg = context.Param("capillary_pco2_min_kpa") * kMmHgPerKpa;
  if (const Sample* capillary = respiratory::RecentSample(context, Measure::kCapillaryPco2, window);
      capillary != nullptr && capillary->value >= capillary_min_mmhg) {
    criterion.Add("raised capillary/ear-lobe pCO2: " + DescribeSample(*capillary, Measure::kCapillaryPco2) + " (" +
                      FormatNumber(capillary->value / kMmHgPerKpa) + " kPa; at least " +
                      FormatNumber(context.Param("capillary_pco2_min_kpa")) + " kPa)",
                  capillary->source);
  }
  if (!criterion.met) return {};
  std::string recommendation = "Refer for NIV (bilevel) initiation.";
  if (hypercapnia) recommendation += " Hypercapnia: specialist respiratory review within 1 week.";
  recommendation += respiratory::UnusableNoteAny(context.record(), {"paco2", "capillary-pco2", "nocturnal-oximetry"});
  Finding finding = respiratory::NivReferral(context, criterion.Reasons(), recommendation, criterion.evidence);
  if (hypercapnia) finding.request_priority = "asap";
  return {finding};
}

}  // namespace

extern const Rule kNivSleepHypoventilation{
    {"niv-sleep-hypoventilation",
     "R27",
     Domain::kRespiratory,
     "CarePlan activity",
     Priority::kHigh,
     "Refer for NIV for nocturnal hypoventilation or hypercapnia (asap review if PaCO2 > 45 mmHg)",
     "Within 90 days: nocturnal SpO2 <= 88% for >= 5 continuous minutes or an oximetry/PSG report coded abnormal, an "
     "active sleep-related hypoventilation / sleep-disordered breathing diagnosis, PaCO2 > 45 mmHg, or capillary pCO2 "
     ">= 6.5 kPa; and NOT NIV_ACTIVE, no NIV refusal in the refusal period and no open NIV request",
     "Seed 000_2fbc9b5cc989d561.txt (\"or evidence of sleep-disordered breathing\"); seed 001_660b7d635bcbe986.txt "
     "(\"symptoms of nocturnal hypoventilation\"); AAN 2009 (abnormal nocturnal oximetry); US Medicare (SpO2 <= 88% "
     "for >= 5 min, PaCO2 > 45 mmHg); NICE CG105 (PaCO2 > 6 kPa: specialist within 1 week)",
     {{"window_days", 90, "days", "Oximetry, PSG and blood-gas results at most this old count"},
      {"oximetry_min_minutes", 5, "min", "Continuous minutes with SpO2 <= 88% that make nocturnal oximetry abnormal"},
      {"paco2_above_mmhg", 45, "mmHg", "Arterial PaCO2 above this: NIV criterion, request priority asap"},
      {"capillary_pco2_min_kpa", 6.5, "kPa", "Morning capillary/ear-lobe pCO2 at or above this is an NIV criterion"}}},
    &Evaluate};

}  // namespace als::guideline
