// FHIR R4 datatypes the adapter reads, parsed from RapidJSON with element paths in errors.
#ifndef ALS_FHIR_DATATYPES_H_
#define ALS_FHIR_DATATYPES_H_

#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "als/common/result.h"
#include "als/fhir/date.h"

namespace als::fhir {

struct Coding {
  std::string system;
  std::string code;
  std::string display;
};

struct CodeableConcept {
  std::vector<Coding> codings;
  std::string text;
  bool HasCode(std::string_view system, std::string_view code) const;
  // "text", else the first display, else "system|code", for messages.
  std::string Label() const;
};

struct Quantity {
  double value = 0;
  std::string unit;    // human unit as sent
  std::string system;  // usually http://unitsofmeasure.org
  std::string code;    // UCUM code when system is UCUM
  std::string comparator;
  // The code if the system is UCUM (or absent), else the unit text.
  std::string_view UnitKey() const;  // a view of `code` or `unit`
};

struct Reference {
  std::string reference;  // "Patient/1", "#med", "urn:uuid:...", absolute URL
  std::string display;
};

inline constexpr char kUcumSystem[] = "http://unitsofmeasure.org";

// Each reader returns nullopt when the element is absent, an error (with the
// element path `path`) when it is present but malformed.
Result<std::optional<CodeableConcept>> ReadCodeableConcept(const rapidjson::Value* element,
                                                           const std::string& path);
Result<std::optional<Quantity>> ReadQuantity(const rapidjson::Value* element, const std::string& path);
Result<std::optional<Reference>> ReadReference(const rapidjson::Value* element, const std::string& path);
Result<std::optional<FhirDate>> ReadDate(const rapidjson::Value* element, const std::string& path);

// "Patient/123" from "Patient/123", "http://x/fhir/Patient/123" or
// "Patient/123/_history/2"; empty when `reference` is not of `type`.
std::string ReferenceId(std::string_view reference, std::string_view type);

// Types without a patient of their own that resources point at and the
// adapter resolves (medicationReference, device): Medication, Device, Substance.
bool IsReferenceable(std::string_view type);

// The target of a reference to a referenceable type, local or absolute
// ({"Medication", "m1"} for ".../Medication/m1"), or nullopt.
struct ReferenceTarget {
  std::string type;
  std::string id;
  std::string Key() const { return type + "/" + id; }  // "Medication/m1"
};
std::optional<ReferenceTarget> ReferenceableTarget(std::string_view reference);

}  // namespace als::fhir

#endif  // ALS_FHIR_DATATYPES_H_
