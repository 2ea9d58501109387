// The natural history of one synthetic ALS patient: onset, diagnosis, and how
// function, FVC and weight decline from onset to the "as of" day. The state on
// any day is interpolated from the state sampled for the "as of" day, so that
// the population's current FVC, weight loss and function are controlled
// directly (they decide which rules fire).
#ifndef ALS_GENERATOR_DISEASE_COURSE_H_
#define ALS_GENERATOR_DISEASE_COURSE_H_

#include <array>

#include "chart.h"
#include "random.h"

namespace als::generator {

struct DiseaseCourse {
  Day as_of = 0;
  Day onset = 0;
  Day diagnosis = 0;
  bool bulbar_onset = false;
  double fvc_at_diagnosis = 0;   // % predicted
  double fvc_now = 0;            // % predicted on as_of
  double function_lost_now = 0;  // fraction of the ALSFRS-R lost on as_of, 0..1
  double usual_weight_kg = 0;
  double height_cm = 0;
  double weight_lost_now = 0;  // fraction of the usual weight lost on as_of (negative: gained)
};

// Months between two days (average month length).
double MonthsBetween(Day from, Day to);

DiseaseCourse SampleDiseaseCourse(Random& random, Day as_of, bool male);

double FvcOn(const DiseaseCourse& course, Day day);
double WeightOn(const DiseaseCourse& course, Day day);
// Item scores on `day`, with a little rater noise.
std::array<int, 12> AlsfrsItemsOn(const DiseaseCourse& course, Day day, Random& random);

}  // namespace als::generator

#endif  // ALS_GENERATOR_DISEASE_COURSE_H_
