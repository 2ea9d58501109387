// R36 swallow-slp-evaluation: SLP swallow evaluation for bulbar involvement.
// It orders an evaluation; it never writes nil-by-mouth or blocks oral intake (C8).
#include "nutrition_common.h"

namespace als::guideline {
namespace {

// Choking episodes or aspiration pneumonia: an active Condition, or one dated
// within the window; an Observation present within the window.
void AddEvents(const RuleContext& context, const char* concept_id, double window, Criterion* criterion) {
  for (const Entry* entry : context.record().FindAny(concept_id)) {
    bool recent = entry->day && respiratory::WithinDays(context, *entry->day, window);
    bool counts =
        entry->kind == EntryKind::kCondition ? entry->active || recent : respiratory::Present(*entry) && recent;
    if (counts && entry->kind != EntryKind::kServiceRequest) criterion->Add(DescribeEntry(*entry), entry->source);
  }
}

std::vector<Finding> Evaluate(RuleContext& context) {
  Criterion bulbar = Bulbar(context);
  if (!bulbar.met) return {};
  double window = context.Param("evaluation_window_days");
  if (Suppressor(context, "slp-swallow-evaluation", static_cast<int>(window)) != nullptr) return {};

  Criterion urgent;
  double event_window = context.Param("event_window_days");
  AddEvents(context, "choking", event_window, &urgent);
  AddEvents(context, "aspiration-pneumonia", event_window, &urgent);
  if (const Sample* item = ImpairedItem(context, Measure::kAlsfrsSwallowing, context.Param("swallowing_item_high_max"),
                                        static_cast<int>(context.Shared("bulbar_window_days")))) {
    urgent.Add(DescribeSample(*item, Measure::kAlsfrsSwallowing), item->source);
  }
  std::string description = "Bulbar involvement (" + bulbar.Reasons() + ") and no SLP swallow evaluation in the last " +
                            FormatNumber(window) + " days.";
  if (urgent.met) description += " Urgent: " + urgent.Reasons() + ".";
  description +=
      " Refer to speech-language pathology for a clinical swallow evaluation; an instrumental study (VFSS / modified "
      "barium swallow, or FEES) if the screen is positive or the SLP judges it needed. The SLP advises on safe "
      "textures and strategies; continue eating and drinking meanwhile.";
  return {Activity("slp-swallow-evaluation", urgent.met ? Priority::kHigh : Priority::kMedium, description,
                   respiratory::EvidenceOf(bulbar, urgent.evidence))};
}

}  // namespace

extern const Rule kSwallowSlpEvaluation{
    {"swallow-slp-evaluation",
     "R36",
     Domain::kNutrition,
     "CarePlan activity",
     Priority::kHigh,
     "SLP swallow evaluation for bulbar involvement (never nil-by-mouth)",
     "BULBAR and no SLP swallow evaluation (Procedure or completed ServiceRequest) in the last 90 days and none open "
     "or "
     "recently refused; High with choking episodes or aspiration pneumonia (active or within 90 days) or ALSFRS-R "
     "swallowing item <= 2",
     "Seed 000_2fbc9b5cc989d561.txt (\"All patients with suspected bulbar dysfunction require swallow screening\", "
     "read as an SLP evaluation, not an oral-intake block: C8); seed 003_8fed761a79a9fd23.txt (\"Assessment of "
     "swallowing may take the form of a clinical exam as well as an instrumental study\"); AAN 2009 nutrition "
     "algorithm",
     {{"evaluation_window_days", 90, "days", "An SLP swallow evaluation within this many days suppresses"},
      {"event_window_days", 90, "days", "Choking episodes or aspiration pneumonia within this many days make it High"},
      {"swallowing_item_high_max", 2, "points", "ALSFRS-R swallowing item at or below this makes it High [design]"}}},
    &Evaluate};

}  // namespace als::guideline
