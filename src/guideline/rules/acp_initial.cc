// R52 acp-initial: start advance care planning at diagnosis when no ACP
// record exists.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (!care::AcpRecords(record).empty()) return {};
  if (OpenRequest(record, "advance-care-planning") != nullptr ||
      RefusedWithin(context, "advance-care-planning") != nullptr) {
    return {};
  }
  std::string description =
      "ALS diagnosis on file and no advance care planning record (no advance-directive Consent, advance directive or "
      "POLST document, or documented ACP / goals-of-care discussion). Start advance care planning now, ideally at "
      "diagnosis and before speech and communication become limited: preferences on non-invasive versus invasive "
      "ventilation/tracheostomy, feeding tube, resuscitation, preferred place of care and death; complete an advance "
      "directive / POLST; revisit gently and repeatedly." +
      UnusableNote(record, "advance-care-planning") + UnusableNote(record, "advance-directive-document");
  return {Activity("advance-care-planning", Priority::kMedium, description, {record.dx_source})};
}

}  // namespace

extern const Rule kAcpInitial{
    {"acp-initial", "R52", Domain::kCareOrganisation, "CarePlan activity", Priority::kMedium,
     "Start advance care planning at diagnosis",
     "ALS_DX and no ACP record (advance-directive Consent active/inactive, advance directive/POLST DocumentReference "
     "current/superseded, or a documented ACP/goals-of-care discussion), no open ACP request and no ACP declined in "
     "the refusal period",
     "Seed 001_660b7d635bcbe986.txt (\"Initiate advance directive discussions early in the disease course, ideally "
     "at diagnosis, before communication becomes limited.\"); seed 003_8fed761a79a9fd23.txt (\"advance care "
     "planning documents such as advance directives and Provider Orders for Life Sustaining Treatments (POLST) "
     "forms\"); NICE QS126 statement 5 (discuss end-of-life preferences at diagnosis and key stages)",
     {}},
    &Evaluate};

}  // namespace als::guideline
