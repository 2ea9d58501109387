// Assembles a PatientRecord from one patient's FHIR resources.
#ifndef ALS_MODEL_RECORD_BUILDER_H_
#define ALS_MODEL_RECORD_BUILDER_H_

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "als/model/patient_record.h"
#include "als/terminology/terminology.h"

namespace als::model {

// A resource and where it came from ("input.ndjson:12"; empty from a server).
struct SourcedResource {
  const rapidjson::Value* json = nullptr;
  std::string origin;
};

// Finds resources referenced by literal reference ("Medication/m1", "Device/d1"):
// the same Bundle or file set, or the server. Returns nullptr when not found.
class ResourceResolver {
 public:
  virtual ~ResourceResolver() = default;
  virtual const rapidjson::Value* Resolve(std::string_view reference) const = 0;
};

struct AssemblyOptions {
  Day now = 0;
  // The identifier systems of resources the adapter writes (CarePlan, Flag):
  // such resources become AdapterOutputs, never clinical input.
  std::string careplan_identifier_system;
  std::string flag_identifier_system;
};

// Never fails: a resource that cannot be used becomes a DataIssue naming it
// (type/id, origin, element path). Resources dated after options.now are not
// used either (they did not exist on the evaluation date) and are listed too.
PatientRecord AssemblePatientRecord(const std::string& patient_id,
                                    const std::vector<SourcedResource>& resources,
                                    const terminology::Terminology& terminology,
                                    const ResourceResolver* resolver, const AssemblyOptions& options);

}  // namespace als::model

#endif  // ALS_MODEL_RECORD_BUILDER_H_
