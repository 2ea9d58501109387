#include "respiratory_common.h"

#include <algorithm>

namespace als::guideline::respiratory {

using terminology::Contains;

bool Present(const Entry& entry) { return !entry.value_boolean.has_value() || *entry.value_boolean; }

bool WithinDays(const RuleContext& context, Day day, double window_days) { return context.now() - day <= window_days; }

std::vector<std::string> EvidenceOf(const Criterion& criterion, std::vector<std::string> more) {
  std::vector<std::string> evidence = criterion.evidence;
  for (std::string& reference : more) {
    if (!reference.empty() && std::find(evidence.begin(), evidence.end(), reference) == evidence.end()) {
      evidence.push_back(std::move(reference));
    }
  }
  return evidence;
}

std::string UnusableNoteAny(const PatientRecord& record, std::initializer_list<std::string_view> concept_ids) {
  std::vector<const model::DataIssue*> issues;
  for (const model::DataIssue& issue : record.issues) {
    bool about = std::any_of(concept_ids.begin(), concept_ids.end(),
                             [&](std::string_view id) { return Contains(issue.concepts, id); });
    if (about) issues.push_back(&issue);
  }
  if (issues.empty()) return "";
  std::string note = " Note: " + std::to_string(issues.size()) + " related input" + (issues.size() > 1 ? "s" : "") +
                     " could not be used (" + issues.front()->source + ": " + issues.front()->message;
  return note + (issues.size() > 1 ? "; and others)." : ").");
}

std::string FvcUnusableNote(const PatientRecord& record) {
  return UnusableNoteAny(record, {"fvc-percent-predicted", "vc-percent-predicted", "fvc-volume", "fvc-predicted-volume",
                                  "vc-volume", "vc-predicted-volume"});
}

const Entry* NivRefusal(const RuleContext& context) {
  double window = context.Shared("refusal_suppression_days");
  for (const Entry& entry : context.record().entries) {
    if (!entry.day || !WithinDays(context, *entry.day, window)) continue;
    bool declined = Contains(entry.concepts, "niv-declined") && Present(entry) &&
                    (entry.kind != EntryKind::kCondition || entry.active);
    bool declined_reason = Contains(entry.reason_concepts, "niv-declined");
    bool refused_niv = Contains(entry.concepts, "niv-device") &&
                       (entry.refused || (!entry.active && Contains(entry.reason_concepts, "refusal-reason")));
    if (declined || declined_reason || refused_niv) return &entry;
  }
  return nullptr;
}

bool NivReferralBlocked(const RuleContext& context) {
  return NivActive(context).met || NivRefusal(context) != nullptr ||
         OpenRequest(context.record(), "niv-device") != nullptr;
}

const Sample* FreshFvcForNiv(const RuleContext& context) {
  if (NivReferralBlocked(context)) return nullptr;
  const Sample* fvc = FreshFvc(context);
  return fvc != nullptr && fvc->value < context.Param("fvc_below_pct") ? fvc : nullptr;
}

Finding NivReferral(const RuleContext& context, const std::string& criterion, const std::string& recommendation,
                    std::vector<std::string> evidence) {
  return Activity("niv-referral", Priority::kHigh,
                  "NIV criterion met: " + criterion + ". " + recommendation +
                      " Not on NIV and no NIV refusal in the last " +
                      FormatNumber(context.Shared("refusal_suppression_days")) +
                      " days; the criterion is named for the referral and coverage paperwork.",
                  std::move(evidence));
}

std::string FiredNivCriteria(RuleContext& context) {
  std::string fired;
  for (const char* rule_id :
       {"niv-fvc-lt50", "niv-fvc-lt80-symptomatic", "niv-orthopnea", "niv-snip-mip", "niv-sleep-hypoventilation"}) {
    if (context.Fired(rule_id)) fired += (fired.empty() ? "" : ", ") + std::string(rule_id);
  }
  return fired;
}

const Sample* RecentSample(const RuleContext& context, Measure measure, double window_days) {
  return context.record().LatestWithin(measure, context.now(), static_cast<int>(window_days));
}

const Entry* NivStartedWithin(const RuleContext& context, double window_days) {
  for (const Entry* entry : context.record().FindAny("niv-device")) {
    bool started = (entry->kind == EntryKind::kDeviceUse && entry->active) ||
                   (entry->kind == EntryKind::kDeviceRequest && entry->active && entry->status != "draft") ||
                   (entry->kind == EntryKind::kProcedure && entry->completed);
    if (started && entry->day && WithinDays(context, *entry->day, window_days)) return entry;
  }
  return nullptr;
}

}  // namespace als::guideline::respiratory
