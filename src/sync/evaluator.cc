#include "als/sync/evaluator.h"

#include "als/sync/ledger.h"

namespace als::sync {

output::OutputSettings SyncOutputSettings(const SyncConfig& config, fhir::Day now) {
  output::OutputSettings settings;
  settings.canonical_base = config.canonical_base;
  settings.now = now;
  settings.recorded_instant = UtcNowInstant();
  return settings;
}

Evaluator::Evaluator(const terminology::Terminology& terminology, const guideline::RuleEngine& engine,
                     output::OutputSettings settings)
    : terminology_(terminology), engine_(engine), settings_(std::move(settings)) {
  assembly_.now = settings_.now;
  assembly_.careplan_identifier_system = output::CarePlanIdentifierSystem(settings_);
  assembly_.flag_identifier_system = output::FlagIdentifierSystem(settings_);
}

PatientResult Evaluator::Evaluate(const std::string& patient_id, const std::vector<model::SourcedResource>& resources,
                                  const model::ResourceResolver* resolver) const {
  model::PatientRecord record = model::AssemblePatientRecord(patient_id, resources, terminology_, resolver, assembly_);
  std::vector<guideline::Finding> findings = engine_.Evaluate(record, settings_.now);
  PatientResult result;
  result.write_set = output::BuildWriteSet(record, findings, terminology_, settings_);
  result.has_als_diagnosis = record.has_als_diagnosis;
  result.findings = findings.size();
  result.issues = std::move(record.issues);
  return result;
}

}  // namespace als::sync
