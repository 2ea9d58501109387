// SampleChart, and the ALS chart steps about the disease itself: visits and
// their measurements, diagnoses, screening instruments, genetics.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "chart_sampling.h"

namespace als::generator {
namespace {

constexpr uint64_t kChartStream = 1;
// Riluzole, ALT and AST results are generated against this upper limit of normal.
constexpr double kAltUln = 40;

std::string PatientId(uint64_t seed, uint64_t index) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "s%llu-p%06llu", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(index));
  return buffer;
}

void SampleName(Chart& chart, Random& random) {
  static const std::string_view kMale[] = {"James", "Robert", "Michael", "David", "Thomas", "Daniel", "Paul",
                                           "Mark",  "George", "Peter",   "Alan",  "Henri",  "Luca",   "Jonas"};
  static const std::string_view kFemale[] = {"Mary",   "Patricia", "Linda", "Susan",  "Karen", "Nancy", "Anne",
                                             "Claire", "Helen",    "Ruth",  "Ingrid", "Sofia", "Marta", "Julie"};
  static const std::string_view kFamily[] = {"Smith",  "Johnson", "Brown", "Taylor", "Martin",   "Dubois", "Rossi",
                                             "Müller", "Jansen",  "Nowak", "Garcia", "Kowalski", "Walker", "Young",
                                             "Hughes", "Larsen",  "Costa", "Novak",  "Evans",    "Fischer"};
  const auto& given = chart.male ? kMale : kFemale;
  chart.given = given[random.Int(0, static_cast<int>(std::size(kMale)) - 1)];
  chart.family = kFamily[random.Int(0, static_cast<int>(std::size(kFamily)) - 1)];
}

void Add(Chart& chart, Measure measure, Day day, double value) { chart.measurements.push_back({measure, day, value}); }

// The first ALSFRS-R on file with `item` at or below `max_score`.
std::optional<Day> FirstImpaired(const Chart& chart, int item, int max_score) {
  for (const AlsfrsFact& fact : chart.alsfrs) {
    if (fact.items[item] <= max_score) return fact.day;
  }
  return std::nullopt;
}

// A condition that began `onset` (a sign seen first at a visit) and is recorded then.
void AddSign(AlsPatient& patient, Code code, std::optional<Code> alternative, Day onset) {
  patient.chart.conditions.push_back(Diagnosis(code, alternative, onset, onset));
}

// A day between the diagnosis and the "as of" day.
Day SinceDiagnosis(AlsPatient& patient) { return patient.DayBetween(patient.course.diagnosis, patient.as_of()); }

// A long-standing comorbidity, present before the ALS diagnosis.
void AddComorbidity(AlsPatient& patient, Code code) {
  const Day onset =
      patient.DayBetween(patient.chart.birth + static_cast<Day>(35 * kDaysPerYear), patient.course.diagnosis - 30);
  patient.chart.conditions.push_back(Diagnosis(code, std::nullopt, onset, patient.course.diagnosis));
}

void AddRespiratoryTests(AlsPatient& patient, Day day, double fvc, bool pressures, bool cough_flow) {
  Random& random = patient.random;
  if (pressures && random.Chance(0.7)) {
    Add(patient.chart, Measure::kSnip, day, std::max(8.0, fvc * 0.8 + random.Normal(0, 8, -20, 20)));
    Add(patient.chart, Measure::kMip, day, std::max(8.0, fvc * 0.85 + random.Normal(0, 8, -20, 20)));
  }
  if (cough_flow && random.Chance(0.8)) {
    Add(patient.chart, Measure::kPeakCoughFlow, day, std::max(60.0, 120 + fvc * 3.6 + random.Normal(0, 20, -50, 50)));
  }
}

