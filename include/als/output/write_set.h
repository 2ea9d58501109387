// What the adapter writes for one patient: its CarePlan, one Flag per alert
// rule, and a Provenance for the write; diffed against what the adapter wrote
// before (PatientRecord::adapter_outputs) so that only changes are written.
#ifndef ALS_OUTPUT_WRITE_SET_H_
#define ALS_OUTPUT_WRITE_SET_H_

#include <string>
#include <vector>

#include "als/guideline/finding.h"
#include "als/guideline/rule.h"
#include "als/model/patient_record.h"
#include "als/terminology/terminology.h"

namespace als::output {

struct OutputSettings {
  // Canonical base of the project's conformance resources and identifiers.
  std::string canonical_base = terminology::kCanonicalBase;
  model::Day now = 0;
  // Provenance.recorded: the real time in sync; midnight of --as-of in evaluate.
  std::string recorded_instant;
};

// Systems and URLs derived from the canonical base.
std::string RuleSystem(const OutputSettings& settings);                // .../CodeSystem/als-guideline-rule
std::string CarePlanIdentifierSystem(const OutputSettings& settings);  // .../identifier/careplan
std::string FlagIdentifierSystem(const OutputSettings& settings);      // .../identifier/flag
std::string DeviceIdentifierSystem(const OutputSettings& settings);    // .../identifier/device (Provenance agent)
std::string AdapterTagSystem(const OutputSettings& settings);          // .../CodeSystem/als-adapter-tag
std::string PlanDefinitionUrl(const OutputSettings& settings);         // .../PlanDefinition/als-guideline
std::string PlanDefinitionCanonical(const OutputSettings& settings);   // PlanDefinitionUrl|version
std::string CarePlanProfile(const OutputSettings& settings);           // .../StructureDefinition/als-careplan
std::string FlagProfile(const OutputSettings& settings);
std::string ProvenanceProfile(const OutputSettings& settings);
std::string ActivityPriorityExtension(const OutputSettings& settings);
// Triggering resources of a type CarePlan.activity.detail.reasonReference does not allow.
std::string ActivityEvidenceExtension(const OutputSettings& settings);

// The meta.tag an adapter-retired Flag carries (system AdapterTagSystem).
inline constexpr char kRetiredTag[] = "rule-no-longer-fires";
inline constexpr char kRetiredTagDisplay[] = "The rule no longer fires";

// One entry of a transaction Bundle.
struct WriteEntry {
  std::string resource_type;  // CarePlan, Flag, Provenance
  std::string method;         // PUT (conditional update) or POST (Provenance)
  std::string url;            // "CarePlan?identifier=system|value" or "Provenance"
  std::string full_url;       // urn:uuid, stable for the identifier
  std::string if_match;       // W/"version" of the resource being replaced, when known
  std::string resource;       // JSON
  bool replaces_existing = false;
};

struct PatientWriteSet {
  std::string patient_id;
  std::vector<WriteEntry> entries;  // empty: nothing to write
  size_t unchanged = 0;             // adapter resources already up to date
  size_t activities = 0;
  size_t active_flags = 0;
  std::vector<std::string> flag_rules;  // rules with an active Flag after this write
};

// Builds the desired resources from `findings`, compares them with the
// adapter's earlier outputs in `record`, and returns only what must change.
// A patient without an ALS diagnosis gets nothing, except that resources the
// adapter wrote earlier are retired (CarePlan revoked, Flags inactive).
PatientWriteSet BuildWriteSet(const model::PatientRecord& record, const std::vector<guideline::Finding>& findings,
                              const terminology::Terminology& terminology, const OutputSettings& settings);

// Splits a write set into parts of at most `max_entries` entries (0: no
// limit), for servers that cap transaction size; each part gets its own
// Provenance naming only that part's targets.
std::vector<PatientWriteSet> SplitWriteSet(const PatientWriteSet& write_set, int max_entries);

// A deterministic urn:uuid for a name (name-based, SHA-1).
std::string StableUrn(const std::string& name);

// Streams a transaction Bundle: Begin, Add per patient, End.
class TransactionWriter {
 public:
  explicit TransactionWriter(std::string* out) : out_(out) {}
  void Begin();
  void Add(const PatientWriteSet& write_set);
  void End();

 private:
  std::string* out_;
  bool first_ = true;
};

// One patient's transaction Bundle, as sync sends it.
std::string TransactionBundle(const PatientWriteSet& write_set);

}  // namespace als::output

#endif  // ALS_OUTPUT_WRITE_SET_H_
