// ALS chart steps about drugs: allergies, disease-modifying therapy with its
// monitoring labs and administrations, and symptomatic drugs.
#include <algorithm>

#include "chart_sampling.h"

namespace als::generator {
namespace {

const Day kRelyvrioWithdrawal = fhir::DaysFromCivil(2024, 4, 4);
const Day kRelyvrioApproval = fhir::DaysFromCivil(2022, 9, 29);
const Day kTofersenApproval = fhir::DaysFromCivil(2023, 4, 25);

Dose RiluzoleDose(Random& random) {
  switch (random.Weighted({0.9, 0.05, 0.05})) {
    case 0:
      return OralDose(50, 2);
    case 1:
      return OralDose(50, 1);  // 50 mg/day: informational only
    default:
      return OralDose(100, 2);  // 200 mg/day: above the labelled dose
  }
}

// The ALT multiple of the upper limit of normal on the latest liver panel of a
// patient on riluzole: mostly normal, sometimes 1-3, 3-5 or above 5 x ULN.
double LatestAltMultiple(Random& random) {
  switch (random.Weighted({0.85, 0.06, 0.05, 0.04})) {
    case 0:
      return NormalLiverMultiple(random);
    case 1:
      return random.Uniform(1.1, 2.9);
    case 2:
      return random.Uniform(3.1, 4.9);
    default:
      return random.Uniform(5.2, 9.0);
  }
}

// Baseline, monthly for three months, then about every three months; some
// patients stop having labs drawn.
void AddRiluzoleLabs(AlsPatient& patient, Day start) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  if (random.Chance(0.85)) AddLiverPanel(chart, random, start - random.Int(1, 25), NormalLiverMultiple(random));
  std::vector<Day> days;
  for (int month = 1; month <= 3; ++month) {
    if (random.Chance(0.8)) days.push_back(start + 30 * month + random.Int(-4, 4));
  }
  const Day stop = random.Chance(0.7) ? patient.last_visit() : patient.DayBetween(start + 100, patient.as_of());
  for (Day day = start + 90 + random.Int(80, 100); day <= stop; day += random.Int(80, 100)) days.push_back(day);
  days.erase(std::remove_if(days.begin(), days.end(), [&](Day day) { return day > patient.as_of(); }), days.end());
  for (size_t i = 0; i < days.size(); ++i) {
    const bool latest = i + 1 == days.size();
    AddLiverPanel(chart, random, days[i], latest ? LatestAltMultiple(random) : NormalLiverMultiple(random));
  }
  if (!days.empty() && random.Chance(0.03)) {
    chart.measurements.push_back({Measure::kBilirubin, days.back(), random.Uniform(1.5, 3.5)});
  }
}

// The first two months on riluzole: severe neutropenia or a febrile illness, rarely.
void AddEarlyRiluzoleEvents(AlsPatient& patient, Day start) {
  Random& random = patient.random;
  if (patient.as_of() - start > 60 || !random.Chance(0.25)) return;
  const Day day = patient.DayBetween(start + 7, patient.as_of());
  if (random.Chance(0.5)) {
    patient.chart.measurements.push_back({Measure::kNeutrophils, day, random.Uniform(0.2, 0.49)});
  } else {
    patient.chart.measurements.push_back({Measure::kTemperature, day, random.Uniform(38.1, 39.4)});
  }
}

void AddLateRiluzoleEvents(AlsPatient& patient, Day start) {
  Random& random = patient.random;
  const Day onset = patient.DayBetween(start + 30, patient.as_of());
  if (random.Chance(0.01))
    patient.chart.conditions.push_back(Diagnosis(codes::kInterstitialLungDisease, std::nullopt, onset, onset));
  if (random.Chance(0.006)) {
    patient.chart.conditions.push_back(Diagnosis(codes::kJaundice, std::nullopt, onset, onset));
    patient.chart.measurements.push_back({Measure::kBilirubin, onset, random.Uniform(2.5, 6)});
  }
}

void AddRiluzoleTaken(AlsPatient& patient) {
  Random& random = patient.random;
  const Day diagnosis = patient.course.diagnosis;
  const Day start = patient.DayBetween(diagnosis, std::max(diagnosis, std::min(diagnosis + 75, patient.as_of() - 31)));
  const bool statement = random.Chance(0.3);
  MedicationFact fact =
      Medication(Drug::kRiluzole, statement ? MedicationRecord::kStatement : MedicationRecord::kRequest,
                 !statement && random.Chance(0.05) ? "on-hold" : "active", start, RiluzoleDose(random));
  if (patient.dysphagia && random.Chance(0.4)) fact.form = DrugForm::kOralSuspension;
  patient.chart.medications.push_back(fact);
  AddRiluzoleLabs(patient, start);
  AddEarlyRiluzoleEvents(patient, start);
  AddLateRiluzoleEvents(patient, start);
}

// Ordered in the last weeks, with or without the baseline liver panel.
void AddRiluzoleNewStart(AlsPatient& patient) {
  const Day start = patient.Recent(25);
  patient.chart.medications.push_back(
      Medication(Drug::kRiluzole, MedicationRecord::kRequest, "active", start, OralDose(50, 2)));
  if (patient.random.Chance(0.5)) {
    AddLiverPanel(patient.chart, patient.random, start - patient.random.Int(1, 20),
                  NormalLiverMultiple(patient.random));
  }
}

void AddRiluzoleStopped(AlsPatient& patient) {
  Random& random = patient.random;
  const Day start = patient.DayBetween(patient.course.diagnosis, patient.as_of() - 60);
  MedicationFact fact = Medication(Drug::kRiluzole, MedicationRecord::kStatement, "stopped", start, OralDose(50, 2));
  fact.end = patient.DayBetween(start + 30, start + 200);
  fact.stopped_for_adverse_reaction = true;
  patient.chart.medications.push_back(fact);
  AddLiverPanel(patient.chart, random, start - random.Int(1, 25), NormalLiverMultiple(random));
}

// Not started: some because of a liver problem on the baseline panel.
void AddRiluzoleNotStarted(AlsPatient& patient) {
  Random& random = patient.random;
  const Day diagnosis = patient.course.diagnosis;
  if (random.Chance(0.8)) AddLiverPanel(patient.chart, random, diagnosis, NormalLiverMultiple(random));
  if (random.Chance(0.12)) AddLiverPanel(patient.chart, random, patient.Recent(25), random.Uniform(5.2, 8.0));
  if (random.Chance(0.05)) {
    const Day onset = patient.DayBetween(diagnosis - 400, patient.as_of());
    patient.chart.conditions.push_back(Diagnosis(codes::kHepaticImpairment, std::nullopt, onset, onset));
  }
}

void AddRiluzole(AlsPatient& patient) {
  Random& random = patient.random;
  // Taken, newly started, stopped, intolerant, not started.
  switch (random.Weighted({0.68, 0.04, 0.05, 0.02, 0.21})) {
    case 0:
      return AddRiluzoleTaken(patient);
    case 1:
      return AddRiluzoleNewStart(patient);
    case 2:
      return AddRiluzoleStopped(patient);
    case 3:
      patient.chart.allergies.push_back({random.Chance(0.5) ? codes::kRiluzole : codes::kRiluzoleIntolerance,
                                         patient.DayBetween(patient.course.diagnosis, patient.as_of()), "medication"});
      return;
    default:
      return AddRiluzoleNotStarted(patient);
  }
}

// Radicava IV cycles: 14 daily doses then 14 days off; later cycles 10 doses
// within 14 days (no doses at weekends) then 14 days off. Only the last two
// cycles are on file.
void AddEdaravoneInfusions(AlsPatient& patient, Day start, const Dose& dose) {
  constexpr int kCycleDays = 28;
  Random& random = patient.random;
  const bool extra_doses = random.Chance(0.12);
  const Day first_kept = patient.as_of() - 2 * kCycleDays;
  int cycle = 0;
  for (Day cycle_start = start; cycle_start <= patient.as_of(); cycle_start += kCycleDays, ++cycle) {
    if (cycle_start < first_kept) continue;
    const bool latest = cycle_start + kCycleDays > patient.as_of();
    for (int offset = 0; offset < 14; ++offset) {
      const bool weekend = offset % 7 >= 5;
      const bool dosing_day = cycle == 0 || !weekend || (extra_doses && latest && cycle > 0);
      if (!dosing_day || cycle_start + offset > patient.as_of()) continue;
      patient.chart.administrations.push_back({Drug::kEdaravone, cycle_start + offset, dose});
    }
  }
}

void AddEdaravone(AlsPatient& patient) {
  Random& random = patient.random;
  if (!random.Chance(0.14) || patient.course.diagnosis + 30 > patient.as_of() - 5) return;
  const bool intravenous = random.Chance(0.5);
  Dose dose;
  if (intravenous) {
    dose.amount = random.Chance(0.05) ? 30 : 60;
    dose.route = codes::kRouteIntravenous;
    dose.infusion_minutes = random.Chance(0.05) ? 30 : 60;
  } else {
    dose.amount = random.Chance(0.07) ? 60 : 105;
    dose.route = codes::kRouteOral;
  }
  const bool proposed = random.Chance(0.12);
  const Day start =
      proposed ? patient.Recent(20) : patient.DayBetween(patient.course.diagnosis + 30, patient.as_of() - 5);
  MedicationFact fact =
      Medication(Drug::kEdaravone, MedicationRecord::kRequest, proposed ? "draft" : "active", start, dose);
  fact.form = intravenous ? DrugForm::kDefault : DrugForm::kOralSuspension;
  patient.chart.medications.push_back(fact);
  if (intravenous && !proposed) AddEdaravoneInfusions(patient, start, dose);
}

// Tofersen for SOD1-ALS: three loading doses 14 days apart, then every 28 days.
void AddTofersen(AlsPatient& patient) {
  Random& random = patient.random;
  const double probability = patient.sod1_positive ? 0.75 : patient.sod1_uncertain ? 0.3 : 0.003;
  if (!random.Chance(probability)) return;
  const Day earliest = std::max({kTofersenApproval, patient.course.diagnosis,
                                 patient.chart.genomics ? patient.chart.genomics->day + 20 : patient.course.diagnosis});
  if (earliest >= patient.as_of() - 2) return;
  const Day start = patient.DayBetween(earliest, patient.as_of() - 2);
  Dose dose;
  dose.amount = random.Chance(0.04) ? 50 : 100;
  dose.route = codes::kRouteIntrathecal;
  dose.period_days = 28;
  patient.chart.medications.push_back(Medication(Drug::kTofersen, MedicationRecord::kRequest, "active", start, dose));
  const Day last_dose = random.Chance(0.2) ? patient.as_of() - random.Int(45, 90) : patient.as_of();
  Day dose_day = start;
  for (int given = 1; dose_day <= last_dose; ++given) {
    patient.chart.administrations.push_back({Drug::kTofersen, dose_day, dose});
    dose_day += given < 3 ? 14 : 28;
  }
  patient.chart.measurements.push_back({Measure::kNfl, start, random.Uniform(40, 140)});
  patient.chart.measurements.push_back({Measure::kNfl, patient.Recent(60), random.Uniform(15, 60)});
  if (random.Chance(0.12)) {
    const Day onset = patient.DayBetween(start + 14, patient.as_of());
    patient.chart.conditions.push_back(
        Diagnosis(random.Chance(0.5) ? codes::kMyelitis : codes::kAsepticMeningitis, std::nullopt, onset, onset));
  }
}

// Relyvrio (withdrawn April 2024): a continuing earlier statement, or a new order.
void AddRelyvrio(AlsPatient& patient) {
  Random& random = patient.random;
  if (!random.Chance(0.03)) return;
  Dose dose;
  dose.text = "1 packet (3 g sodium phenylbutyrate / 1 g taurursodiol) in water twice daily";
  dose.frequency = 2;
  if (patient.course.diagnosis < kRelyvrioWithdrawal && random.Chance(0.7)) {
    const Day start =
        patient.DayBetween(std::max(kRelyvrioApproval, patient.course.diagnosis), kRelyvrioWithdrawal - 5);
    patient.chart.medications.push_back(
        Medication(Drug::kRelyvrio, MedicationRecord::kStatement, "active", start, dose));
  } else {
    patient.chart.medications.push_back(
        Medication(Drug::kRelyvrio, MedicationRecord::kRequest, "active", patient.Recent(200), dose));
  }
}

}  // namespace

