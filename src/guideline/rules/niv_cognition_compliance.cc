// R30 niv-cognition-compliance: cognitive or behavioural impairment (or no
// screen on file) annotates the NIV decision; it never withholds NIV (C12).
#include "respiratory_common.h"

namespace als::guideline {
namespace {

// A cognitive/behavioural screen result on file (any date): an ECAS or MoCA
// score, or a screen recorded as an Observation, Procedure, questionnaire or report.
const std::string* ScreenOnFile(const PatientRecord& record) {
  for (Measure measure : {Measure::kEcas, Measure::kMoca}) {
    if (const Sample* sample = record.Latest(measure)) return &sample->source;
  }
  for (const char* concept_id : {"cognitive-screen", "cognitive-screen-abnormal"}) {
    for (const Entry* entry : record.FindAny(concept_id)) {
      bool result = entry->kind == EntryKind::kObservation || entry->kind == EntryKind::kQuestionnaireResponse ||
                    entry->kind == EntryKind::kDiagnosticReport || entry->completed;
      if (result && !entry->refused) return &entry->source;
    }
  }
  return nullptr;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::string why = respiratory::FiredNivCriteria(context);
  std::vector<std::string> evidence;
  if (!why.empty()) {
    why = "NIV is being recommended (" + why + ")";
  } else if (const Entry* started = respiratory::NivStartedWithin(context, context.Param("niv_new_days"))) {
    why = "NIV newly started (" + DescribeEntry(*started) + ")";
    evidence.push_back(started->source);
  } else {
    return {};
  }
  Criterion impaired = CognitiveImpairment(context);
  bool no_screen = ScreenOnFile(record) == nullptr;
  if (!impaired.met && !no_screen) return {};

  std::vector<Finding> findings;
  std::string title;
  std::string description = why + ". ";
  if (impaired.met) {
    title = "Cognitive or behavioural impairment may reduce NIV compliance";
    description += "Cognitive or behavioural impairment on file (" + impaired.Reasons() + ").";
  } else {
    title = "No cognitive screen on file for the NIV decision";
    description += "No cognitive or behavioural screen on file.";
  }
  description +=
      " Cognitive or behavioural impairment may reduce NIV compliance: involve the caregiver, assess capacity, and "
      "individualise the NIV set-up and training. Do not withhold NIV on this ground alone.";
  if (no_screen) {
    description += " Screen cognition and behaviour (e.g. ECAS) alongside NIV initiation; the screen never delays NIV.";
    if (OpenRequest(record, "cognitive-screen") == nullptr && RefusedWithin(context, "cognitive-screen") == nullptr) {
      findings.push_back(Activity("cognitive-screen", Priority::kMedium,
                                  why + " and no cognitive or behavioural screen is on file: cognitive and behavioural "
                                        "screen (e.g. ECAS with informant questions) to support the NIV decision; it "
                                        "informs the set-up and never delays NIV.",
                                  evidence.empty() ? std::vector<std::string>{record.dx_source} : evidence));
    }
  }
  findings.insert(findings.begin(), Alert("clinical", Priority::kMedium, title, description,
                                          respiratory::EvidenceOf(impaired, evidence)));
  return findings;
}

}  // namespace

extern const Rule kNivCognitionCompliance{
    {"niv-cognition-compliance",
     "R30",
     Domain::kRespiratory,
     "Flag + CarePlan activity",
     Priority::kMedium,
     "Cognitive impairment may reduce NIV compliance: annotate, never withhold NIV",
     "(an NIV criterion rule R23-R27 fired, or NIV started within 90 days) and (COG_IMPAIRED, or no cognitive screen "
     "on "
     "file); with no screen on file also a cognitive-screen activity (merged with cognitive-screen, R47)",
     "Seed 000_2fbc9b5cc989d561.txt (\"Compliance with NIV is adversely affected by cognitive impairment\"); seed "
     "001_660b7d635bcbe986.txt (\"NIV compliance may be reduced in patients with cognitive impairment\"); AAN 2009 "
     "(cognitive screening, Level B)",
     {{"niv_new_days", 90, "days", "NIV started within this many days counts as newly started [design]"}}},
    &Evaluate};

}  // namespace als::guideline
