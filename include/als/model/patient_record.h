// PatientRecord: the guideline model of one patient. Built from FHIR resources
// by AssemblePatientRecord (record_builder.h); read by the rules. It holds only
// data that counts (rules.md section 7, "Data quality"); everything that could
// not be used is listed in `issues`, so that no input is dropped silently.
#ifndef ALS_MODEL_PATIENT_RECORD_H_
#define ALS_MODEL_PATIENT_RECORD_H_

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/fhir/date.h"
#include "als/terminology/terminology.h"

namespace als::model {

using fhir::Day;
using terminology::ConceptSet;

// Numeric series the rules read, each normalised to one unit.
enum class Measure {
  kFvcPercent,          // FVC or VC % predicted (or computed from litres)
  kWeight,              // kg
  kUsualWeight,         // kg, usual/premorbid weight
  kHeight,              // cm
  kBmi,                 // kg/m2 (recorded, or computed from weight and height)
  kAlt,                 // U/L
  kAst,                 // U/L
  kBilirubin,           // mg/dL
  kNeutrophils,         // 10*9/L
  kSpo2,                // %
  kTemperature,         // Cel
  kSnip,                // cm[H2O], absolute value
  kMip,                 // cm[H2O], absolute value (MIP is often stored negative)
  kPeakCoughFlow,       // L/min
  kPaco2,               // mm[Hg]
  kCapillaryPco2,       // mm[Hg]
  kNocturnalSpo2Le88,   // minutes with SpO2 <= 88 % in one night
  kAlsfrsTotal,
  kAlsfrsSpeech,
  kAlsfrsSalivation,
  kAlsfrsSwallowing,
  kAlsfrsDyspnea,
  kAlsfrsOrthopnea,
  kAlsfrsRespiratoryInsufficiency,
  kPhq9,
  kEcas,
  kMoca,
};

struct MeasureInfo {
  Measure measure;
  std::string_view concept_id;  // ValueSet id in mappings/
  std::string_view unit;        // canonical UCUM unit
  std::string_view label;       // for descriptions: "FVC"
  std::string_view unit_label;  // for descriptions: "% predicted"
};

const std::vector<MeasureInfo>& AllMeasures();
const MeasureInfo& InfoOf(Measure measure);

struct Sample {
  Day day = 0;
  double value = 0;
  std::string source;                 // "Observation/obs-1"
  std::optional<double> upper_limit;  // referenceRange.high, same unit
  bool computed = false;              // e.g. FVC % from measured/predicted litres
};

enum class EntryKind {
  kCondition,
  kAllergy,
  kObservation,  // coded or boolean findings (symptoms, genetics, screens with coded results)
  kProcedure,
  kServiceRequest,
  kDeviceRequest,
  kDeviceUse,
  kEncounter,
  kConsent,
  kDocument,
  kFamilyHistory,
  kRelatedPerson,
  kQuestionnaireResponse,
  kDiagnosticReport,
  kCommunication,
  kCarePlan,  // care plans not written by the adapter
  kGoal,
};

const char* EntryKindName(EntryKind kind);

// One non-numeric clinical fact.
struct Entry {
  EntryKind kind = EntryKind::kCondition;
  ConceptSet concepts;        // what it is (code, type, category...)
  ConceptSet value_concepts;  // coded results: valueCodeableConcept, component values, conclusionCode
  std::optional<bool> value_boolean;
  std::string status;         // as sent (lower case FHIR code)
  // The date that matters for the kind: onset/recorded (Condition), performed,
  // authoredOn, period start, effective, dateTime...
  std::optional<Day> day;
  std::optional<Day> end_day;
  // Counts as current: an active confirmed Condition, a draft/active/on-hold
  // request, an active device use, an active Consent, an in-progress encounter...
  bool active = false;
  // A recorded refusal: Procedure not-done, Consent deny, request revoked with
  // a reason, DeviceUseStatement not-taken...
  bool refused = false;
  bool completed = false;     // completed procedure/request, finished encounter
  std::string priority;       // requests: routine / urgent / asap / stat
  std::string intent;
  ConceptSet reason_concepts; // statusReason / reasonCode
  std::string source;         // "Procedure/p-1"
  std::string label;          // human text of the code, for descriptions
  std::optional<Day> recorded_day;  // Condition.recordedDate ("newly recorded", R48/R53)
  std::string encounter_class;      // Encounter.class.code (IMP, EMER, AMB...): admissions (R53)
};

enum class MedicationSource { kRequest, kStatement, kAdministration };

struct MedicationUse {
  MedicationSource source_kind = MedicationSource::kRequest;
  ConceptSet ingredients;      // concept ids: "riluzole", "edaravone", ...
  ConceptSet forms;            // dose-form concepts, when known
  ConceptSet routes;           // route concepts
  std::string status;
  std::string intent;
  std::optional<Day> authored;  // MedicationRequest.authoredOn
  std::optional<Day> start;     // statement effective start, administration date
  std::optional<Day> end;
  std::optional<double> dose_mg;        // one dose
  std::optional<double> dose_ml;        // one dose by volume
  std::optional<double> doses_per_day;  // frequency / period
  std::optional<double> infusion_minutes;
  ConceptSet reason_concepts;  // statusReason (e.g. adverse reaction)
  std::string source;          // "MedicationRequest/mr-1"
  std::string label;           // medication text for descriptions
  // Counts as current per rules.md: request active/on-hold (draft only where a
  // rule says so), statement active.
  bool current = false;
  bool draft = false;
};

// A resource or element that could not be used, named for the output.
struct DataIssue {
  std::string source;   // "Observation/obs-9 (input.ndjson:12)"
  std::string message;  // "Observation.valueQuantity.unit: unit 'furlong' is not a known unit here"
  ConceptSet concepts;  // what the resource would have meant, when its code was recognised
};

// A resource the adapter wrote earlier (found by its identifier): the basis of
// the diff, of Flag period.start, and of "do not re-emit".
struct AdapterOutput {
  std::string resource_type;  // "CarePlan" or "Flag"
  std::string id;
  std::string version_id;
  std::string identifier_value;
  std::string rule_id;        // Flags: the rule code
  std::string status;
  std::optional<Day> period_start;
  // As stored, for the diff: a copy of the resource as read (not re-serialised
  // and parsed again: that was about 6% of a sync's instructions).
  std::shared_ptr<const rapidjson::Document> json;
};

struct PatientRecord {
  std::string patient_id;
  std::optional<Day> birth_date;

