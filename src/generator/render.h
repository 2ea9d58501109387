// Internal to the renderers: FHIR R4 JSON for a Chart. The ResourceEmitter
// gives each resource its stable id and collects the JSON text; the helpers
// write the FHIR datatypes; PatientStyle holds the per-patient choices an EHR
// would make consistently (units, FVC representation, medication coding).
#ifndef ALS_GENERATOR_RENDER_H_
#define ALS_GENERATOR_RENDER_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "als/generator/population_generator.h"
#include "chart.h"
#include "json_writer.h"
#include "random.h"

namespace als::generator {

// A deliberately unusable measurement (GeneratorOptions::bad_fraction).
enum class Defect { kNone, kUnknownUnit, kMissingCode, kBadDate };

enum class FvcStyle { kPercent, kRatio, kLitres, kSpirometryPanel, kVitalCapacityPercent };

struct PatientStyle {
  FvcStyle fvc = FvcStyle::kPercent;
  bool weight_in_pounds = false;
  bool height_in_inches = false;
  bool transaminases_in_ukat = false;
  bool bilirubin_in_umol = false;
  bool lab_reference_ranges = true;
  bool spo2_alternative_code = false;
  bool paco2_in_kpa = false;
  bool mip_negative = true;
  bool alsfrs_as_panel = true;
  bool devices_contained = true;
  static PatientStyle Sample(Random& random);
};

class ResourceEmitter {
 public:
  ResourceEmitter(const Chart& chart, uint64_t seed, uint64_t index, double bad_fraction);

  // Starts a resource: {"resourceType": type, "id": "<patient>-<tag><n>", ...
  // Write its elements to the returned writer, then call End().
  JsonWriter& Begin(std::string_view type, std::string_view tag);
  void End();
  // The writer of the resource being written.
  JsonWriter& writer() { return writer_; }
  // The id Begin() gave the resource being written; the id of the patient.
  const std::string& id() const { return current_.id; }
  std::string PatientReference() const { return "Patient/" + chart_.patient_id; }
  // "subject": {"reference": "Patient/<id>"} (or another element name).
  void WriteSubject(std::string_view element = "subject");

  // A defect for the next measurement, drawn with probability bad_fraction.
  Defect DrawDefect();

  const Chart& chart() const { return chart_; }
  Random& random() { return style_random_; }
  const PatientStyle& style() const { return style_; }
  std::vector<GeneratedResource> TakeResources() { return std::move(resources_); }
  size_t defects() const { return defects_; }

 private:
  const Chart& chart_;
  Random style_random_;
  Random defect_random_;
  double bad_fraction_;
  PatientStyle style_;
  std::vector<GeneratedResource> resources_;
  GeneratedResource current_;
  JsonWriter writer_;
  size_t next_number_ = 1;
  size_t defects_ = 0;
};

// FHIR datatypes.
void WriteCoding(JsonWriter& json, const Code& code);
// key: {"coding": [codes...], "text": text}
void WriteConcept(JsonWriter& json, std::string_view key, std::initializer_list<Code> codings,
                  std::string_view text = {});
// key: [ {"coding": [codes...]} ]
void WriteConceptList(JsonWriter& json, std::string_view key, std::initializer_list<Code> codings);
void WriteReference(JsonWriter& json, std::string_view key, std::string_view reference);
void WriteQuantity(JsonWriter& json, std::string_view key, Decimal value, const Unit& unit);
std::string DateText(Day day);
// A dateTime on `day` during clinic hours, in UTC or with a zone offset that
// keeps it on the same UTC day.
std::string DateTimeText(Day day, Random& random);
// An instant (seconds and zone required).
std::string InstantText(Day day, int hour, int minute);

// The renderers, one per part of the chart.
void RenderPatient(ResourceEmitter& emitter);
void RenderConditions(ResourceEmitter& emitter);
void RenderAllergies(ResourceEmitter& emitter);
void RenderMeasurements(ResourceEmitter& emitter);
void RenderAlsfrs(ResourceEmitter& emitter);
void RenderFindings(ResourceEmitter& emitter);
void RenderGenomics(ResourceEmitter& emitter);
void RenderMedications(ResourceEmitter& emitter);
void RenderAdministrations(ResourceEmitter& emitter);
void RenderCare(ResourceEmitter& emitter);
void RenderRelations(ResourceEmitter& emitter);

}  // namespace als::generator

#endif  // ALS_GENERATOR_RENDER_H_
