// What a rule returns: a recommended CarePlan activity or an alert (Flag).
#ifndef ALS_GUIDELINE_FINDING_H_
#define ALS_GUIDELINE_FINDING_H_

#include <string>
#include <vector>

namespace als::guideline {

// Ordered from most to least urgent.
enum class Priority { kHigh, kMedium, kLow };

const char* PriorityName(Priority priority);      // "high"
const char* FlagPriorityCode(Priority priority);  // PH / PM / PL
const char* RequestPriority(Priority priority);   // urgent / routine

enum class OutputKind { kActivity, kFlag };

struct Finding {
  std::string rule_id;  // set by the engine
  OutputKind kind = OutputKind::kActivity;
  Priority priority = Priority::kMedium;
  // Activities: the action code (CodeSystem als-careplan-action), e.g. "niv-referral".
  // Findings of several rules with the same action merge into one activity.
  std::string action;
  // Flags: flag-category code (clinical, drug, lab, diet, behavioral, admin) and the alert in a line.
  std::string flag_category;
  std::string title;
  // What was found (values and dates), what is recommended, and why. The
  // engine appends the rule's citation.
  std::string description;
  // References of the resources that triggered it ("Observation/obs-1").
  std::vector<std::string> evidence;
  // Overrides the request priority derived from `priority` (e.g. "asap").
  std::string request_priority;
};

Finding Activity(std::string action, Priority priority, std::string description,
                 std::vector<std::string> evidence = {});
Finding Alert(std::string category, Priority priority, std::string title, std::string description,
              std::vector<std::string> evidence = {});

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_FINDING_H_
