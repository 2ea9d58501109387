// Patients without ALS: motor neuron disease that is not ALS, ALS that is
// suspected, refuted or entered in error, and patients with unrelated
// conditions. The adapter must write nothing for any of them.
#include <algorithm>

#include "chart_sampling.h"

namespace als::generator {
namespace {

void AddCondition(Chart& chart, Code code, std::optional<Code> alternative, Day onset,
                  std::string_view verification = "confirmed") {
  ConditionFact fact = Diagnosis(code, alternative, onset, onset);
  fact.verification = verification;
  chart.conditions.push_back(fact);
}

// ALS in the chart, but not as an active confirmed diagnosis.
void AddUnconfirmedAls(Chart& chart, Random& random, Day day) {
  switch (random.Weighted({0.5, 0.3, 0.2})) {
    case 0:
      AddCondition(chart, codes::kAlsSnomed, codes::kAlsIcd, day, "provisional");
      break;
    case 1:
      AddCondition(chart, codes::kAlsSnomed, codes::kAlsIcd, day, "refuted");
      AddCondition(chart, codes::kMyelopathy, std::nullopt, day);
      break;
    default:
      AddCondition(chart, codes::kAlsIcd, std::nullopt, day, "entered-in-error");
      AddCondition(chart, codes::kOsteoarthritis, std::nullopt, day);
      break;
  }
}

}  // namespace

void SampleNonAlsChart(Chart& chart, Random& random) {
  const Day as_of = chart.as_of;
  chart.birth = as_of - static_cast<Day>(random.Normal(58, 14, 25, 90) * kDaysPerYear) - random.Int(0, 364);
  const Day first = as_of - random.Int(60, 4 * 365);
  const std::vector<Day> visits = VisitDays(random, first, as_of - random.Int(0, 60));
  const size_t kind = random.Weighted({0.3, 0.2, 0.5});
  chart.kind = kind == 0   ? PatientKind::kMotorNeuronDisease
               : kind == 1 ? PatientKind::kAlsNotConfirmed
                           : PatientKind::kUnrelated;
  double fvc = random.Uniform(75, 105);
  switch (chart.kind) {
    case PatientKind::kMotorNeuronDisease:
      if (random.Chance(0.7)) {
        AddCondition(chart, codes::kMndSnomed, codes::kMndIcd, first);
      } else {
        AddCondition(chart, codes::kBulbarPalsy, std::nullopt, first);
      }
      break;
    case PatientKind::kAlsNotConfirmed:
      AddUnconfirmedAls(chart, random, first);
      break;
    default:
      AddCondition(chart, random.Chance(0.6) ? codes::kHypertension : codes::kDiabetes, std::nullopt, first);
      if (random.Chance(0.4)) AddCondition(chart, codes::kHyperlipidemia, std::nullopt, first);
      break;
  }
  const double weight = random.Normal(chart.male ? 84 : 70, 12, 45, 140);
  const double height = chart.male ? random.Normal(176, 7, 155, 200) : random.Normal(163, 6.5, 145, 185);
  for (const Day visit : visits) {
    chart.measurements.push_back({Measure::kWeight, visit, weight + random.Normal(0, 1.2, -3, 3)});
    if (visit == visits.front()) chart.measurements.push_back({Measure::kHeight, visit, height});
    if (chart.kind != PatientKind::kUnrelated) {
      fvc -= random.Uniform(0, 3);
      chart.measurements.push_back({Measure::kFvcPercent, visit, fvc});
    }
    if (random.Chance(0.4)) AddLiverPanel(chart, random, visit, NormalLiverMultiple(random));
  }
  if (chart.kind == PatientKind::kMotorNeuronDisease && random.Chance(0.3)) {
    chart.medications.push_back(
        Medication(Drug::kRiluzole, MedicationRecord::kRequest, "active", first, OralDose(50, 2)));
  }
  if (chart.kind == PatientKind::kUnrelated && random.Chance(0.5)) {
    chart.medications.push_back(
        Medication(Drug::kMetformin, MedicationRecord::kRequest, "active", first, OralDose(500, 2)));
  }
  if (random.Chance(0.5)) chart.allergies.push_back({codes::kNoKnownAllergy, first, ""});
  for (const Day visit : visits) {
    chart.care.push_back(CareFact::Of(CareResource::kEncounter, codes::kNeurologyVisit, visit, "finished"));
  }
}

}  // namespace als::generator
