// R55 equipment-urgent: every ALS equipment or service request should be
// urgent and handled without delay. Flags a request sent with routine (or no)
// priority, or still open 14 days after it was authored with no sign of
// fulfilment; High when the item is NIV, cough assist or suction.
#include "care_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

// The device is in use, or a completed procedure with the same equipment
// concept, on or after the request: fulfilled even if the order was left open.
bool Fulfilled(const PatientRecord& record, const Entry& request) {
  for (const Entry& entry : record.entries) {
    bool delivered = (entry.kind == EntryKind::kDeviceUse && (entry.active || entry.completed)) ||
                     (entry.kind == EntryKind::kProcedure && entry.completed);
    if (!delivered || !entry.day || !request.day || *entry.day < *request.day) continue;
    for (const std::string& concept_id : request.concepts) {
      if (concept_id != "als-equipment" && concept_id != "equipment-urgent-high" && Contains(entry.concepts, concept_id)) {
        return true;
      }
    }
  }
  return false;
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  const int delay_days = static_cast<int>(context.Param("open_delay_days"));
  std::vector<std::string> items;
  std::vector<std::string> evidence;
  bool high = false;
  for (const Entry* request : record.FindAny("als-equipment")) {
    bool order = request->kind == EntryKind::kDeviceRequest || request->kind == EntryKind::kServiceRequest;
    if (!order || !request->active) continue;  // draft, active or on-hold
    std::vector<std::string> problems;
    if (request->priority.empty() || request->priority == "routine") {
      problems.push_back("priority " + (request->priority.empty() ? std::string("not set") : request->priority));
    }
    if (request->day && context.now() - *request->day >= delay_days && !Fulfilled(record, *request)) {
      problems.push_back("still open " + std::to_string(context.now() - *request->day) + " days after it was authored "
                         "with no fulfilment recorded");
    }
    if (problems.empty()) continue;
    bool critical = Contains(request->concepts, "equipment-urgent-high");
    high = high || critical;
    items.push_back(care::Describe(*request) + ": " + care::Join(problems, ", ") +
                    (critical ? " (breathing/airway equipment)" : ""));
    evidence.push_back(request->source);
  }
  if (items.empty()) return {};
  std::string description =
      "ALS equipment or service request not handled as urgent: " + care::Join(items) +
      ". Expedite: set the request priority to urgent and chase fulfilment; equipment and service delays in ALS can "
      "cause serious safety risks." +
      UnusableNote(record, "als-equipment");
  return {Alert("clinical", high ? Priority::kHigh : Priority::kMedium, "Expedite ALS equipment/service request",
                description, evidence)};
}

}  // namespace

extern const Rule kEquipmentUrgent{
    {"equipment-urgent", "R55", Domain::kCareOrganisation, "Flag", Priority::kHigh,
     "Expedite ALS equipment and service requests (proposed priority urgent)",
     "An open (draft/active/on-hold) DeviceRequest or ServiceRequest for ALS equipment or services (wheelchair, NIV, "
     "cough assist, suction, AAC device, hospital bed, home adaptation, home care) with priority absent or routine, "
     "or still open >= 14 d after authoredOn with no fulfilment (device in use or completed procedure since). Medium; "
     "High when such an item is NIV, cough assist or suction",
     "Seed 000_2fbc9b5cc989d561.txt (\"All requests for equipment and services for ALS should be considered urgent "
     "and handled expeditiously\" and \"Equipment and service delays can result in catastrophic safety risks rather "
     "than simple inconvenience\"); NICE QS126 statement 3 (equipment and adaptations without delay)",
     {ParameterSpec{"open_delay_days", 14, "days",
                    "A request still open this many days after authoring, unfulfilled, is delayed [design]"}}},
    &Evaluate};

}  // namespace als::guideline
