// R50 mdt-care: refer every ALS patient to a multidisciplinary ALS clinic, and
// book the review when the last MDT visit is more than 90 days ago.
#include "care_common.h"

namespace als::guideline {
namespace {

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  // A referral or booking already open, or declined recently.
  if (OpenRequest(record, "mdt-clinic") != nullptr || RefusedWithin(context, "mdt-clinic") != nullptr) return {};

  // The last MDT contact: a visit (finished or under way) or a completed referral.
  const Entry* last = nullptr;
  for (const Entry* entry : record.FindAny("mdt-clinic")) {
    if (care::Involved(*entry) && entry->day && (last == nullptr || *entry->day >= *last->day)) last = entry;
  }
  const int interval = static_cast<int>(context.Param("review_interval_days"));
  std::string description;
  std::vector<std::string> evidence{record.dx_source};
  if (last == nullptr) {
    description = "No referral to, or visit at, a multidisciplinary ALS clinic on file. Refer to a multidisciplinary "
                  "ALS clinic now, from diagnosis: neurology, respiratory, gastroenterology, speech-language "
                  "pathology, dietetics, physiotherapy, occupational therapy, social work, psychology and palliative "
                  "care; specialised MDT care prolongs survival.";
  } else {
    int days = context.now() - *last->day;
    if (days <= interval) return {};
    evidence.push_back(last->source);
    description = "MDT review due: the last multidisciplinary ALS clinic contact was " + care::Describe(*last) + ", " +
                  std::to_string(days) + " days ago (reviews every " + FormatNumber(interval) +
                  " days). Book the multidisciplinary clinic review (neurology, respiratory, gastroenterology, "
                  "speech-language pathology, dietetics, physiotherapy, occupational therapy, social work, "
                  "psychology, palliative care); add single-discipline referrals for any gap.";
  }
  description += UnusableNote(record, "mdt-clinic");
  return {Activity("mdt-clinic-referral", Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kMdtCare{
    {"mdt-care", "R50", Domain::kCareOrganisation, "CarePlan activity", Priority::kMedium,
     "Multidisciplinary ALS clinic: refer from diagnosis, review every 90 days",
     "ALS_DX and no open or recently declined MDT referral, and (no MDT clinic referral or visit ever, or the last "
     "MDT visit or completed referral is more than 90 d ago)",
     "Seed 000_2fbc9b5cc989d561.txt (\"The care team must include neurology, pulmonology, gastroenterology, "
     "speech-language pathology, nutrition, physical therapy, occupational therapy, social work, and palliative "
     "care\"); seed 001_660b7d635bcbe986.txt (\"Establish a multidisciplinary team immediately upon diagnosis\"); "
     "seed 003_8fed761a79a9fd23.txt; AAN 2009 (specialized multidisciplinary clinic referral, Level B); NICE NG42 "
     "(appointment every 2-3 months); NICE QS126",
     {ParameterSpec{"review_interval_days", 90, "days",
                    "An MDT review is due when the last MDT contact is older than this (NICE: every 2-3 months)"}}},
    &Evaluate};

}  // namespace als::guideline
