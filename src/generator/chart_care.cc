// ALS chart steps about care: breathing support, nutrition, equipment,
// referrals and clinic visits, caregivers and advance care planning.
#include <algorithm>

#include "chart_sampling.h"

namespace als::generator {
namespace {

void Care(AlsPatient& patient, CareResource resource, Code code, Day day, std::string_view status,
          std::string_view priority = "") {
  patient.chart.care.push_back(CareFact::Of(resource, code, day, status, priority));
}

// A completed contact: recent (within `recent_days`) with probability `recent`, else older.
Day ContactDay(AlsPatient& patient, double recent, int recent_days) {
  if (patient.random.Chance(recent)) return patient.Recent(recent_days);
  return patient.DayBetween(patient.course.diagnosis, patient.as_of() - recent_days - 10);
}

bool Bulbar(const AlsPatient& patient) {
  const auto& items = patient.latest_alsfrs;
  return patient.dysphagia || patient.dysarthria || patient.sialorrhea || items[kSpeech] <= 3 ||
         items[kSalivation] <= 3 || items[kSwallowing] <= 3;
}

void AddNivDecline(AlsPatient& patient) {
  const Day day = patient.Recent(80);
  if (patient.random.Chance(0.5)) {
    patient.chart.findings.push_back({codes::kNivDeclined, day});
    return;
  }
  CareFact refusal = CareFact::Of(CareResource::kProcedure, codes::kNivInitiation, day, "not-done");
  refusal.reason = codes::kPatientDeclined;
  patient.chart.care.push_back(refusal);
}

void AddNivInUse(AlsPatient& patient) {
  Random& random = patient.random;
  const Day start = patient.DayBetween(std::max(patient.course.diagnosis, patient.as_of() - 400), patient.as_of() - 7);
  Care(patient, CareResource::kDeviceUse, random.Chance(0.7) ? codes::kBilevelDevice : codes::kBilevelDeviceNoBackup,
       start, "active");
  if (random.Chance(0.15)) Care(patient, CareResource::kProcedure, codes::kNivInitiation, start, "completed");
}

}  // namespace

void AddRespiratorySupport(AlsPatient& patient) {
  Random& random = patient.random;
  enum { kInUse, kDeclined, kNone };
  size_t niv = kNone;
  if (patient.latest_fvc < 50) {
    niv = random.Weighted({0.55, 0.12, 0.33});
  } else if (patient.latest_fvc < 80 || patient.orthopnea) {
    niv = random.Weighted({0.15, 0.03, 0.82});
  }
  if (niv == kInUse) AddNivInUse(patient);
  if (niv == kDeclined) AddNivDecline(patient);
  if (niv == kNone && patient.latest_fvc < 50 && random.Chance(0.3)) {
    Care(patient, CareResource::kDeviceRequest, codes::kBilevelDevice, patient.Recent(60), "active", "routine");
  }
  for (const MeasurementFact& fact : patient.chart.measurements) {
    if (fact.measure == Measure::kPeakCoughFlow && fact.value < 270 && random.Chance(0.3)) {
      Care(patient, CareResource::kDeviceRequest, codes::kCoughAssist, patient.Recent(60), "active",
           random.Chance(0.5) ? "routine" : "urgent");
      break;
    }
  }
  if (patient.latest_fvc < 50 && random.Chance(0.1)) {
    CareFact admission =
        CareFact::Of(CareResource::kEncounter, codes::kHospitalAdmission, patient.Recent(150), "finished");
    admission.reason = codes::kRespiratoryFailure;
    admission.inpatient = true;
    admission.end = std::min(patient.as_of(), admission.day + random.Int(3, 12));
    patient.chart.care.push_back(admission);
  }
}

void AddNutritionCare(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  if ((patient.dysphagia || patient.course.weight_lost_now >= 0.10) && random.Chance(0.35)) {
    const Day placed =
        patient.DayBetween(std::max(patient.course.diagnosis, patient.as_of() - 500), patient.as_of() - 10);
    Care(patient, CareResource::kProcedure, codes::kGastrostomy, placed, "completed");
    if (random.Chance(0.6))
      chart.conditions.push_back(Diagnosis(codes::kGastrostomyStatus, std::nullopt, placed, placed));
    patient.gastrostomy = true;
  } else {
    if (random.Chance(0.3)) {
      Care(patient, random.Chance(0.5) ? CareResource::kCommunication : CareResource::kProcedure,
           codes::kGastrostomyDiscussion, ContactDay(patient, 0.5, 120), "completed");
    }
    if (random.Chance(0.12)) chart.findings.push_back({codes::kGastrostomyAgreed, patient.Recent(90)});
    if (random.Chance(0.05)) chart.findings.push_back({codes::kGastrostomyDeclined, patient.Recent(90)});
    if (random.Chance(0.12))
      Care(patient, CareResource::kServiceRequest, codes::kGastrostomy, patient.Recent(60), "active", "routine");
  }
  if (random.Chance(0.55)) {
    const Day day = ContactDay(patient, 0.6, 170);
    switch (random.Weighted({0.4, 0.3, 0.3})) {
      case 0:
        Care(patient, CareResource::kServiceRequest, codes::kDietitianReferral, day, "completed", "routine");
        break;
      case 1:
        Care(patient, CareResource::kProcedure, codes::kNutritionAssessment, day, "completed");
        break;
      default:
        Care(patient, CareResource::kEncounter, codes::kDietitianEncounter, day, "finished");
        break;
    }
  }
  if (patient.dysphagia && random.Chance(0.25)) {
    Care(patient, CareResource::kServiceRequest, codes::kDysphagiaManagement, patient.Recent(200), "completed",
         "routine");
  }
  if (Bulbar(patient) && random.Chance(0.5)) {
    Care(patient, CareResource::kProcedure, codes::kSwallowEvaluation, ContactDay(patient, 0.6, 85), "completed");
  }
}

void AddEquipment(AlsPatient& patient) {
  Random& random = patient.random;
  const auto& items = patient.latest_alsfrs;
  auto request = [&](Code code) {
    const bool open = random.Chance(0.6);
    Care(patient, CareResource::kDeviceRequest, code, open ? patient.Recent(90) : ContactDay(patient, 0, 90),
         open ? "active" : "completed", random.Chance(0.6) ? "routine" : "urgent");
  };
  if (items[kWalking] <= 2 && random.Chance(0.5)) request(codes::kWheelchair);
  if (items[kTurning] <= 2 && random.Chance(0.25)) request(codes::kHospitalBed);
  if (patient.dysarthria && items[kSpeech] <= 2 && random.Chance(0.35)) request(codes::kSpeechDevice);
  if (patient.dysarthria && random.Chance(0.4)) {
    Care(patient, CareResource::kProcedure, codes::kCommunicationAssessment, ContactDay(patient, 0.5, 85), "completed");
  }
}

void AddCareServices(AlsPatient& patient) {
  Random& random = patient.random;
  const bool multidisciplinary = random.Chance(0.72);
  for (Day visit : patient.visits) {
    Care(patient, CareResource::kEncounter, multidisciplinary ? codes::kMdtVisit : codes::kNeurologyVisit, visit,
         "finished");
  }
  if (!multidisciplinary && random.Chance(0.2)) {
    Care(patient, CareResource::kServiceRequest, codes::kMdtReferral, patient.Recent(60), "active", "routine");
  }
  if (random.Chance(0.35)) {
    const Day day = patient.DayBetween(patient.course.diagnosis, patient.as_of());
    if (random.Chance(0.6)) {
      Care(patient, CareResource::kServiceRequest, codes::kPalliativeReferral, day,
           random.Chance(0.5) ? "active" : "completed", "routine");
    } else {
      Care(patient, CareResource::kEncounter, codes::kPalliativeEncounter, day, "finished");
    }
  }
  if (random.Chance(0.4)) {
    Care(patient, CareResource::kServiceRequest, codes::kSocialWorkReferral,
         patient.DayBetween(patient.course.diagnosis, patient.as_of()), random.Chance(0.5) ? "active" : "completed",
         "routine");
  }
  if (random.Chance(0.5))
    Care(patient, CareResource::kProcedure, codes::kSymptomReview, ContactDay(patient, 0.7, 80), "completed");
  if (patient.depression && random.Chance(0.3)) {
    Care(patient, CareResource::kServiceRequest, codes::kPsychologyReferral, patient.Recent(200), "active", "routine");
  }
  if (random.Chance(0.04)) patient.chart.findings.push_back({codes::kDistress, patient.Recent(60)});
  if (random.Chance(0.02)) patient.chart.findings.push_back({codes::kAcpRequested, patient.Recent(60)});
}

void AddCaregiversAndPlanning(AlsPatient& patient) {
  Random& random = patient.random;
  Chart& chart = patient.chart;
  if (random.Chance(0.65)) {
    static const Code kRelationships[] = {codes::kSpouse, codes::kChild, codes::kFriend};
    chart.related_persons.push_back({kRelationships[random.Weighted({0.6, 0.3, 0.1})], patient.course.diagnosis});
    if (random.Chance(0.3)) {
      Care(patient, CareResource::kServiceRequest, codes::kCaregiverSupport,
           patient.DayBetween(patient.course.diagnosis, patient.as_of()), random.Chance(0.5) ? "active" : "completed",
           "routine");
    }
    if (random.Chance(0.1)) chart.findings.push_back({codes::kCaregiverStrain, patient.Recent(120)});
  }
  if (random.Chance(0.42)) {
    const Day day = patient.DayBetween(patient.course.diagnosis, patient.as_of() - 1);
    switch (random.Weighted({0.4, 0.4, 0.2})) {
      case 0:
        Care(patient, CareResource::kConsent, codes::kConsentAdvanceDirective, day, "active");
        break;
      case 1:
        Care(patient, CareResource::kDocument, random.Chance(0.7) ? codes::kAdvanceDirective : codes::kPolst, day,
             "current");
        break;
      default:
        Care(patient, CareResource::kProcedure, codes::kAdvanceCarePlanning, day, "completed");
        break;
    }
  }
}

}  // namespace als::generator