void AddVisit(AlsPatient& patient, size_t visit_index, bool pressures, bool cough_flow) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  const Day day = patient.visits[visit_index];
  const bool first = visit_index == 0;
  const bool last = visit_index + 1 == patient.visits.size();
  const double fvc = std::clamp(FvcOn(patient.course, day) + random.Normal(0, 2.5, -6, 6), 8.0, 125.0);
  if (first || last || random.Chance(0.9)) {
    Add(chart, Measure::kFvcPercent, day, fvc);
    patient.latest_fvc = fvc;
  }
  const double weight = WeightOn(patient.course, day) + random.Normal(0, 0.7, -2, 2);
  const double metres = patient.course.height_cm / 100;
  if (first || random.Chance(0.95)) Add(chart, Measure::kWeight, day, weight);
  if (first) Add(chart, Measure::kHeight, day, patient.course.height_cm);
  if (random.Chance(0.35)) Add(chart, Measure::kBmi, day, weight / (metres * metres));
  if (random.Chance(0.6)) {
    const double hypoventilation = std::max(0.0, 50 - fvc) * 0.15;
    Add(chart, Measure::kSpo2, day,
        std::round(std::clamp(97.5 - hypoventilation + random.Normal(0, 1, -2, 2), 82.0, 100.0)));
  }
  if (first || last || random.Chance(0.85)) {
    AlsfrsFact fact{day, AlsfrsItemsOn(patient.course, day, random)};
    chart.alsfrs.push_back(fact);
    patient.latest_alsfrs = fact.items;
  }
  AddRespiratoryTests(patient, day, fvc, pressures, cough_flow);
}

void AddAlsDiagnosis(AlsPatient& patient) {
  const DiseaseCourse& course = patient.course;
  ConditionFact als = Diagnosis(codes::kAlsSnomed, codes::kAlsIcd, course.onset, course.diagnosis);
  als.onset_recorded = patient.random.Chance(0.8);
  patient.chart.conditions.push_back(als);
  if (course.bulbar_onset && patient.random.Chance(0.6)) {
    patient.chart.conditions.push_back(Diagnosis(codes::kBulbarOnset, std::nullopt, course.onset, course.diagnosis));
  }
}

// Bulbar and respiratory signs, once the ALSFRS-R shows them.
void AddBulbarAndRespiratorySigns(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  const auto& items = patient.latest_alsfrs;
  auto sign = [&](int item, double probability, Code code, std::optional<Code> alternative, bool* flag) {
    if (items[item] > 3 || !random.Chance(probability)) return;
    AddSign(patient, code, alternative, FirstImpaired(chart, item, 3).value_or(patient.last_visit()));
    if (flag != nullptr) *flag = true;
  };
  sign(kSwallowing, 0.75, codes::kDysphagia, codes::kDysphagiaIcd, &patient.dysphagia);
  sign(kSpeech, 0.7, codes::kDysarthria, codes::kDysarthriaIcd, &patient.dysarthria);
  sign(kSalivation, 0.6, codes::kSialorrhea, std::nullopt, &patient.sialorrhea);
  sign(kOrthopnea, 0.4, codes::kOrthopnea, std::nullopt, &patient.orthopnea);
  sign(kDyspnea, 0.3, codes::kDyspnea, std::nullopt, nullptr);
  if (patient.latest_fvc < 70 && random.Chance(0.08)) {
    AddSign(patient, codes::kSleepHypoventilation, std::nullopt, patient.Recent(200));
  }
  if (!patient.dysphagia) return;
  if (random.Chance(0.1)) AddSign(patient, codes::kAspirationPneumonia, std::nullopt, patient.Recent(150));
  if (random.Chance(0.15)) chart.findings.push_back({codes::kChoking, patient.Recent(80)});
  if (random.Chance(0.35)) chart.findings.push_back({codes::kInadequateIntake, patient.Recent(80)});
}

