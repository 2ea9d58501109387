// R35 bmi-low: malnutrition by BMI, cut-off by age band.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const Sample* bmi = respiratory::RecentSample(context, Measure::kBmi, context.Param("window_days"));
  if (bmi == nullptr) return {};
  std::optional<int> age = record.AgeOn(context.now());
  // The published cut-offs are for adults; below the adult age no rule applies.
  if (age && *age < context.Param("adult_age_min")) return {};
  bool older = age && *age > context.Param("older_age_above");
  double below = older ? context.Param("bmi_below_older") : context.Param("bmi_below_adult");
  if (bmi->value >= below) return {};
  std::string band = !age    ? "age unknown, so the adult cut-off " + FormatNumber(below) + " was used"
                     : older ? "age " + std::to_string(*age) + ", cut-off " + FormatNumber(below) + " above age " +
                                   FormatNumber(context.Param("older_age_above"))
                             : "age " + std::to_string(*age) + ", cut-off " + FormatNumber(below);
  std::string found = DescribeSample(*bmi, Measure::kBmi) + ", below " + FormatNumber(below) + " kg/m2 (" + band + ").";
  found += respiratory::UnusableNoteAny(record, {"bmi", "body-weight", "body-height"});
  std::vector<Finding> findings{Alert("diet", Priority::kHigh, "Malnutrition by BMI",
                                      found + " Dietitian review; gastrostomy timing factor.", {bmi->source})};
  if (nutrition::DietitianAlreadyInvolved(context, bmi->day) == nullptr) {
    findings.push_back(Activity("dietitian-referral", Priority::kHigh,
                                found + " Dietitian: malnutrition management, calorie and protein enrichment.",
                                {bmi->source}));
  }
  return findings;
}

}  // namespace

extern const Rule kBmiLow{
    {"bmi-low",
     "R35",
     Domain::kNutrition,
     "Flag + CarePlan activity",
     Priority::kHigh,
     "Malnutrition by BMI (< 18.5 at age 18-65, < 20 above 65)",
     "Latest BMI (recorded, or computed from weight and height) at most 90 days old < 18.5 kg/m2 at age 18-65 (or "
     "age unknown), or < 20 kg/m2 above 65; the dietitian activity is not repeated when a dietitian referral is open, "
     "was refused recently, or a dietitian contact is recorded since that BMI",
     "Seed 000_2fbc9b5cc989d561.txt (\"Conduct nutritional status assessment (BMI, weight loss)\"); French nutrition "
     "review (BMI < 18.5 at 18-65 y, < 20 above 65 y); Desport 2000 [EFNS/NICE BMI thresholds UNVERIFIED]",
     {{"window_days", 90, "days", "The latest BMI at most this old is read"},
      {"bmi_below_adult", 18.5, "kg/m2", "BMI below this at age 18-65 (or age unknown) is malnutrition"},
      {"bmi_below_older", 20, "kg/m2", "BMI below this above the older-age cut-off is malnutrition"},
      {"older_age_above", 65, "years", "Above this age the older cut-off applies"},
      {"adult_age_min", 18, "years", "Below this age the adult cut-offs do not apply"}}},
    &Evaluate};

}  // namespace als::guideline
