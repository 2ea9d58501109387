#include "nutrition_common.h"

#include <algorithm>

namespace als::guideline::nutrition {

using respiratory::Present;
using terminology::Contains;

const Entry* GastrostomyPresent(const RuleContext& context) {
  for (const char* concept_id : {"gastrostomy-present", "gastrostomy-procedure"}) {
    for (const Entry* entry : context.record().FindAny(concept_id)) {
      bool present = (entry->kind == EntryKind::kProcedure && entry->completed) ||
                     (std::string_view(concept_id) == "gastrostomy-present" &&
                      ((entry->kind == EntryKind::kCondition && entry->active) ||
                       (entry->kind == EntryKind::kDeviceUse && entry->active) ||
                       (entry->kind == EntryKind::kObservation && Present(*entry))));
      if (present) return entry;
    }
  }
  return nullptr;
}

const Entry* DietitianAlreadyInvolved(const RuleContext& context, Day since) {
  const PatientRecord& record = context.record();
  if (const Entry* open = OpenRequest(record, "dietitian")) return open;
  if (const Entry* refused = RefusedWithin(context, "dietitian")) return refused;
  for (const Entry* entry : EntriesSince(record, "dietitian", since)) {
    if (entry->completed || entry->kind == EntryKind::kObservation) return entry;
  }
  return nullptr;
}

std::string DescribeLoss(const WeightLoss& loss) {
  return FormatNumber(loss.percent) + "% from " + loss.base.how + " " + FormatNumber(loss.base.kg) + " kg (" +
         fhir::FormatDay(loss.base.day) + ") to " + FormatNumber(loss.latest.value) + " kg (" +
         fhir::FormatDay(loss.latest.day) + ")";
}

Criterion ActiveDysphagia(const RuleContext& context, double max_item) {
  Criterion criterion;
  for (const Entry* entry : context.record().Find(EntryKind::kCondition, "dysphagia")) {
    if (entry->active) criterion.Add(DescribeEntry(*entry), entry->source);
  }
  int window = static_cast<int>(context.Shared("bulbar_window_days"));
  if (const Sample* item = ImpairedItem(context, Measure::kAlsfrsSwallowing, max_item, window)) {
    criterion.Add(DescribeSample(*item, Measure::kAlsfrsSwallowing), item->source);
  }
  return criterion;
}

namespace {

// A recent decline of gastrostomy not followed by a new open request.
const Entry* RecentDecline(const RuleContext& context, const Entry* open_request) {
  const Entry* decline = nullptr;
  double window = context.Shared("refusal_suppression_days");
  for (const Entry* entry : context.record().FindAny("gastrostomy-declined")) {
    bool counts = Present(*entry) && !entry->refused && (entry->kind != EntryKind::kCondition || entry->active);
    if (counts && entry->day && respiratory::WithinDays(context, *entry->day, window)) decline = entry;
  }
  for (const char* concept_id : {"gastrostomy-procedure", "gastrostomy-request"}) {
    if (decline == nullptr) decline = RefusedWithin(context, concept_id);
  }
  if (decline != nullptr && open_request != nullptr && open_request->day && decline->day &&
      *open_request->day > *decline->day) {
    return nullptr;
  }
  return decline;
}

}  // namespace

GastrostomyRouting RouteGastrostomy(RuleContext& context) {
  GastrostomyRouting routing;
  const PatientRecord& record = context.record();
  if (GastrostomyPresent(context) != nullptr) return routing;
  routing.request = OpenRequest(record, "gastrostomy-request");
  if (RecentDecline(context, routing.request) != nullptr) return routing;
  routing.indication = PegIndicated(context);
  if (!routing.indication.met && routing.request == nullptr) return routing;
  for (const Entry* entry : record.Find(EntryKind::kCondition, "niv-dependence")) {
    if (entry->active) routing.niv_dependent = entry;
  }
  routing.fvc = FreshFvc(context);
  routing.last_fvc = LatestFvc(context);
  if (routing.niv_dependent != nullptr ||
      (routing.fvc != nullptr && routing.fvc->value < context.Shared("gastrostomy_high_risk_fvc_pct"))) {
    routing.route = Route::kHighRisk;
  } else if (routing.fvc == nullptr) {
    routing.route = Route::kFvcNeeded;
  } else if (routing.fvc->value < context.Shared("gastrostomy_low_risk_fvc_pct")) {
    routing.route = Route::kModerateRisk;
  } else {
    routing.route = Route::kLowRisk;
  }
  return routing;
}

std::string GastrostomyRouting::Basis() const {
  std::string text;
  if (indication.met) text = "Gastrostomy indicated (PEG_INDICATED: " + indication.Reasons() + ")";
  if (request != nullptr) {
    text += (text.empty() ? "Open gastrostomy request " : "; open gastrostomy request ") + DescribeEntry(*request);
  }
  text += ". ";
  if (fvc != nullptr) text += DescribeSample(*fvc, Measure::kFvcPercent) + ". ";
  if (niv_dependent != nullptr) text += "NIV-dependent (" + DescribeEntry(*niv_dependent) + "). ";
  return text;
}

std::vector<std::string> GastrostomyRouting::Evidence() const {
  std::vector<std::string> more;
  if (request != nullptr) more.push_back(request->source);
  if (fvc != nullptr) more.push_back(fvc->source);
  if (niv_dependent != nullptr) more.push_back(niv_dependent->source);
  return respiratory::EvidenceOf(indication, more);
}

}  // namespace als::guideline::nutrition