// Cognition, mood, and diagnoses that came before the ALS.
void AddOtherDiagnoses(AlsPatient& patient) {
  Random& random = patient.random;
  static const Code kCognitive[] = {codes::kAlsWithFtd, codes::kFtd, codes::kAlsCognitive};
  if (size_t cognitive = random.Weighted({0.03, 0.03, 0.05, 0.89}); cognitive < std::size(kCognitive)) {
    AddSign(patient, kCognitive[cognitive], std::nullopt, SinceDiagnosis(patient));
    patient.cognitive_impairment = true;
  }
  patient.depression = random.Chance(0.15);
  if (patient.depression) AddSign(patient, codes::kDepression, codes::kDepressionIcd, SinceDiagnosis(patient));
  patient.pseudobulbar_affect = random.Chance(0.12);
  if (patient.pseudobulbar_affect) AddSign(patient, codes::kPseudobulbarAffect, std::nullopt, SinceDiagnosis(patient));
  struct Prevalence {
    Code code;
    double probability;
  };
  static const Prevalence kComorbidities[] = {{codes::kAsthma, 0.06},   {codes::kCopd, 0.04},
                                              {codes::kGlaucoma, 0.02}, {codes::kHypertension, 0.3},
                                              {codes::kDiabetes, 0.1},  {codes::kHyperlipidemia, 0.2}};
  for (const Prevalence& comorbidity : kComorbidities) {
    if (random.Chance(comorbidity.probability)) AddComorbidity(patient, comorbidity.code);
  }
}

}  // namespace

int AlsfrsFact::Total() const {
  int total = 0;
  for (int item : items) total += item;
  return total;
}

Day AlsPatient::DayBetween(Day from, Day to) {
  to = std::min(to, as_of());
  return from >= to ? to : random.Int(from, to);
}

ConditionFact Diagnosis(Code code, std::optional<Code> alternative, Day onset, Day recorded) {
  ConditionFact fact;
  fact.code = code;
  fact.alternative = alternative;
  fact.onset = onset;
  fact.recorded = std::max(onset, recorded);
  return fact;
}

std::vector<Day> VisitDays(Random& random, Day first, Day last) {
  std::vector<Day> days{first};
  for (Day day = first + random.Int(70, 110); day <= last; day += random.Int(70, 110)) days.push_back(day);
  // Patients in follow-up have a visit close to `last`.
  if (days.back() < last - 20) days.push_back(last);
  return days;
}

void AddLiverPanel(Chart& chart, Random& random, Day day, double alt_uln_multiple) {
  const double alt = kAltUln * alt_uln_multiple;
  Add(chart, Measure::kAlt, day, alt);
  Add(chart, Measure::kAst, day, alt * random.Uniform(0.6, 1.0));
  Add(chart, Measure::kBilirubin, day, random.Uniform(0.3, 1.0));
}

double NormalLiverMultiple(Random& random) { return random.Uniform(0.3, 0.95); }

void AddVisitMeasurements(AlsPatient& patient) {
  Random& random = patient.random;
  const bool pressures = random.Chance(0.2);
  const bool cough_flow = random.Chance(0.15);
  for (size_t i = 0; i < patient.visits.size(); ++i) AddVisit(patient, i, pressures, cough_flow);
  Chart& chart = patient.chart;
  if (random.Chance(0.3)) Add(chart, Measure::kUsualWeight, patient.visits.front(), patient.course.usual_weight_kg);
  if (random.Chance(0.1)) {
    const double minutes = patient.latest_fvc < 60 ? random.Uniform(5, 90) : random.Uniform(0, 4);
    Add(chart, Measure::kNocturnalOximetry, patient.Recent(150), minutes);
  }
  if (random.Chance(0.06)) {
    const double paco2 = patient.latest_fvc < 50 ? random.Uniform(44, 56) : random.Uniform(36, 44);
    Add(chart, Measure::kPaco2, patient.Recent(120), paco2);
  }
}

void AddAlsConditions(AlsPatient& patient) {
  AddAlsDiagnosis(patient);
  AddBulbarAndRespiratorySigns(patient);
  AddOtherDiagnoses(patient);
}

