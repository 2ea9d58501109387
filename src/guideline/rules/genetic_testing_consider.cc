// R16 genetic-testing-consider: offer genetic counselling/testing including SOD1
// (decides tofersen eligibility) to an ALS patient without an SOD1 result.
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using terminology::Contains;

// A relative with ALS/FTD: FamilyMemberHistory, or a family-history code on
// another resource (the set also holds ALS/FTD codes, which on the patient's own
// Condition mean the patient, not a relative).
bool IsFamilyHistory(const Entry& entry) {
  if (entry.kind == EntryKind::kFamilyHistory) return true;
  if (entry.kind != EntryKind::kCondition && entry.kind != EntryKind::kObservation) return false;
  return !Contains(entry.concepts, "als") && !Contains(entry.concepts, "cognitive-impairment") &&
         !Contains(entry.concepts, "motor-neuron-disease-not-als");
}

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  if (Sod1(record).status != Sod1Status::kNoResult) return {};  // an SOD1 result is on file
  for (const Entry* entry : record.FindAny("genetic-testing")) {
    // An ALS gene panel report, completed counselling/testing, or an open order.
    if (entry->kind == EntryKind::kDiagnosticReport) return {};
    if ((entry->kind == EntryKind::kProcedure || entry->kind == EntryKind::kServiceRequest) &&
        (entry->completed || entry->active)) {
      return {};
    }
  }
  if (RefusedWithin(context, "genetic-testing") != nullptr) return {};

  std::vector<std::string> evidence{record.dx_source};
  std::string family;
  for (const Entry* entry : record.FindAny("family-history-als-ftd")) {
    if (!IsFamilyHistory(*entry)) continue;
    family += (family.empty() ? "" : "; ") + entry->label + " (" + entry->source + ")";
    evidence.push_back(entry->source);
  }
  std::string description =
      "ALS diagnosis on file and no genetic result covering SOD1 (no SOD1 variant result, no ALS gene panel report, "
      "no genetic testing ordered or done). Offer genetic counselling and testing including SOD1: a pathogenic or "
      "likely pathogenic SOD1 variant makes the patient eligible for tofersen (Qalsody); about 2% of ALS is SOD1-ALS.";
  if (!family.empty()) description += " Family history of ALS/FTD: " + family + ".";
  description += UnusableNote(record, "gene-studied") + UnusableNote(record, "sod1-gene");
  return {Activity("genetic-counselling", family.empty() ? Priority::kLow : Priority::kMedium, description, evidence)};
}

}  // namespace

extern const Rule kGeneticTestingConsider{
    {"genetic-testing-consider", "R16", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Offer genetic counselling/testing including SOD1 (Low; Medium with a family history of ALS/FTD)",
     "ALS_DX and no SOD1 genomic result (Observation with gene studied HGNC:11179) and no ALS panel DiagnosticReport, "
     "no open or completed genetic testing/counselling, and no refusal within the refusal period; Medium with a "
     "FamilyMemberHistory of ALS/MND or FTD",
     "Seed 002_c6acfc4ececb5832.txt (\"Qalsody is specifically indicated only for adult patients with ALS who have a "
     "confirmed SOD1 mutation\"; \"approximately 2% of ALS cases are the genetic form known as SOD1-ALS\"); Qalsody "
     "label indication; rules.md Q6",
     {}},
    &Evaluate};

}  // namespace als::guideline
