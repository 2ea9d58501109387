// R32 nutrition-assessment-due: weight and dietitian assessment every 90 days.
#include "nutrition_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  double window = context.Param("window_days");
  const Sample* weight = respiratory::RecentSample(context, Measure::kWeight, window);
  const Entry* assessment = DoneWithin(record, "dietitian", context.now(), static_cast<int>(window));
  if (weight != nullptr && assessment != nullptr) return {};
  if (OpenRequest(record, "dietitian") != nullptr || RefusedWithin(context, "dietitian") != nullptr) return {};

  std::vector<std::string> evidence{record.dx_source};
  std::string description;
  if (weight == nullptr) {
    const Sample* last = record.Latest(Measure::kWeight);
    description += "No body weight in the last " + FormatNumber(window) + " days" +
                   (last ? " (last " + DescribeSample(*last, Measure::kWeight) + ")" : " (none on file)") + ". ";
    if (last) evidence.push_back(last->source);
  }
  if (assessment == nullptr) {
    description += "No dietitian or nutrition assessment in the last " + FormatNumber(window) + " days. ";
  }
  description +=
      "Nutrition assessment every 3 months: weight, BMI, % change from usual weight, oral intake, dysphagia screen; "
      "dietitian review.";
  description += respiratory::UnusableNoteAny(record, {"body-weight", "usual-body-weight", "body-height", "bmi"});
  return {Activity("nutrition-assessment", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kNutritionAssessmentDue{
    {"nutrition-assessment-due",
     "R32",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kMedium,
     "Nutrition assessment (weight and dietitian) every 90 days",
     "ALS_DX and (no body weight in the last 90 days, or no dietitian/nutrition assessment in the last 90 days); not "
     "when a dietitian referral is open or was refused recently",
     "Seed 000_2fbc9b5cc989d561.txt (\"Conduct nutritional status assessment (BMI, weight loss) every 3 months to "
     "detect early malnutrition\"); seed 003_8fed761a79a9fd23.txt (dietician); AAN 2009 nutrition algorithm; NICE "
     "NG42 (appointments every 2-3 months)",
     {{"window_days", 90, "days", "A weight and a dietitian/nutrition assessment are due within this many days"}}},
    &Evaluate};

}  // namespace als::guideline
