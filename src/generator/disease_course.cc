#include "disease_course.h"

#include <algorithm>
#include <cmath>

namespace als::generator {
namespace {

constexpr double kDaysPerMonth = 30.4375;
constexpr int kDaysPerYear = 365;

// Progress of the disease on `day`: 0 at onset, 1 on the "as of" day.
double Progress(const DiseaseCourse& course, Day day) {
  if (course.as_of <= course.onset) return 1;
  return std::clamp(static_cast<double>(day - course.onset) / (course.as_of - course.onset), 0.0, 1.0);
}

// Deficit of a body region (0 = normal, 1 = lost) once the overall loss passes `start`.
double Ramp(double function_lost, double start, double speed) {
  return std::clamp((function_lost - start) * speed, 0.0, 1.0);
}

struct RegionDeficits {
  double bulbar, limb, respiratory;
};

RegionDeficits DeficitsOn(const DiseaseCourse& course, Day day) {
  const double lost = course.function_lost_now * Progress(course, day);
  RegionDeficits deficits{};
  if (course.bulbar_onset) {
    deficits = {Ramp(lost, 0.0, 2.0), Ramp(lost, 0.2, 1.3), Ramp(lost, 0.4, 1.4)};
  } else {
    deficits = {Ramp(lost, 0.3, 1.3), Ramp(lost, 0.0, 1.6), Ramp(lost, 0.4, 1.4)};
  }
  // Breathing items follow the measured vital capacity as well.
  deficits.respiratory = std::max(deficits.respiratory, std::clamp((75.0 - FvcOn(course, day)) / 55.0, 0.0, 1.0));
  return deficits;
}

// The current FVC: the mix decides how many patients fall in each NIV and
// gastrostomy band (> 80, 50-80, 30-50, < 30 % predicted).
double SampleFvcNow(Random& random) {
  switch (random.Weighted({0.34, 0.34, 0.21, 0.11})) {
    case 0:
      return random.Uniform(80, 110);
    case 1:
      return random.Uniform(50, 80);
    case 2:
      return random.Uniform(30, 50);
    default:
      return random.Uniform(14, 30);
  }
}

// Weight lost since the usual weight: under 5 %, 5-10 %, 10 % or more.
double SampleWeightLostNow(Random& random) {
  switch (random.Weighted({0.45, 0.3, 0.25})) {
    case 0:
      return random.Uniform(-0.02, 0.05);
    case 1:
      return random.Uniform(0.05, 0.10);
    default:
      return random.Uniform(0.10, 0.24);
  }
}

}  // namespace

double MonthsBetween(Day from, Day to) { return (to - from) / kDaysPerMonth; }

DiseaseCourse SampleDiseaseCourse(Random& random, Day as_of, bool male) {
  DiseaseCourse course;
  course.as_of = as_of;
  course.onset = as_of - random.Int(kDaysPerYear, 6 * kDaysPerYear);
  const int delay_days = static_cast<int>(random.Normal(11, 4, 3, 24) * kDaysPerMonth);
  course.diagnosis = std::min(course.onset + delay_days, as_of - random.Int(14, 60));
  course.bulbar_onset = random.Chance(0.3);

  course.fvc_now = SampleFvcNow(random);
  const double months_since_dx = std::max(1.0, MonthsBetween(course.diagnosis, as_of));
  course.fvc_at_diagnosis =
      std::clamp(course.fvc_now + random.Uniform(0.5, 3.0) * months_since_dx, course.fvc_now, 112.0);
  // Function follows breathing loosely: lower FVC, more function lost.
  course.function_lost_now =
      std::clamp((100.0 - course.fvc_now) / 110.0 + random.Normal(0, 0.12, -0.3, 0.3), 0.05, 0.92);

  course.height_cm = male ? random.Normal(176, 7, 155, 200) : random.Normal(163, 6.5, 145, 185);
  const double usual_bmi = random.Normal(25.5, 3.5, 18.5, 38);
  course.usual_weight_kg = usual_bmi * (course.height_cm / 100) * (course.height_cm / 100);
  course.weight_lost_now = SampleWeightLostNow(random);
  return course;
}

double FvcOn(const DiseaseCourse& course, Day day) {
  if (day <= course.diagnosis) return course.fvc_at_diagnosis;
  const double span = course.as_of - course.diagnosis;
  const double fraction = span <= 0 ? 1.0 : std::min(1.0, (day - course.diagnosis) / span);
  return course.fvc_at_diagnosis + (course.fvc_now - course.fvc_at_diagnosis) * fraction;
}

double WeightOn(const DiseaseCourse& course, Day day) {
  return course.usual_weight_kg * (1.0 - course.weight_lost_now * Progress(course, day));
}

std::array<int, 12> AlsfrsItemsOn(const DiseaseCourse& course, Day day, Random& random) {
  // Region and relative vulnerability of each item, in ALSFRS-R order.
  struct ItemModel {
    double RegionDeficits::*region;
    double weight;
  };
  static const ItemModel kItems[12] = {
      {&RegionDeficits::bulbar, 1.1},      {&RegionDeficits::bulbar, 0.9},      {&RegionDeficits::bulbar, 1.0},
      {&RegionDeficits::limb, 1.0},        {&RegionDeficits::limb, 1.1},        {&RegionDeficits::limb, 0.9},
      {&RegionDeficits::limb, 0.9},        {&RegionDeficits::limb, 1.1},        {&RegionDeficits::limb, 1.0},
      {&RegionDeficits::respiratory, 1.1}, {&RegionDeficits::respiratory, 1.0}, {&RegionDeficits::respiratory, 0.75},
  };
  const RegionDeficits deficits = DeficitsOn(course, day);
  std::array<int, 12> items{};
  for (size_t i = 0; i < items.size(); ++i) {
    const double score = 4.0 * (1.0 - deficits.*(kItems[i].region) * kItems[i].weight) + random.Uniform(-0.45, 0.45);
    items[i] = static_cast<int>(std::clamp(std::lround(score), 0L, 4L));
  }
  return items;
}

}  // namespace als::generator
