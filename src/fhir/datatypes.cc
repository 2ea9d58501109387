#include "als/fhir/datatypes.h"

#include <cmath>

#include "als/fhir/json.h"

namespace als::fhir {
namespace {

Error Malformed(const ElementPath& path, const std::string& what) {
  return MakeError(ErrorCode::kInvalidData, path.ToString(), what);
}

// The members of `object` with these names, found in one pass over its members
// (cheaper than a lookup each): found[i] is the first of that name, or nullptr.
template <size_t N>
void NamedMembers(const rapidjson::Value& object, const std::string_view (&names)[N],
                  const rapidjson::Value* (&found)[N]) {
  ChoiceMembers(object, "", names, found);  // a choice element without prefix
}

// `path` is the CodeableConcept's; the coding's own is built only for an error.
Result<CodingView> ReadCoding(const rapidjson::Value& element, const ElementPath& path, rapidjson::SizeType index) {
  if (!element.IsObject()) return Malformed(path.Member("coding", index), "expected a Coding object");
  static constexpr std::string_view kMembers[] = {"system", "code", "display"};
  const rapidjson::Value* found[3];
  NamedMembers(element, kMembers, found);
  const auto& [system, code, display] = found;
  return CodingView(StringOr(system), StringOr(code), StringOr(display));
}

// Label() of a concept, owned (Coding) or viewed (CodingView).
template <typename Codings>
std::string ConceptLabel(std::string_view text, const Codings& codings) {
  if (!text.empty()) return std::string(text);
  for (const auto& coding : codings) {
    if (!coding.display.empty()) return std::string(coding.display);
  }
  if (!codings.empty()) return std::string(codings.front().system) + "|" + std::string(codings.front().code);
  return "(no code)";
}

}  // namespace

bool CodeableConcept::HasCode(std::string_view system, std::string_view code) const {
  for (const Coding& coding : codings) {
    if (coding.system == system && coding.code == code) return true;
  }
  return false;
}

std::string CodeableConcept::Label() const { return ConceptLabel(text, codings); }

std::string_view Quantity::UnitKey() const { return QuantityView(*this).UnitKey(); }

ConceptView::ConceptView(const CodeableConcept& concept_value) : text(concept_value.text) {
  codings.assign(concept_value.codings.begin(), concept_value.codings.end());
}

std::string ConceptView::Label() const { return ConceptLabel(text, codings); }

QuantityView::QuantityView(const Quantity& quantity)
    : value(quantity.value),
      unit(quantity.unit),
      system(quantity.system),
      code(quantity.code),
      comparator(quantity.comparator) {}

std::string_view QuantityView::UnitKey() const {
  if (!code.empty() && (system.empty() || system == kUcumSystem)) return code;
  return unit;
}

std::string ElementPath::ToString() const {
  std::string path;
  AppendTo(&path);
  return path;
}

void ElementPath::AppendTo(std::string* out) const {
  if (parent_ != nullptr) {
    parent_->AppendTo(out);
    *out += '.';
  }
  *out += name_;
  *out += type_;
  if (index_ != kNoIndex) *out += "[" + std::to_string(index_) + "]";
}

Result<std::optional<ConceptView>> ReadCodeableConcept(const rapidjson::Value* element, const ElementPath& path) {
  if (element == nullptr) return std::optional<ConceptView>();
  if (!element->IsObject()) return Malformed(path, "expected a CodeableConcept object");
  static constexpr std::string_view kMembers[] = {"text", "coding"};
  const rapidjson::Value* found[2];
  NamedMembers(*element, kMembers, found);
  const auto& [text, codings] = found;
  ConceptView concept_value;
  concept_value.text = StringOr(text);
  if (codings != nullptr) {
    if (!codings->IsArray()) return Malformed(path.Member("coding"), "expected an array");
    concept_value.codings.reserve(codings->Size());
    for (rapidjson::SizeType i = 0; i < codings->Size(); ++i) {
      ALS_ASSIGN_OR_RETURN(CodingView coding, ReadCoding((*codings)[i], path, i));
      concept_value.codings.push_back(coding);
    }
  }
  return std::optional<ConceptView>(std::move(concept_value));
}

Result<std::optional<QuantityView>> ReadQuantity(const rapidjson::Value* element, const ElementPath& path) {
  if (element == nullptr) return std::optional<QuantityView>();
  if (!element->IsObject()) return Malformed(path, "expected a Quantity object");
  static constexpr std::string_view kMembers[] = {"value", "unit", "system", "code", "comparator"};
  const rapidjson::Value* found[5];
  NamedMembers(*element, kMembers, found);
  const auto& [value, unit, system, code, comparator] = found;
  if (value == nullptr) return Malformed(path.Member("value"), "missing");
  if (!value->IsNumber()) return Malformed(path.Member("value"), "expected a number, got " + Excerpt(*value));
  QuantityView quantity;
  quantity.value = value->GetDouble();
  if (!std::isfinite(quantity.value)) return Malformed(path.Member("value"), "not a finite number");
  quantity.unit = StringOr(unit);
  quantity.system = StringOr(system);
  quantity.code = StringOr(code);
  quantity.comparator = StringOr(comparator);
  return std::optional<QuantityView>(quantity);
}

Result<std::optional<Reference>> ReadReference(const rapidjson::Value* element, const ElementPath& path) {
  if (element == nullptr) return std::optional<Reference>();
  if (!element->IsObject()) return Malformed(path, "expected a Reference object");
  Reference reference;
  reference.reference = std::string(StringOr(*element, "reference"));
  reference.display = std::string(StringOr(*element, "display"));
  return std::optional<Reference>(std::move(reference));
}

Result<std::optional<FhirDate>> ReadDate(const rapidjson::Value* element, const ElementPath& path) {
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
