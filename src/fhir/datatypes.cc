#include "als/fhir/datatypes.h"

#include <cmath>

#include "als/fhir/json.h"

namespace als::fhir {
namespace {

Error Malformed(const std::string& path, const std::string& what) {
  return MakeError(ErrorCode::kInvalidData, path, what);
}

// `path` is the CodeableConcept's; the coding's own is built only for an error.
Result<Coding> ReadCoding(const rapidjson::Value& element, const std::string& path, rapidjson::SizeType index) {
  if (!element.IsObject()) {
    return Malformed(path + ".coding[" + std::to_string(index) + "]", "expected a Coding object");
  }
  Coding coding;
  coding.system = std::string(StringOr(element, "system"));
  coding.code = std::string(StringOr(element, "code"));
  coding.display = std::string(StringOr(element, "display"));
  return coding;
}

}  // namespace

bool CodeableConcept::HasCode(std::string_view system, std::string_view code) const {
  for (const Coding& coding : codings) {
    if (coding.system == system && coding.code == code) return true;
  }
  return false;
}

std::string CodeableConcept::Label() const {
  if (!text.empty()) return text;
  for (const Coding& coding : codings) {
    if (!coding.display.empty()) return coding.display;
  }
  if (!codings.empty()) return codings.front().system + "|" + codings.front().code;
  return "(no code)";
}

std::string_view Quantity::UnitKey() const {
  if (!code.empty() && (system.empty() || system == kUcumSystem)) return code;
  return unit;
}

Result<std::optional<CodeableConcept>> ReadCodeableConcept(const rapidjson::Value* element,
                                                           const std::string& path) {
  if (element == nullptr) return std::optional<CodeableConcept>();
  if (!element->IsObject()) return Malformed(path, "expected a CodeableConcept object");
  CodeableConcept concept_value;
  concept_value.text = std::string(StringOr(*element, "text"));
  if (const rapidjson::Value* codings = Member(*element, "coding")) {
    if (!codings->IsArray()) return Malformed(path + ".coding", "expected an array");
    concept_value.codings.reserve(codings->Size());
    for (rapidjson::SizeType i = 0; i < codings->Size(); ++i) {
      ALS_ASSIGN_OR_RETURN(Coding coding, ReadCoding((*codings)[i], path, i));
      concept_value.codings.push_back(std::move(coding));
    }
  }
  return std::optional<CodeableConcept>(std::move(concept_value));
}

Result<std::optional<Quantity>> ReadQuantity(const rapidjson::Value* element, const std::string& path) {
  if (element == nullptr) return std::optional<Quantity>();
  if (!element->IsObject()) return Malformed(path, "expected a Quantity object");
  const rapidjson::Value* value = Member(*element, "value");
  if (value == nullptr) return Malformed(path + ".value", "missing");
  if (!value->IsNumber()) return Malformed(path + ".value", "expected a number, got " + Excerpt(*value));
  Quantity quantity;
  quantity.value = value->GetDouble();
  if (!std::isfinite(quantity.value)) return Malformed(path + ".value", "not a finite number");
  quantity.unit = std::string(StringOr(*element, "unit"));
  quantity.system = std::string(StringOr(*element, "system"));
  quantity.code = std::string(StringOr(*element, "code"));
  quantity.comparator = std::string(StringOr(*element, "comparator"));
  return std::optional<Quantity>(std::move(quantity));
}

Result<std::optional<Reference>> ReadReference(const rapidjson::Value* element, const std::string& path) {
  if (element == nullptr) return std::optional<Reference>();
  if (!element->IsObject()) return Malformed(path, "expected a Reference object");
  Reference reference;
  reference.reference = std::string(StringOr(*element, "reference"));
  reference.display = std::string(StringOr(*element, "display"));
  return std::optional<Reference>(std::move(reference));
}

Result<std::optional<FhirDate>> ReadDate(const rapidjson::Value* element, const std::string& path) {
  if (element == nullptr) return std::optional<FhirDate>();
  if (!element->IsString()) return Malformed(path, "expected a date string, got " + Excerpt(*element));
  auto date = ParseFhirDate(std::string_view(element->GetString(), element->GetStringLength()));
  if (!date.ok()) return Malformed(path, date.error().message);
  return std::optional<FhirDate>(*date);
}

std::string ReferenceId(std::string_view reference, std::string_view type) {
  size_t history = reference.find("/_history/");
  if (history != std::string_view::npos) reference = reference.substr(0, history);
  std::string needle = std::string(type) + "/";
  size_t pos = reference.rfind(needle);
  if (pos == std::string_view::npos) return "";
  if (pos != 0 && reference[pos - 1] != '/') return "";
  std::string_view id = reference.substr(pos + needle.size());
  if (id.empty() || id.find('/') != std::string_view::npos) return "";
  return std::string(id);
}

bool IsReferenceable(std::string_view type) {
  return type == "Medication" || type == "Device" || type == "Substance";
}

std::optional<ReferenceTarget> ReferenceableTarget(std::string_view reference) {
  for (const char* type : {"Medication", "Device", "Substance"}) {
    std::string id = ReferenceId(reference, type);
    if (!id.empty()) return ReferenceTarget{type, std::move(id)};
  }
  return std::nullopt;
}

}  // namespace als::fhir
