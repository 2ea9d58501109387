// Synthetic population generator: N patients with realistic ALS courses (and
// some without ALS) as FHIR R4 JSON, for tests, the demo and the benchmarks.
//
// Deterministic: the same options give byte-identical output on every
// platform (a self-contained PRNG, fixed-point number formatting). Patient i
// depends only on the seed, the "as of" day and i, never on N. Streaming: one
// patient is in memory at a time.
#ifndef ALS_GENERATOR_POPULATION_GENERATOR_H_
#define ALS_GENERATOR_POPULATION_GENERATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "als/common/result.h"
#include "als/fhir/date.h"

namespace als::generator {

enum class OutputFormat {
  // A directory with one <Type>.ndjson file per resource type, as FHIR Bulk
  // Data export writes them (not grouped by patient).
  kNdjson,
  // A directory of transaction Bundles bundle-000001.json, ...: each entry a
  // PUT Type/id with an id that is stable for the seed, so loading twice does
  // not duplicate. A patient's resources are split over several Bundles when
  // they exceed `bundle_max_entries`.
  kBundle,
};

// 2026-06-01: the default "as of" day; no resource is dated after it.
fhir::Day DefaultAsOf();

struct GeneratorOptions {
  uint64_t patients = 0;
  uint64_t seed = 1;
  fhir::Day as_of = DefaultAsOf();
  OutputFormat format = OutputFormat::kNdjson;
  // Fraction of patients without ALS (motor neuron disease that is not ALS,
  // unconfirmed ALS, unrelated conditions).
  double non_als_fraction = 0.15;
  // Fraction of measurement Observations made deliberately unusable (unknown
  // unit, missing code, impossible date), for tests of the adapter's warnings.
  double bad_fraction = 0;
  // The test FHIR server refuses transactions with more than 50 updates;
  // 0 = one Bundle per patient whatever its size.
  size_t bundle_max_entries = 50;
  // Created if missing; must be empty if it exists. Written via a sibling
  // "<out>.partial" directory renamed at the end, so a failed run leaves no
  // half-written output.
  std::string out_dir;
};

struct GeneratedResource {
  std::string type;
  std::string id;
  std::string json;  // compact, one line
};

struct GeneratedPatient {
  std::string id;
  bool has_als = false;                      // an active, confirmed ALS diagnosis
  std::vector<GeneratedResource> resources;  // the Patient first
  size_t bad_resources = 0;
};

// Patient `index` (1-based) of the population described by `options`.
GeneratedPatient GeneratePatient(const GeneratorOptions& options, uint64_t index);

struct GenerationSummary {
  uint64_t patients = 0;
  uint64_t als_patients = 0;
  uint64_t resources = 0;
  uint64_t bad_resources = 0;
  uint64_t files = 0;
  std::map<std::string, uint64_t> resources_by_type;
};

// Checks the options (kInvalidArgument naming the option) and writes the
// population to options.out_dir (kIo naming the file on a write failure).
Result<GenerationSummary> GeneratePopulation(const GeneratorOptions& options);

}  // namespace als::generator

#endif  // ALS_GENERATOR_POPULATION_GENERATOR_H_
