#include "als/model/patient_record.h"

#include <algorithm>

namespace als::model {

const std::vector<MeasureInfo>& AllMeasures() {
  static const std::vector<MeasureInfo> kMeasures = {
      {Measure::kFvcPercent, "fvc-percent-predicted", "%", "FVC", "% predicted"},
      {Measure::kWeight, "body-weight", "kg", "weight", "kg"},
      {Measure::kUsualWeight, "usual-body-weight", "kg", "usual weight", "kg"},
      {Measure::kHeight, "body-height", "cm", "height", "cm"},
      {Measure::kBmi, "bmi", "kg/m2", "BMI", "kg/m2"},
      {Measure::kAlt, "alt", "U/L", "ALT", "U/L"},
      {Measure::kAst, "ast", "U/L", "AST", "U/L"},
      {Measure::kBilirubin, "bilirubin-total", "mg/dL", "total bilirubin", "mg/dL"},
      {Measure::kNeutrophils, "neutrophils-absolute", "10*9/L", "ANC", "x10^9/L"},
      {Measure::kSpo2, "spo2", "%", "SpO2", "%"},
      {Measure::kTemperature, "body-temperature", "Cel", "temperature", "°C"},
      {Measure::kSnip, "snip", "cm[H2O]", "SNIP", "cmH2O"},
      {Measure::kMip, "mip", "cm[H2O]", "MIP", "cmH2O"},
      {Measure::kPeakCoughFlow, "peak-cough-flow", "L/min", "peak cough flow", "L/min"},
      {Measure::kPaco2, "paco2", "mm[Hg]", "PaCO2", "mmHg"},
      {Measure::kCapillaryPco2, "capillary-pco2", "mm[Hg]", "capillary pCO2", "mmHg"},
      {Measure::kNocturnalSpo2Le88, "nocturnal-oximetry", "min", "overnight time with SpO2 <= 88%", "min"},
      {Measure::kAlsfrsTotal, "alsfrs-r-total", "{score}", "ALSFRS-R total", "points"},
      {Measure::kAlsfrsSpeech, "alsfrs-r-speech", "{score}", "ALSFRS-R speech item", "points"},
      {Measure::kAlsfrsSalivation, "alsfrs-r-salivation", "{score}", "ALSFRS-R salivation item", "points"},
      {Measure::kAlsfrsSwallowing, "alsfrs-r-swallowing", "{score}", "ALSFRS-R swallowing item", "points"},
      {Measure::kAlsfrsDyspnea, "alsfrs-r-dyspnea", "{score}", "ALSFRS-R dyspnoea item", "points"},
      {Measure::kAlsfrsOrthopnea, "alsfrs-r-orthopnea", "{score}", "ALSFRS-R orthopnoea item", "points"},
      {Measure::kAlsfrsRespiratoryInsufficiency, "alsfrs-r-respiratory-insufficiency", "{score}",
       "ALSFRS-R respiratory insufficiency item", "points"},
      {Measure::kPhq9, "phq9-total", "{score}", "PHQ-9 total", "points"},
      {Measure::kEcas, "ecas-total", "{score}", "ECAS total", "points"},
      {Measure::kMoca, "moca-total", "{score}", "MoCA total", "points"},
  };
  return kMeasures;
}

const MeasureInfo& InfoOf(Measure measure) {
  for (const MeasureInfo& info : AllMeasures()) {
    if (info.measure == measure) return info;
  }
  return AllMeasures().front();  // unreachable: every Measure is listed
}

const char* EntryKindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::kCondition: return "Condition";
    case EntryKind::kAllergy: return "AllergyIntolerance";
    case EntryKind::kObservation: return "Observation";
    case EntryKind::kProcedure: return "Procedure";
    case EntryKind::kServiceRequest: return "ServiceRequest";
    case EntryKind::kDeviceRequest: return "DeviceRequest";
    case EntryKind::kDeviceUse: return "DeviceUseStatement";
    case EntryKind::kEncounter: return "Encounter";
    case EntryKind::kConsent: return "Consent";
    case EntryKind::kDocument: return "DocumentReference";
    case EntryKind::kFamilyHistory: return "FamilyMemberHistory";
    case EntryKind::kRelatedPerson: return "RelatedPerson";
    case EntryKind::kQuestionnaireResponse: return "QuestionnaireResponse";
    case EntryKind::kDiagnosticReport: return "DiagnosticReport";
    case EntryKind::kCommunication: return "Communication";
    case EntryKind::kCarePlan: return "CarePlan";
    case EntryKind::kGoal: return "Goal";
  }
  return "?";
}

const std::vector<Sample>& PatientRecord::Series(Measure measure) const {
  static const std::vector<Sample> kEmpty;
  auto it = series.find(measure);
  return it == series.end() ? kEmpty : it->second;
}

const Sample* PatientRecord::Latest(Measure measure) const {
  const std::vector<Sample>& samples = Series(measure);
  return samples.empty() ? nullptr : &samples.back();
}

const Sample* PatientRecord::LatestWithin(Measure measure, Day now, int max_age_days) const {
  const Sample* latest = Latest(measure);
  if (latest == nullptr || now - latest->day > max_age_days) return nullptr;
  return latest;
}

std::vector<const Entry*> PatientRecord::Find(EntryKind kind, std::string_view concept_id) const {
  std::vector<const Entry*> found;
  for (const Entry& entry : entries) {
    if (entry.kind == kind && terminology::Contains(entry.concepts, concept_id)) found.push_back(&entry);
  }
  return found;
}

std::vector<const Entry*> PatientRecord::FindAny(std::string_view concept_id) const {
  std::vector<const Entry*> found;
  for (const Entry& entry : entries) {
    if (terminology::Contains(entry.concepts, concept_id)) found.push_back(&entry);
  }
  return found;
}

bool PatientRecord::HasActive(EntryKind kind, std::string_view concept_id) const {
  for (const Entry* entry : Find(kind, concept_id)) {
    if (entry->active) return true;
  }
  return false;
}

std::vector<const MedicationUse*> PatientRecord::Medications(std::string_view ingredient) const {
  std::vector<const MedicationUse*> found;
  for (const MedicationUse& use : medications) {
    if (terminology::Contains(use.ingredients, ingredient)) found.push_back(&use);
  }
  return found;
}

std::vector<const DataIssue*> PatientRecord::IssuesAbout(std::string_view concept_id) const {
  std::vector<const DataIssue*> found;
  for (const DataIssue& issue : issues) {
    if (terminology::Contains(issue.concepts, concept_id)) found.push_back(&issue);
  }
  return found;
}

std::optional<int> PatientRecord::AgeOn(Day day) const {
  if (!birth_date) return std::nullopt;
  return fhir::YearsBetween(*birth_date, day);
}

}  // namespace als::model
