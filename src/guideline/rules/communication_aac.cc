// R56 communication-aac: SLP communication assessment and augmentative and
// alternative communication before speech is severely limited.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const int symptom_window = static_cast<int>(context.Param("symptom_window_days"));
  Criterion speech;
  care::AddHolding(context, "dysarthria", symptom_window, &speech);
  care::AddItemAtMost(context, Measure::kAlsfrsSpeech, context.Param("speech_item_max"), symptom_window, &speech);
  if (!speech.met) return {};

  const int window = static_cast<int>(context.Param("window_days"));
  if (Suppressor(context, "slp-communication-assessment", window) != nullptr) return {};
  // An AAC device in use, ordered, or supplied within the window.
  for (const Entry* entry : record.FindAny("aac-device")) {
    bool recent = entry->day && context.now() - *entry->day <= window && care::Involved(*entry);
    if ((entry->kind == EntryKind::kDeviceUse && entry->active) || recent) return {};
  }
  if (OpenRequest(record, "aac-device") != nullptr || RefusedWithin(context, "aac-device") != nullptr) return {};

  std::string description =
      "Speech affected: " + speech.Reasons() + "; no SLP communication assessment or AAC device in the last " +
      FormatNumber(window) +
      " days. Refer to speech-language pathology for a communication assessment and augmentative and alternative "
      "communication (e.g. text-to-speech, voice banking, eye gaze) before speech is severely limited." +
      UnusableNote(record, "dysarthria") + UnusableNote(record, "alsfrs-r-speech");
  return {Activity("slp-communication-assessment", Priority::kMedium, description, speech.evidence)};
}

}  // namespace

extern const Rule kCommunicationAac{
    {"communication-aac", "R56", Domain::kCareOrganisation, "CarePlan activity", Priority::kMedium,
     "Communication assessment and AAC before speech is severely limited",
     "Active dysarthria (Condition, or an Observation within 90 d) or ALSFRS-R speech item <= 3 within 90 d, and no "
     "SLP communication assessment (open, done in 90 d, or declined) and no AAC device (in use, open request, or "
     "recorded in 90 d)",
     "Seed 003_8fed761a79a9fd23.txt (\"At the point at which speech changes can be readily detected, together you and "
     "your speech pathologist will choose the best strategies...\"); seed 000_2fbc9b5cc989d561.txt (\"speech and "
     "communication become severely limited in later stages\"); EAN 2024 (communication aids)",
     {ParameterSpec{"speech_item_max", 3, "points",
                    "ALSFRS-R speech item at or below this counts as speech affected [design]"},
      ParameterSpec{"symptom_window_days", 90, "days",
                    "Look-back for a dysarthria Observation or the ALSFRS-R speech item [design]"},
      ParameterSpec{"window_days", 90, "days",
                    "An SLP communication assessment or AAC device within this many days suppresses the referral"}}},
    &Evaluate};

}  // namespace als::guideline
