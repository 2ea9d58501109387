#include "als/guideline/finding.h"

namespace als::guideline {

const char* PriorityName(Priority priority) {
  switch (priority) {
    case Priority::kHigh: return "high";
    case Priority::kMedium: return "medium";
    case Priority::kLow: return "low";
  }
  return "medium";
}

const char* FlagPriorityCode(Priority priority) {
  switch (priority) {
    case Priority::kHigh: return "PH";
    case Priority::kMedium: return "PM";
    case Priority::kLow: return "PL";
  }
  return "PM";
}

const char* RequestPriority(Priority priority) { return priority == Priority::kHigh ? "urgent" : "routine"; }

Finding Activity(std::string action, Priority priority, std::string description, std::vector<std::string> evidence) {
  Finding finding;
  finding.kind = OutputKind::kActivity;
  finding.priority = priority;
  finding.action = std::move(action);
  finding.description = std::move(description);
  finding.evidence = std::move(evidence);
  return finding;
}

Finding Alert(std::string category, Priority priority, std::string title, std::string description,
              std::vector<std::string> evidence) {
  Finding finding;
  finding.kind = OutputKind::kFlag;
  finding.priority = priority;
  finding.flag_category = std::move(category);
  finding.title = std::move(title);
  finding.description = std::move(description);
  finding.evidence = std::move(evidence);
  return finding;
}

}  // namespace als::guideline
