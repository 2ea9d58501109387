#include "als/fhir/resources.h"

namespace als::fhir {
namespace {

Error Missing(const std::string& path) {
  return MakeError(ErrorCode::kInvalidData, path, "missing (required to use this resource)");
}

std::string StatusCode(const ResourceView& view, const char* element) {
  auto concept_value = view.Concept(element);
  if (!concept_value.ok() || !concept_value->has_value()) return "";
  for (const Coding& coding : (*concept_value)->codings) {
    if (!coding.code.empty()) return coding.code;
  }
  return "";
}

std::optional<double> PeriodInDays(double period, std::string_view unit) {
  if (unit == "s") return period / 86400.0;
  if (unit == "min") return period / 1440.0;
  if (unit == "h") return period / 24.0;
  if (unit == "d") return period;
  if (unit == "wk") return period * 7.0;
  if (unit == "mo") return period * 30.0;
  if (unit == "a") return period * 365.0;
  return std::nullopt;
}

Result<ObservationValue> ReadValue(const ResourceView& view, const rapidjson::Value& holder,
                                   const std::string& path) {
  ObservationValue value;
  static constexpr std::string_view kSuffixes[] = {"Quantity", "CodeableConcept", "Integer", "Boolean",
                                                   "String"};
  const rapidjson::Value* found[5];
  ChoiceMembers(holder, "value", kSuffixes, found);
  const auto& [quantity, concept_value, integer, boolean, text] = found;
  // Element paths are built only for elements present (they are for messages).
  if (quantity != nullptr) {
    ALS_ASSIGN_OR_RETURN(value.quantity, ReadQuantity(quantity, path + ".valueQuantity"));
  }
  if (concept_value != nullptr) {
    ALS_ASSIGN_OR_RETURN(value.concept_value,
                         ReadCodeableConcept(concept_value, path + ".valueCodeableConcept"));
  }
  if (integer != nullptr) {
    if (!integer->IsInt()) {
      return MakeError(ErrorCode::kInvalidData, path + ".valueInteger",
                       "expected an integer, got " + Excerpt(*integer));
    }
    Quantity as_quantity;
    as_quantity.value = integer->GetInt();
    value.quantity = as_quantity;
  }
  if (boolean != nullptr) {
    if (!boolean->IsBool()) {
      return MakeError(ErrorCode::kInvalidData, path + ".valueBoolean", "expected true or false");
    }
    value.boolean = boolean->GetBool();
  }
  if (text != nullptr && text->IsString()) value.string = std::string(text->GetString(), text->GetStringLength());
  (void)view;
  return value;
}

}  // namespace

std::string ResourceView::Key() const {
  std::string key(type().empty() ? "(no resourceType)" : type());
  key += "/";
  key += id().empty() ? "(no id)" : std::string(id());
  return key;
}

std::string ResourceView::Path(std::string_view element) const {
  std::string path(type());
  path += ".";
  path += element;
  return path;
}

Result<std::optional<CodeableConcept>> ResourceView::Concept(const char* element) const {
  return ReadCodeableConcept(Get(element), Path(element));
}

Result<std::optional<Reference>> ResourceView::Ref(const char* element) const {
  return ReadReference(Get(element), Path(element));
}

Result<std::optional<FhirDate>> ResourceView::Date(const char* element) const {
  return ReadDate(Get(element), Path(element));
}

Result<std::optional<FhirDate>> ResourceView::DateChoice(std::string_view prefix) const {
  static constexpr std::string_view kSuffixes[] = {"DateTime", "Instant", "Date", "Period"};
  const rapidjson::Value* found[4];
  ChoiceMembers(*json_, prefix, kSuffixes, found);
  auto path = [&](size_t i) { return Path(std::string(prefix) + std::string(kSuffixes[i])); };
  for (size_t i = 0; i < 3; ++i) {
    if (found[i] != nullptr) return ReadDate(found[i], path(i));
  }
  if (const rapidjson::Value* period = found[3]) {
    std::string period_path = path(3);
    if (!period->IsObject()) return MakeError(ErrorCode::kInvalidData, period_path, "expected a Period object");
    ALS_ASSIGN_OR_RETURN(auto end, ReadDate(Member(*period, "end"), period_path + ".end"));
    if (end) return end;
    return ReadDate(Member(*period, "start"), period_path + ".start");
  }
  return std::optional<FhirDate>();
}

const rapidjson::Value* ResourceView::Contained(std::string_view local_reference) const {
  if (local_reference.size() < 2 || local_reference[0] != '#') return nullptr;
  const rapidjson::Value* contained = Get("contained");
  if (contained == nullptr || !contained->IsArray()) return nullptr;
  for (const auto& resource : contained->GetArray()) {
    if (StringOr(resource, "id") == local_reference.substr(1)) return &resource;
  }
  return nullptr;
}

Result<CodeableConcept> ObservationView::code() const {
  ALS_ASSIGN_OR_RETURN(auto code, Concept("code"));
  if (!code) return Missing(Path("code"));
  return std::move(*code);
}

Result<ObservationValue> ObservationView::value() const { return ReadValue(*this, json(), type().empty() ? "Observation" : std::string(type())); }

Result<std::vector<ObservationComponent>> ObservationView::components() const {
  std::vector<ObservationComponent> result;
  const rapidjson::Value* components = Get("component");
  if (components == nullptr) return result;
  if (!components->IsArray()) return MakeError(ErrorCode::kInvalidData, Path("component"), "expected an array");
  for (rapidjson::SizeType i = 0; i < components->Size(); ++i) {
    std::string path = Path("component[" + std::to_string(i) + "]");
    const rapidjson::Value& component = (*components)[i];
    ALS_ASSIGN_OR_RETURN(auto code, ReadCodeableConcept(Member(component, "code"), path + ".code"));
    if (!code) return Missing(path + ".code");
    ALS_ASSIGN_OR_RETURN(ObservationValue value, ReadValue(*this, component, path));
    result.push_back({std::move(*code), std::move(value), std::move(path)});
  }
  return result;
}

Result<std::optional<Quantity>> ObservationView::reference_range_high() const {
  const rapidjson::Value* ranges = Get("referenceRange");
  if (ranges == nullptr || !ranges->IsArray() || ranges->Empty()) return std::optional<Quantity>();
  return ReadQuantity(Member((*ranges)[0], "high"), Path("referenceRange[0].high"));
}

Result<CodeableConcept> ConditionView::code() const {
  ALS_ASSIGN_OR_RETURN(auto code, Concept("code"));
  if (!code) return Missing(Path("code"));
  return std::move(*code);
}

std::string ConditionView::clinical_status() const { return StatusCode(*this, "clinicalStatus"); }
std::string ConditionView::verification_status() const { return StatusCode(*this, "verificationStatus"); }
std::string AllergyIntoleranceView::clinical_status() const { return StatusCode(*this, "clinicalStatus"); }
std::string AllergyIntoleranceView::verification_status() const {
  return StatusCode(*this, "verificationStatus");
}

Result<std::vector<CodeableConcept>> AllergyIntoleranceView::substances() const {
  std::vector<CodeableConcept> result;
  ALS_ASSIGN_OR_RETURN(auto code, Concept("code"));
  if (code) result.push_back(std::move(*code));
  if (const rapidjson::Value* reactions = Get("reaction"); reactions && reactions->IsArray()) {
    for (rapidjson::SizeType i = 0; i < reactions->Size(); ++i) {
      ALS_ASSIGN_OR_RETURN(auto substance,
                           ReadCodeableConcept(Member((*reactions)[i], "substance"),
                                               Path("reaction[" + std::to_string(i) + "].substance")));
      if (substance) result.push_back(std::move(*substance));
    }
  }
  if (result.empty()) return Missing(Path("code"));
  return result;
}

Result<MedicationChoice> MedicationUseView::medication() const {
  MedicationChoice choice;
  ALS_ASSIGN_OR_RETURN(choice.concept_value, Concept("medicationCodeableConcept"));
  ALS_ASSIGN_OR_RETURN(auto reference, Ref("medicationReference"));
  if (reference) choice.reference = reference->reference;
  if (!choice.concept_value && choice.reference.empty()) {
    return Missing(Path("medication[x]"));
  }
  return choice;
}

Result<std::optional<Dosage>> MedicationUseView::dosage() const {
  const rapidjson::Value* holder = nullptr;
  std::string path;
  if (const rapidjson::Value* list = Get("dosageInstruction"); list && list->IsArray() && !list->Empty()) {
    holder = &(*list)[0];
    path = Path("dosageInstruction[0]");
  } else if (const rapidjson::Value* statement = Get("dosage"); statement && statement->IsArray() &&
                                                                 !statement->Empty()) {
    holder = &(*statement)[0];
    path = Path("dosage[0]");
  } else if (statement && statement->IsObject()) {
    holder = statement;  // MedicationAdministration.dosage
    path = Path("dosage");
  }
  if (holder == nullptr) return std::optional<Dosage>();
  Dosage dosage;
  dosage.text = std::string(StringOr(*holder, "text"));
  ALS_ASSIGN_OR_RETURN(dosage.route, ReadCodeableConcept(Member(*holder, "route"), path + ".route"));
  if (const rapidjson::Value* rates = Member(*holder, "doseAndRate"); rates && rates->IsArray() && !rates->Empty()) {
    ALS_ASSIGN_OR_RETURN(dosage.dose, ReadQuantity(Member((*rates)[0], "doseQuantity"),
                                                   path + ".doseAndRate[0].doseQuantity"));
  }
  if (!dosage.dose) {
    ALS_ASSIGN_OR_RETURN(dosage.dose, ReadQuantity(Member(*holder, "dose"), path + ".dose"));
  }
  if (const rapidjson::Value* timing = Member(*holder, "timing")) {
    if (const rapidjson::Value* repeat = Member(*timing, "repeat")) {
      if (const rapidjson::Value* frequency = Member(*repeat, "frequency"); frequency && frequency->IsNumber())
        dosage.frequency = frequency->GetDouble();
      const rapidjson::Value* period = Member(*repeat, "period");
      if (period && period->IsNumber()) {
        dosage.period_days = PeriodInDays(period->GetDouble(), StringOr(*repeat, "periodUnit"));
      }
      const rapidjson::Value* duration = Member(*repeat, "duration");
      if (duration && duration->IsNumber()) {
        std::string_view unit = StringOr(*repeat, "durationUnit");
        if (auto days = PeriodInDays(duration->GetDouble(), unit)) dosage.infusion_minutes = *days * 1440.0;
      }
    }
  }
  return std::optional<Dosage>(std::move(dosage));
}

Result<std::vector<CodeableConcept>> MedicationView::ingredients() const {
  std::vector<CodeableConcept> result;
  const rapidjson::Value* list = Get("ingredient");
  if (list == nullptr || !list->IsArray()) return result;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    ALS_ASSIGN_OR_RETURN(auto item, ReadCodeableConcept(Member((*list)[i], "itemCodeableConcept"),
                                                        Path("ingredient[" + std::to_string(i) + "].itemCodeableConcept")));
    if (item) result.push_back(std::move(*item));
  }
  return result;
}

std::string BundleLink(const rapidjson::Value& bundle, std::string_view relation) {
  const rapidjson::Value* links = Member(bundle, "link");
  if (links == nullptr || !links->IsArray()) return "";
  for (const rapidjson::Value& link : links->GetArray()) {
    if (StringOr(link, "relation") == relation) return std::string(StringOr(link, "url"));
  }
  return "";
}

}  // namespace als::fhir
