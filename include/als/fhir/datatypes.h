// FHIR R4 datatypes the adapter reads, parsed from RapidJSON with element paths in errors.
#ifndef ALS_FHIR_DATATYPES_H_
#define ALS_FHIR_DATATYPES_H_

#include <optional>
#include <string>
#include <string_view>
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

// The same datatypes as read from a resource: views of the strings of the JSON
// document (or of an owning datatype), valid only while that lives. Reading a
// resource copies no string this way; keep what must outlive the document as
// std::string or in the owning types above. Each converts from its owning type.
struct CodingView {
  CodingView() = default;
  CodingView(std::string_view system, std::string_view code, std::string_view display = {})
      : system(system), code(code), display(display) {}
  CodingView(const Coding& coding) : CodingView(coding.system, coding.code, coding.display) {}  // NOLINT: a view
  std::string_view system;
  std::string_view code;
  std::string_view display;
};

struct ConceptView {
  ConceptView() = default;
  ConceptView(const CodeableConcept& concept_value);  // NOLINT: a view
  std::vector<CodingView> codings;
  std::string_view text;
  // "text", else the first display, else "system|code", for messages.
  std::string Label() const;
};

struct QuantityView {
  QuantityView() = default;
  QuantityView(const Quantity& quantity);  // NOLINT: a view
  double value = 0;
  std::string_view unit;
  std::string_view system;
  std::string_view code;
  std::string_view comparator;
  // The code if the system is UCUM (or absent), else the unit text.
  std::string_view UnitKey() const;
};

inline constexpr char kUcumSystem[] = "http://unitsofmeasure.org";

// The path of an element for messages ("Observation.component[2].valueQuantity"),
// written out only when a message needs it: each step is a link to the path it
// extends, so a path must not outlive the one it was made from (make steps as
// temporaries in a call's arguments, or as locals next to their parent).
class ElementPath {
 public:
  ElementPath(const char* root) : name_(root) {}        // NOLINT: "Observation"
  ElementPath(std::string_view root) : name_(root) {}   // NOLINT
  ElementPath(std::string&& root) = delete;              // would dangle
  // ".name", ".name[index]", or for a choice element ".name" + type ("effective" + "DateTime").
  ElementPath Member(std::string_view name) const { return ElementPath(this, name, {}, kNoIndex); }
  ElementPath Member(std::string_view name, size_t index) const { return ElementPath(this, name, {}, index); }
  ElementPath Choice(std::string_view name, std::string_view type) const {
    return ElementPath(this, name, type, kNoIndex);
  }
  std::string ToString() const;

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  ElementPath(const ElementPath* parent, std::string_view name, std::string_view type, size_t index)
      : parent_(parent), name_(name), type_(type), index_(index) {}
  void AppendTo(std::string* out) const;

  const ElementPath* parent_ = nullptr;
  std::string_view name_;
  std::string_view type_;
  size_t index_ = kNoIndex;
};

// Each reader returns nullopt when the element is absent, an error (with the
// element path `path`) when it is present but malformed. The views refer to
// the strings of `element`'s document.
Result<std::optional<ConceptView>> ReadCodeableConcept(const rapidjson::Value* element, const ElementPath& path);
Result<std::optional<QuantityView>> ReadQuantity(const rapidjson::Value* element, const ElementPath& path);
Result<std::optional<Reference>> ReadReference(const rapidjson::Value* element, const ElementPath& path);
Result<std::optional<FhirDate>> ReadDate(const rapidjson::Value* element, const ElementPath& path);

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
