// Helpers shared by the rules of domains 1D (symptoms, cognition, mood) and
// 1E (care organisation, palliative care, ACP, caregivers, equipment).
#ifndef ALS_GUIDELINE_RULES_CARE_COMMON_H_
#define ALS_GUIDELINE_RULES_CARE_COMMON_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/guideline/definitions.h"

namespace als::guideline::care {

// "Sialorrhoea (Condition, 2026-03-01)".
std::string Describe(const Entry& entry);
// "2026-03-01", or "an unknown date".
std::string DayText(std::optional<Day> day);
// "a; b; c" (or "a, b" with another separator).
std::string Join(const std::vector<std::string>& parts, const std::string& separator = "; ");

// Adds one reason backed by several sources.
void AddReason(Criterion* criterion, const std::string& reason, const std::vector<std::string>& sources);
// `raised` when `why` is met (and says why at the end of `description`), else `base`.
Priority Escalate(const Criterion& why, Priority base, Priority raised, const std::string& lead,
                  std::string* description);

// A recorded finding that holds now: an active Condition, or a present
// (not valueBoolean false) Observation dated within `window_days`.
bool HoldsNow(const RuleContext& context, const Entry& entry, int window_days);
// Every finding of the concept that holds now.
void AddHolding(const RuleContext& context, std::string_view concept_id, int window_days, Criterion* criterion);
// An ALSFRS-R item whose latest value within `window_days` is at most `max_score`.
void AddItemAtMost(const RuleContext& context, Measure item, double max_score, int window_days, Criterion* criterion);

// A record that asserts its concept: an active Condition, an Observation not
// valued false, or any other record that is not a refusal.
bool Asserted(const Entry& entry);

// Records that the patient declined (or did not tolerate) an intervention: an
// asserted record of `declined_concept` (e.g. "niv-declined"), or a record of
// one of `interventions` that is a refusal or carries `declined_concept` or
// refusal-reason as its status reason. Oldest first.
std::vector<const Entry*> Declines(const PatientRecord& record, std::string_view declined_concept,
                                   std::initializer_list<std::string_view> interventions);

// A present record of the concept (any kind) dated after `after` (strictly),
// or on or after it when `inclusive`: "distress recorded since the last ACP review".
std::vector<const Entry*> RecordedAfter(const RuleContext& context, std::string_view concept_id, Day after,
                                        bool inclusive = false);

// Something that shows the service is involved or was done: an open
// (draft/active/on-hold) request, a completed or current record, or an
// Observation. Cancelled, revoked, planned and refused records do not count.
bool Involved(const Entry& entry);
// The latest day of an involving record of the concept (nullopt: none, or undated only).
std::optional<Day> LastInvolved(const PatientRecord& record, std::string_view concept_id);
bool AnyInvolved(const PatientRecord& record, std::string_view concept_id);

// Advance care planning on file (R52, R53): an advance-directive Consent
// (active or inactive), an advance directive / POLST document (current or
// superseded), or a documented ACP or goals-of-care discussion (completed
// Procedure/Communication/ServiceRequest, Observation, finished Encounter,
// active CarePlan/Goal). Open requests are not reviews. Oldest first.
std::vector<const Entry*> AcpRecords(const PatientRecord& record);

// COG_IMPAIRED with the day it was first recorded: the earliest day among the
// evidence that makes it true now (Condition recordedDate/onset, the first
// screen of the trailing run below the cut-off, a coded abnormal screen).
struct CognitiveStatus {
  Criterion criterion;
  std::optional<Day> since;
};
CognitiveStatus CognitiveOnset(const RuleContext& context);

// Active sialorrhoea (R43/R44): an active Condition, a present Observation or
// the ALSFRS-R salivation item at or below `item_max`, within `window_days`.
// `latest_observed` is the most recent dated evidence (Observation or item);
// `ongoing` is set by an active Condition (it holds on the evaluation day).
struct Sialorrhoea {
  Criterion criterion;
  bool ongoing = false;
  std::optional<Day> latest_observed;
  bool HoldsOn(Day day) const { return ongoing || (latest_observed && *latest_observed >= day); }
};
Sialorrhoea ActiveSialorrhoea(const RuleContext& context, double item_max, int window_days);

// The anticholinergic history that decides between R43 (first line) and R44
// (botulinum toxin) (rules.md C6).
struct AnticholinergicHistory {
  // Tried (taken or prescribed and not cancelled) within the look-back, or current.
  std::vector<const MedicationUse*> tried;
  std::optional<Day> first_start;    // earliest start among `tried` (nullopt: no dated start)
  bool undated_finished = false;     // a finished trial with no date at all
  // Not tolerated: stopped for an adverse reaction within the look-back, or an active allergy/intolerance.
  Criterion not_tolerated;
  Criterion contraindicated;         // active contraindicating Condition
  const MedicationUse* proposed = nullptr;  // a draft request: already proposed
  const MedicationUse* declined = nullptr;  // "not-taken" within the refusal period
};
AnticholinergicHistory Anticholinergics(const RuleContext& context, int lookback_days);
std::string DescribeUse(const MedicationUse& use);

// R43 and R44 read the same facts with the same parameters (declared by both rules).
std::vector<ParameterSpec> SialorrhoeaParameters(std::vector<ParameterSpec> more);
struct SialorrhoeaFacts {
  Sialorrhoea sialorrhoea;
  AnticholinergicHistory history;
};
SialorrhoeaFacts SialorrhoeaNow(const RuleContext& context);

}  // namespace als::guideline::care

#endif  // ALS_GUIDELINE_RULES_CARE_COMMON_H_
