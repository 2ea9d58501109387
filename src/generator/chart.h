// A synthetic patient's chart as clinical facts, before any FHIR formatting:
// what happened and when. The chart samplers (chart_*.cc) decide the facts;
// the renderers (render_*.cc) decide how an EHR would have coded them.
#ifndef ALS_GENERATOR_CHART_H_
#define ALS_GENERATOR_CHART_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/fhir/date.h"
#include "codes.h"

namespace als::generator {

using fhir::Day;

enum class PatientKind {
  kAls,                 // an active, confirmed ALS diagnosis: gets a CarePlan
  kMotorNeuronDisease,  // MND / progressive bulbar palsy: not ALS
  kAlsNotConfirmed,     // ALS coded but provisional, refuted or entered in error
  kUnrelated,           // no neurological disease
};

// Numeric results; the renderer picks the code and unit.
enum class Measure {
  kFvcPercent,
  kWeight,
  kUsualWeight,
  kHeight,
  kBmi,
  kAlt,
  kAst,
  kBilirubin,
  kNeutrophils,
  kSpo2,
  kTemperature,
  kSnip,
  kMip,
  kPeakCoughFlow,
  kNocturnalOximetry,
  kPaco2,
  kEcas,
  kMoca,
  kPhq9,
  kCnsLs,
  kNfl,
};

struct MeasurementFact {
  Measure measure;
  Day day;
  double value;  // in the canonical unit: %, kg, cm, U/L, mg/dL, 10*9/L, cm[H2O], L/min, min, mm[Hg], score
};

// ALSFRS-R item order: speech, salivation, swallowing, handwriting, cutting
// food, dressing, turning in bed, walking, climbing stairs, dyspnoea,
// orthopnoea, respiratory insufficiency. Each 0-4 (4 = normal).
enum AlsfrsItem {
  kSpeech = 0,
  kSalivation = 1,
  kSwallowing = 2,
  kTurning = 6,
  kWalking = 7,
  kDyspnea = 9,
  kOrthopnea = 10,
  kRespiratory = 11,
};
struct AlsfrsFact {
  Day day;
  std::array<int, 12> items;
  int Total() const;
};

struct ConditionFact {
  Code code;
  std::optional<Code> alternative;  // the same diagnosis in another code system
  Day onset;
  bool onset_recorded = true;  // false: only recordedDate is sent
  Day recorded;
  std::string_view clinical_status = "active";
  std::string_view verification = "confirmed";
  std::optional<Day> abatement;
};

// A coded finding sent as an Observation with valueBoolean true.
struct FindingFact {
  Code code;
  Day day;
};

struct AllergyFact {
  Code substance;
  Day recorded;
  std::string_view category;  // medication, food, environment; empty for "no known allergy"
};

enum class Sod1Finding { kNegative, kUncertain, kLikelyPathogenic, kPathogenic };
struct GenomicFact {
  Day day;
  Sod1Finding finding;
};

enum class Drug {
  kRiluzole,
  kEdaravone,
  kTofersen,
  kRelyvrio,
  kGlycopyrronium,
  kAmitriptyline,
  kNuedexta,
  kSertraline,
  kBaclofen,
  kMetformin,
  kLisinopril,
};

enum class DrugForm { kDefault, kOralSuspension };

struct Dose {
  double amount = 0;              // 0: no doseQuantity, only `text`
  Unit unit = units::kMilligram;  // mg or mL
  std::string_view text;
  double frequency = 1;  // doses per period
  int period_days = 1;
  Code route = codes::kRouteOral;
  std::optional<int> infusion_minutes;
};

enum class MedicationRecord { kRequest, kStatement };
struct MedicationFact {
  Drug drug;
  MedicationRecord record = MedicationRecord::kRequest;
  std::string_view status = "active";
  Day start;
  std::optional<Day> end;
  Dose dose;
  DrugForm form = DrugForm::kDefault;
  bool stopped_for_adverse_reaction = false;
};

struct AdministrationFact {
  Drug drug;
  Day day;
  Dose dose;
};

enum class CareResource {
  kServiceRequest,
  kProcedure,
  kEncounter,
  kDeviceRequest,
  kDeviceUse,
  kCommunication,
  kConsent,
  kDocument,
};

struct CareFact {
  CareResource resource = CareResource::kServiceRequest;
  Code code;
  Day day = 0;
  std::string_view status;
  std::string_view priority;   // requests: routine, urgent
  std::optional<Code> reason;  // Procedure.statusReason (refusals), Encounter.reasonCode
  std::optional<Day> end;      // Encounter / device use period end
  bool inpatient = false;      // Encounter.class IMP instead of AMB

  static CareFact Of(CareResource resource, Code code, Day day, std::string_view status,
                     std::string_view priority = "") {
    CareFact fact;
    fact.resource = resource;
    fact.code = code;
    fact.day = day;
    fact.status = status;
    fact.priority = priority;
    return fact;
  }
};

struct RelatedPersonFact {
  Code relationship;
  Day since;
};

struct FamilyHistoryFact {
  Code relationship;
  Code condition;
  Day recorded;
};

struct Chart {
  std::string patient_id;
  PatientKind kind = PatientKind::kAls;
  Day as_of = 0;
  Day birth = 0;
  bool male = false;
  std::string_view given;
  std::string_view family;

  std::vector<ConditionFact> conditions;
  std::vector<MeasurementFact> measurements;
  std::vector<AlsfrsFact> alsfrs;
  std::vector<FindingFact> findings;
  std::vector<AllergyFact> allergies;
  std::optional<GenomicFact> genomics;
  std::vector<MedicationFact> medications;
  std::vector<AdministrationFact> administrations;
  std::vector<CareFact> care;
  std::vector<RelatedPersonFact> related_persons;
  std::optional<FamilyHistoryFact> family_history;
};

struct ChartSettings {
  uint64_t seed = 1;
  Day as_of = 0;
  double non_als_fraction = 0.15;
};

// The chart of patient `index` (1-based) of the population: depends only on
// the settings and the index, never on the other patients.
Chart SampleChart(const ChartSettings& settings, uint64_t index);

}  // namespace als::generator

#endif  // ALS_GENERATOR_CHART_H_
