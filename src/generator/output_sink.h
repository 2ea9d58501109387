// Where generated resources go: NDJSON files per resource type (as a FHIR
// Bulk Data export writes them), or transaction Bundles of PUTs.
#ifndef ALS_GENERATOR_OUTPUT_SINK_H_
#define ALS_GENERATOR_OUTPUT_SINK_H_

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "als/common/result.h"
#include "als/generator/population_generator.h"

namespace als::generator {

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Writes one patient's resources.
  virtual Status Write(const std::vector<GeneratedResource>& resources) = 0;
  // Flushes and closes every file.
  virtual Status Close() = 0;
  virtual uint64_t files() const = 0;
};

std::unique_ptr<OutputSink> MakeNdjsonSink(std::string directory);
std::unique_ptr<OutputSink> MakeBundleSink(std::string directory, size_t max_entries);

}  // namespace als::generator

#endif  // ALS_GENERATOR_OUTPUT_SINK_H_
