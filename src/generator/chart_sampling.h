// Internal to the chart samplers: the state they share while building one
// ALS patient's chart, and the steps, in the order SampleChart runs them.
#ifndef ALS_GENERATOR_CHART_SAMPLING_H_
#define ALS_GENERATOR_CHART_SAMPLING_H_

#include <optional>
#include <vector>

#include "chart.h"
#include "disease_course.h"
#include "random.h"

namespace als::generator {

constexpr double kDaysPerYear = 365.25;

struct AlsPatient {
  Chart& chart;
  Random& random;
  DiseaseCourse course;
  std::vector<Day> visits;  // clinic visits, oldest first (the first is the diagnosis visit)

  // Facts decided by one step and read by later ones.
  std::array<int, 12> latest_alsfrs{4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
  double latest_fvc = 100;
  bool dysphagia = false;
  bool dysarthria = false;
  bool sialorrhea = false;
  bool orthopnea = false;
  bool cognitive_impairment = false;
  bool depression = false;
  bool pseudobulbar_affect = false;
  bool gastrostomy = false;
  bool sod1_positive = false;
  bool sod1_uncertain = false;

  Day as_of() const { return chart.as_of; }
  Day last_visit() const { return visits.back(); }
  // A day uniformly in [from, to], never after the "as of" day.
  Day DayBetween(Day from, Day to);
  // A day within the last `days` days (never in the future).
  Day Recent(int days) { return DayBetween(as_of() - days, as_of()); }
};

// chart_als.cc
void AddVisitMeasurements(AlsPatient& patient);
void AddAlsConditions(AlsPatient& patient);
void AddScreens(AlsPatient& patient);
void AddGenomics(AlsPatient& patient);

// chart_treatment.cc
void AddAllergies(AlsPatient& patient);
void AddDiseaseModifyingTherapy(AlsPatient& patient);
void AddSymptomaticTherapy(AlsPatient& patient);

// chart_care.cc
void AddRespiratorySupport(AlsPatient& patient);
void AddNutritionCare(AlsPatient& patient);
void AddEquipment(AlsPatient& patient);
void AddCareServices(AlsPatient& patient);
void AddCaregiversAndPlanning(AlsPatient& patient);

// chart_other.cc: patients without ALS.
void SampleNonAlsChart(Chart& chart, Random& random);

// Fact constructors shared by the steps.
ConditionFact Diagnosis(Code code, std::optional<Code> alternative, Day onset, Day recorded);
Dose OralDose(double mg, double per_day);
MedicationFact Medication(Drug drug, MedicationRecord record, std::string_view status, Day start, Dose dose);

// Shared by ALS and non-ALS charts: ALT, AST and total bilirubin drawn on one
// day, ALT at `alt_uln_multiple` times the upper limit of normal.
void AddLiverPanel(Chart& chart, Random& random, Day day, double alt_uln_multiple);
// A liver panel multiple of the upper limit of normal for an ordinary result.
double NormalLiverMultiple(Random& random);
// A visit schedule: every ~3 months from `first` up to `last`.
std::vector<Day> VisitDays(Random& random, Day first, Day last);

}  // namespace als::generator

#endif  // ALS_GENERATOR_CHART_SAMPLING_H_