Dose OralDose(double mg, double per_day) {
  Dose dose;
  dose.amount = mg;
  dose.frequency = per_day;
  return dose;
}

MedicationFact Medication(Drug drug, MedicationRecord record, std::string_view status, Day start, Dose dose) {
  MedicationFact fact;
  fact.drug = drug;
  fact.record = record;
  fact.status = status;
  fact.start = start;
  fact.dose = dose;
  return fact;
}

void AddAllergies(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  auto recorded = [&] { return patient.DayBetween(patient.course.diagnosis - 200, patient.as_of()); };
  const bool sulfite = random.Chance(0.04);
  switch (random.Weighted({0.18, 0.55, 0.27})) {
    case 0:
      break;  // allergy status never recorded
    case 1:
      if (!sulfite) chart.allergies.push_back({codes::kNoKnownAllergy, recorded(), ""});
      break;
    default:
      chart.allergies.push_back(
          {random.Chance(0.6) ? codes::kAmoxicillin : codes::kSulfamethoxazole, recorded(), "medication"});
  }
  if (sulfite) chart.allergies.push_back({codes::kSulfiteAllergy, recorded(), "food"});
}

void AddDiseaseModifyingTherapy(AlsPatient& patient) {
  AddRiluzole(patient);
  AddEdaravone(patient);
  AddTofersen(patient);
  AddRelyvrio(patient);
}

