// Shared pieces of the respiratory rules (R22-R31), also used by the nutrition
// rules for the generic helpers (presence, windows, evidence, data-issue notes).
#ifndef ALS_GUIDELINE_RULES_RESPIRATORY_COMMON_H_
#define ALS_GUIDELINE_RULES_RESPIRATORY_COMMON_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "als/guideline/definitions.h"

namespace als::guideline::respiratory {

// An entry says the thing is present (no valueBoolean, or true).
bool Present(const Entry& entry);
// `now - day <= window_days`.
bool WithinDays(const RuleContext& context, Day day, double window_days);
// Evidence references of a criterion, then `more`.
std::vector<std::string> EvidenceOf(const Criterion& criterion, std::vector<std::string> more = {});

// " Note: N related inputs could not be used (...)." for data issues about any
// of `concept_ids`, each issue counted once; "" when none.
std::string UnusableNoteAny(const PatientRecord& record, std::initializer_list<std::string_view> concept_ids);
// The same for the FVC/VC inputs (% predicted and litres).
std::string FvcUnusableNote(const PatientRecord& record);

// A recorded NIV refusal or intolerance within refusal_suppression_days: an
// `niv-declined` record (Condition active, Observation present, or a status
// reason), or an NIV procedure/request refused or revoked with a refusal reason.
const Entry* NivRefusal(const RuleContext& context);

// The NIV gate shared by R23-R27 (rules.md Notes 1B): true when NIV should not
// be proposed now because NIV_ACTIVE, a recent refusal, or an open NIV request
// (draft/active DeviceRequest or ServiceRequest) exists.
bool NivReferralBlocked(const RuleContext& context);

// For R23/R24: the fresh FVC when it is below the rule's own `fvc_below_pct`
// parameter and the NIV gate is open; nullptr otherwise.
const Sample* FreshFvcForNiv(const RuleContext& context);

// The NIV referral of one criterion. R23-R27 all use the action `niv-referral`,
// so the output merges them into one activity listing every criterion met.
Finding NivReferral(const RuleContext& context, const std::string& criterion, const std::string& recommendation,
                    std::vector<std::string> evidence);

// The NIV criteria rules (R23-R27) that fired, comma-separated ("" if none).
std::string FiredNivCriteria(RuleContext& context);

// The latest sample of `measure` no older than `window_days`.
const Sample* RecentSample(const RuleContext& context, Measure measure, double window_days);

// NIV started (device in use, NIV ordered, or initiation procedure) within
// `window_days`; nullptr if none.
const Entry* NivStartedWithin(const RuleContext& context, double window_days);

}  // namespace als::guideline::respiratory

#endif  // ALS_GUIDELINE_RULES_RESPIRATORY_COMMON_H_
