// One patient through the pipeline: PatientRecord assembly -> rules -> write
// set. Shared by `evaluate` (files) and `sync` (server), so both produce
// exactly the same resources for the same data.
#ifndef ALS_SYNC_EVALUATOR_H_
#define ALS_SYNC_EVALUATOR_H_

#include <string>
#include <vector>

#include "als/guideline/engine.h"
#include "als/model/record_builder.h"
#include "als/output/write_set.h"
#include "als/sync/config.h"
#include "als/terminology/terminology.h"

namespace als::sync {

struct PatientResult {
  output::PatientWriteSet write_set;
  std::vector<model::DataIssue> issues;  // inputs that could not be used
  bool has_als_diagnosis = false;
  size_t findings = 0;
};

// The output settings of a sync run: the configuration's canonical base,
// `now` for the rules, and the current time for Provenance.recorded.
output::OutputSettings SyncOutputSettings(const SyncConfig& config, fhir::Day now);

class Evaluator {
 public:
  Evaluator(const terminology::Terminology& terminology, const guideline::RuleEngine& engine,
            output::OutputSettings settings);

  PatientResult Evaluate(const std::string& patient_id, const std::vector<model::SourcedResource>& resources,
                         const model::ResourceResolver* resolver) const;

  const output::OutputSettings& settings() const { return settings_; }
  const terminology::Terminology& terminology() const { return terminology_; }

 private:
  const terminology::Terminology& terminology_;
  const guideline::RuleEngine& engine_;
  output::OutputSettings settings_;
  model::AssemblyOptions assembly_;
};

}  // namespace als::sync

#endif  // ALS_SYNC_EVALUATOR_H_