  // ALS_DX: an active, confirmed ALS Condition.
  bool has_als_diagnosis = false;
  std::optional<Day> dx_date;  // onset[x], else recordedDate
  std::string dx_source;       // "Condition/c-1"

  std::map<Measure, std::vector<Sample>> series;  // each sorted by day, then source
  std::vector<MedicationUse> medications;
  std::vector<Entry> entries;
  std::vector<DataIssue> issues;
  std::vector<AdapterOutput> adapter_outputs;

  const std::vector<Sample>& Series(Measure measure) const;
  // The most recent sample (latest day; ties broken by source for determinism).
  const Sample* Latest(Measure measure) const;
  // The most recent sample no older than `max_age_days` on `now`.
  const Sample* LatestWithin(Measure measure, Day now, int max_age_days) const;

  // Entries of `kind` whose concepts include `concept_id`.
  std::vector<const Entry*> Find(EntryKind kind, std::string_view concept_id) const;
  // Any entry (of any kind) with the concept.
  std::vector<const Entry*> FindAny(std::string_view concept_id) const;
  bool HasActive(EntryKind kind, std::string_view concept_id) const;

  // Medication uses of an ingredient concept.
  std::vector<const MedicationUse*> Medications(std::string_view ingredient) const;

  // Data issues about a concept (for "1 FVC result could not be used").
  std::vector<const DataIssue*> IssuesAbout(std::string_view concept_id) const;

  std::optional<int> AgeOn(Day day) const;
};

}  // namespace als::model

#endif  // ALS_MODEL_PATIENT_RECORD_H_