void AddSymptomaticTherapy(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  if (patient.sialorrhea && random.Chance(0.5)) {
    const bool glycopyrronium = random.Chance(0.7);
    MedicationFact fact =
        Medication(glycopyrronium ? Drug::kGlycopyrronium : Drug::kAmitriptyline, MedicationRecord::kRequest, "active",
                   patient.Recent(300), glycopyrronium ? OralDose(1, 3) : OralDose(10, 1));
    if (random.Chance(0.1)) {
      fact.status = "stopped";
      fact.end = patient.DayBetween(fact.start + 7, patient.as_of());
      fact.stopped_for_adverse_reaction = true;
    }
    chart.medications.push_back(fact);
  }
  if (patient.pseudobulbar_affect && random.Chance(0.4)) {
    Dose dose;
    dose.text = "1 capsule twice daily";
    dose.frequency = 2;
    chart.medications.push_back(
        Medication(Drug::kNuedexta, MedicationRecord::kRequest, "active", patient.Recent(300), dose));
  }
  if (patient.depression && random.Chance(0.5)) {
    chart.medications.push_back(
        Medication(Drug::kSertraline, MedicationRecord::kStatement, "active", patient.Recent(400), OralDose(50, 1)));
  }
  if (random.Chance(0.2)) {
    chart.medications.push_back(
        Medication(Drug::kBaclofen, MedicationRecord::kRequest, "active", patient.Recent(500), OralDose(10, 3)));
  }
  if (random.Chance(0.25)) {
    chart.medications.push_back(
        Medication(Drug::kLisinopril, MedicationRecord::kStatement, "active", patient.Recent(900), OralDose(10, 1)));
  }
}

}  // namespace als::generator
