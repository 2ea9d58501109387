// Typed read-only views on FHIR R4 resources held in RapidJSON values. A view
// never copies the resource; accessors parse on demand and report malformed
// elements with their path ("Observation.valueQuantity.value"). What they
// return refers to the resource's strings (ConceptView, QuantityView,
// string_view): it is valid while the resource's document lives.
#ifndef ALS_FHIR_RESOURCES_H_
#define ALS_FHIR_RESOURCES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"
#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"

namespace als::fhir {

class ResourceView {
 public:
  explicit ResourceView(const rapidjson::Value& json) : json_(&json) {}

  std::string_view type() const { return StringOr(*json_, "resourceType"); }
  std::string_view id() const { return StringOr(*json_, "id"); }
  // "Observation/obs-1"; "Observation/(no id)" when the id is missing.
  std::string Key() const;
  // Key() into `key`, reusing its buffer.
  void KeyInto(std::string* key) const;
  std::string_view status() const { return StringOr(*json_, "status"); }
  const rapidjson::Value& json() const { return *json_; }
  const rapidjson::Value* Get(const char* element) const { return Member(*json_, element); }
  // "Observation.code" for element "code".
  std::string Path(std::string_view element) const { return Root().Member(element).ToString(); }
  // "Observation": the root of the resource's element paths.
  ElementPath Root() const { return ElementPath(type()); }

  Result<std::optional<ConceptView>> Concept(const char* element) const;
  Result<std::optional<Reference>> Ref(const char* element) const;
  Result<std::optional<FhirDate>> Date(const char* element) const;
  // A date choice [x]: `<prefix>DateTime`, `<prefix>Instant`, `<prefix>Date`, or
  // `<prefix>Period` (its end, else its start). nullopt when none is present.
  Result<std::optional<FhirDate>> DateChoice(std::string_view prefix) const;
  // The contained resource a local reference ("#med1") points to, or nullptr.
  const rapidjson::Value* Contained(std::string_view local_reference) const;

 private:
  const rapidjson::Value* json_;
};

// Observation.value[x] (also component.value[x]). valueInteger becomes a
// Quantity without unit.
struct ObservationValue {
  std::optional<QuantityView> quantity;
  std::optional<ConceptView> concept_value;
  std::optional<bool> boolean;
  std::optional<std::string_view> string;
  bool empty() const { return !quantity && !concept_value && !boolean && !string; }
};

struct ObservationComponent {
  ConceptView code;
  ObservationValue value;
  rapidjson::SizeType index = 0;  // in Observation.component
  ElementPath Path(const ElementPath& observation) const { return observation.Member("component", index); }
};

class ObservationView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  // Required by FHIR: an error when missing.
  Result<ConceptView> code() const;
  Result<ObservationValue> value() const;
  Result<std::vector<ObservationComponent>> components() const;
  Result<std::optional<FhirDate>> effective() const { return DateChoice("effective"); }
  // The first referenceRange.high.
  Result<std::optional<QuantityView>> reference_range_high() const;
};

class ConditionView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  Result<ConceptView> code() const;
  // The code of clinicalStatus / verificationStatus ("" when absent).
  std::string_view clinical_status() const;
  std::string_view verification_status() const;
  Result<std::optional<FhirDate>> onset() const { return DateChoice("onset"); }
  Result<std::optional<FhirDate>> recorded_date() const { return Date("recordedDate"); }
  Result<std::optional<FhirDate>> abatement() const { return DateChoice("abatement"); }
};

class AllergyIntoleranceView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  std::string_view clinical_status() const;
  std::string_view verification_status() const;
  // AllergyIntolerance.code and every reaction[].substance.
  Result<std::vector<ConceptView>> substances() const;
  Result<std::optional<FhirDate>> recorded_date() const { return Date("recordedDate"); }
};

class PatientView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  Result<std::optional<FhirDate>> birth_date() const { return Date("birthDate"); }
};

// medication[x] of MedicationRequest, MedicationStatement, MedicationAdministration.
struct MedicationChoice {
  std::optional<ConceptView> concept_value;  // medicationCodeableConcept
  std::string reference;                          // medicationReference.reference
};

struct Dosage {
  std::optional<QuantityView> dose;      // doseAndRate[0].doseQuantity (or .dose for administrations)
  std::optional<double> frequency;       // timing.repeat.frequency
  std::optional<double> period_days;     // timing.repeat.period in days
  std::optional<ConceptView> route;
  std::optional<double> infusion_minutes;  // from rateQuantity/duration when given
  std::string_view text;
};

class MedicationUseView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  // Requires medicationCodeableConcept or medicationReference.
  Result<MedicationChoice> medication() const;
  // The first dosageInstruction (request), dosage[0] (statement) or dosage (administration).
  Result<std::optional<Dosage>> dosage() const;
  std::string intent() const { return std::string(StringOr(json(), "intent")); }
};

class MedicationView : public ResourceView {
 public:
  using ResourceView::ResourceView;
  Result<std::optional<ConceptView>> code() const { return Concept("code"); }
  Result<std::optional<ConceptView>> form() const { return Concept("form"); }
  // ingredient[].itemCodeableConcept.
  Result<std::vector<ConceptView>> ingredients() const;
};

// The url of the Bundle.link with `relation` ("next", "self"), or "".
std::string BundleLink(const rapidjson::Value& bundle, std::string_view relation);

}  // namespace als::fhir

#endif  // ALS_FHIR_RESOURCES_H_
