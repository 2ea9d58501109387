// The shared definitions of rules.md section 0.4, computed from a PatientRecord.
// Every definition says what made it true (evidence references and words), so
// that rules can put the triggering data in their findings.
#ifndef ALS_GUIDELINE_DEFINITIONS_H_
#define ALS_GUIDELINE_DEFINITIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/guideline/rule.h"
#include "als/model/patient_record.h"

namespace als::guideline {

using model::Day;
using model::Entry;
using model::EntryKind;
using model::Measure;
using model::MedicationUse;
using model::PatientRecord;
using model::Sample;

// A definition's result: whether it holds, why (in words), and from what.
struct Criterion {
  bool met = false;
  std::vector<std::string> reasons;   // "orthopnoea (Condition, 2026-03-01)"
  std::vector<std::string> evidence;  // "Condition/c-3"
  void Add(std::string reason, const std::string& source);
  std::string Reasons() const;  // "a; b; c"
};

// ON_DRUG(x): a current MedicationRequest (active/on-hold) or MedicationStatement (active).
std::vector<const MedicationUse*> CurrentUses(const PatientRecord& record, std::string_view ingredient);
bool OnDrug(const PatientRecord& record, std::string_view ingredient);
// Draft or current requests/statements: "a MedicationRequest draft/active" in R14/R15/R18/R21.
std::vector<const MedicationUse*> DraftOrCurrentUses(const PatientRecord& record, std::string_view ingredient);
// start(x): the earliest authoredOn of a current request, first administration,
// or statement effective start.
std::optional<Day> DrugStart(const PatientRecord& record, std::string_view ingredient);

// FVC_PCT: the latest FVC (or VC) % predicted, and whether it is fresh.
const Sample* LatestFvc(const RuleContext& context);
const Sample* FreshFvc(const RuleContext& context);

// "FVC 46% predicted on 2026-03-02" (", computed from litres" where so).
std::string DescribeSample(const Sample& sample, Measure measure);
// "46" or "46.5": numbers as the descriptions print them.
std::string FormatNumber(double value);
// `value` as printf's "%.<decimals>f" writes it (at most 31 characters).
std::string FixedDecimals(double value, int decimals);
// "<label> (<kind>, <date>)" of an entry, as the definitions' reasons name it.
std::string DescribeEntry(const Entry& entry);

// "Note: 1 FVC result could not be used (Observation/x: ...)." or "".
std::string UnusableNote(const PatientRecord& record, std::string_view concept_id);

// ULN of a lab sample: its referenceRange.high, else the shared default.
struct UpperLimit {
  double value = 0;
  bool defaulted = false;
};
UpperLimit UlnOf(const RuleContext& context, const Sample& sample, Measure measure);

// An ALSFRS-R item at or below `max_score` within `window_days`.
const Sample* ImpairedItem(const RuleContext& context, Measure item, double max_score, int window_days);

Criterion RespiratorySymptoms(const RuleContext& context);  // RESP_SYMPTOMS
Criterion Orthopnea(const RuleContext& context);
Criterion NivActive(const RuleContext& context);            // NIV_ACTIVE
Criterion Bulbar(const RuleContext& context);               // BULBAR
Criterion CognitiveImpairment(const RuleContext& context);  // COG_IMPAIRED

struct WeightBaseline {
  double kg = 0;
  Day day = 0;
  std::string source;
  std::string how;  // "usual weight", "first weight within 30 days of diagnosis", "earliest weight"
};
std::optional<WeightBaseline> BaselineWeight(const RuleContext& context);  // WT_BASE
struct WeightLoss {
  double percent = 0;
  WeightBaseline base;
  Sample latest;
};
std::optional<WeightLoss> WeightLossPercent(const RuleContext& context);  // WT_LOSS_PCT

// PEG_INDICATED (rules.md Notes 1C): active dysphagia (Condition, or ALSFRS-R
// swallowing item impaired) with documented inadequate oral intake, or
// WT_LOSS_PCT >= shared peg_weight_loss_pct, or bmi-low (R35) firing, or a
// recorded patient agreement to gastrostomy (not followed by a decline).
// Reads another rule's result, hence the non-const context.
Criterion PegIndicated(RuleContext& context);

enum class Sod1Status { kNoResult, kNotPathogenic, kUncertainOnly, kConfirmed };
struct Sod1Result {
  Sod1Status status = Sod1Status::kNoResult;
  std::vector<std::string> evidence;
};
Sod1Result Sod1(const PatientRecord& record);  // SOD1_CONFIRMED

// Suppression (rules.md 0.4): an equivalent open request (draft/active
// ServiceRequest, DeviceRequest, or a clinician CarePlan activity), one
// completed (Procedure, ServiceRequest, Encounter) within `window_days`, or a
// refusal within the refusal period. Returns what suppresses, or nullptr.
const Entry* OpenRequest(const PatientRecord& record, std::string_view concept_id);
const Entry* DoneWithin(const PatientRecord& record, std::string_view concept_id, Day now, int window_days);
const Entry* RefusedWithin(const RuleContext& context, std::string_view concept_id);
const Entry* Suppressor(const RuleContext& context, std::string_view concept_id, int window_days);

// Entries with the concept on or after `since` (any kind), newest first.
std::vector<const Entry*> EntriesSince(const PatientRecord& record, std::string_view concept_id, Day since);

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_DEFINITIONS_H_