void AddScreens(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  const Day diagnosis = patient.course.diagnosis;
  const bool impaired = patient.cognitive_impairment;
  if (random.Chance(0.45)) {
    Add(chart, Measure::kEcas, patient.DayBetween(diagnosis, patient.as_of()),
        std::round(impaired ? random.Uniform(70, 100) : random.Normal(112, 9, 90, 136)));
  }
  if (random.Chance(0.2)) {
    Add(chart, Measure::kMoca, patient.DayBetween(diagnosis, patient.as_of()),
        impaired ? random.Int(16, 24) : random.Int(24, 30));
  }
  if (random.Chance(0.55)) {
    const Day day = random.Chance(0.6) ? patient.Recent(85) : patient.DayBetween(diagnosis, patient.as_of() - 100);
    Add(chart, Measure::kPhq9, day, patient.depression ? random.Int(8, 20) : random.Int(0, 9));
  }
  if (patient.pseudobulbar_affect ? random.Chance(0.5) : random.Chance(0.05)) {
    Add(chart, Measure::kCnsLs, patient.DayBetween(diagnosis, patient.as_of()),
        patient.pseudobulbar_affect ? random.Int(13, 30) : random.Int(7, 12));
  }
}

void AddGenomics(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  const bool family_history = random.Chance(0.07);
  if (family_history) {
    chart.family_history =
        FamilyHistoryFact{random.Chance(0.5) ? codes::kFather : codes::kMother,
                          random.Chance(0.75) ? codes::kAlsSnomed : codes::kFtd, patient.course.diagnosis};
  }
  if (!random.Chance(family_history ? 0.5 : 0.12)) {
    if (random.Chance(0.08)) {
      chart.care.push_back(CareFact::Of(CareResource::kServiceRequest, codes::kGeneticCounselling, patient.Recent(60),
                                        "active", "routine"));
    }
    return;
  }
  const double pathogenic = family_history ? 0.5 : 0.2;
  static const Sod1Finding kFindings[] = {Sod1Finding::kPathogenic, Sod1Finding::kLikelyPathogenic,
                                          Sod1Finding::kUncertain, Sod1Finding::kNegative};
  const Sod1Finding finding = kFindings[random.Weighted({pathogenic, 0.05, 0.1, 0.65})];
  chart.genomics = GenomicFact{patient.DayBetween(patient.course.diagnosis + 20, patient.as_of() - 1), finding};
  patient.sod1_positive = finding == Sod1Finding::kPathogenic || finding == Sod1Finding::kLikelyPathogenic;
  patient.sod1_uncertain = finding == Sod1Finding::kUncertain;
}

Chart SampleChart(const ChartSettings& settings, uint64_t index) {
  Random random(DeriveSeed(settings.seed, index, kChartStream));
  Chart chart;
  chart.patient_id = PatientId(settings.seed, index);
  chart.as_of = settings.as_of;
  chart.male = random.Chance(0.58);
  SampleName(chart, random);
  if (random.Chance(settings.non_als_fraction)) {
    SampleNonAlsChart(chart, random);
    return chart;
  }
  AlsPatient patient{chart, random, SampleDiseaseCourse(random, settings.as_of, chart.male), {}};
  const double age_at_onset = random.Normal(60, 11, 22, 86);
  chart.birth = patient.course.onset - static_cast<Day>(age_at_onset * kDaysPerYear) - random.Int(0, 364);
  const bool lost_to_follow_up = random.Chance(0.12);
  const Day last = settings.as_of - (lost_to_follow_up ? random.Int(95, 300) : random.Int(0, 45));
  patient.visits = VisitDays(random, patient.course.diagnosis, std::max(last, patient.course.diagnosis));

  AddVisitMeasurements(patient);
  AddAlsConditions(patient);
  AddScreens(patient);
  AddGenomics(patient);
  AddAllergies(patient);
  AddDiseaseModifyingTherapy(patient);
  AddSymptomaticTherapy(patient);
  AddRespiratorySupport(patient);
  AddNutritionCare(patient);
  AddEquipment(patient);
  AddCareServices(patient);
  AddCaregiversAndPlanning(patient);
  return chart;
}

}  // namespace als::generator
