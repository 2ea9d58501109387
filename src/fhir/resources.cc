#include "als/fhir/resources.h"

namespace als::fhir {
namespace {

Error Missing(const ElementPath& path) {
  return MakeError(ErrorCode::kInvalidData, path.ToString(), "missing (required to use this resource)");
}

std::string_view StatusCode(const ResourceView& view, const char* element) {
  auto concept_value = view.Concept(element);
  if (!concept_value.ok() || !concept_value->has_value()) return "";
  for (const CodingView& coding : (*concept_value)->codings) {
    if (!coding.code.empty()) return coding.code;
  }
  return "";
}

// A required CodeableConcept: an error when missing.
Result<ConceptView> RequiredConcept(const ResourceView& view, const char* element) {
  ALS_ASSIGN_OR_RETURN(auto concept_value, view.Concept(element));
  if (!concept_value) return Missing(view.Root().Member(element));
  return std::move(*concept_value);
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

Result<ObservationValue> ReadValue(const rapidjson::Value& holder, const ElementPath& path) {
  ObservationValue value;
  static constexpr std::string_view kSuffixes[] = {"Quantity", "CodeableConcept", "Integer", "Boolean",
                                                   "String"};
  const rapidjson::Value* found[5];
  ChoiceMembers(holder, "value", kSuffixes, found);
  const auto& [quantity, concept_value, integer, boolean, text] = found;
  if (quantity != nullptr) {
    ALS_ASSIGN_OR_RETURN(value.quantity, ReadQuantity(quantity, path.Member("valueQuantity")));
  }
  if (concept_value != nullptr) {
    ALS_ASSIGN_OR_RETURN(value.concept_value, ReadCodeableConcept(concept_value, path.Member("valueCodeableConcept")));
  }
  if (integer != nullptr) {
    if (!integer->IsInt()) {
      return MakeError(ErrorCode::kInvalidData, path.Member("valueInteger").ToString(),
                       "expected an integer, got " + Excerpt(*integer));
    }
    QuantityView as_quantity;
    as_quantity.value = integer->GetInt();
    value.quantity = as_quantity;
  }
  if (boolean != nullptr) {
    if (!boolean->IsBool()) {
      return MakeError(ErrorCode::kInvalidData, path.Member("valueBoolean").ToString(), "expected true or false");
    }
    value.boolean = boolean->GetBool();
  }
  if (text != nullptr && text->IsString()) value.string = std::string_view(text->GetString(), text->GetStringLength());
  return value;
}

}  // namespace

std::string ResourceView::Key() const {
  std::string key;
  KeyInto(&key);
  return key;
}

void ResourceView::KeyInto(std::string* key) const {
  std::string_view type = this->type();
  std::string_view id = this->id();
  key->assign(type.empty() ? "(no resourceType)" : type);
  *key += '/';
  *key += id.empty() ? "(no id)" : id;
}

Result<std::optional<ConceptView>> ResourceView::Concept(const char* element) const {
  return ReadCodeableConcept(Get(element), Root().Member(element));
}

Result<std::optional<Reference>> ResourceView::Ref(const char* element) const {
  return ReadReference(Get(element), Root().Member(element));
}

Result<std::optional<FhirDate>> ResourceView::Date(const char* element) const {
  return ReadDate(Get(element), Root().Member(element));
}

Result<std::optional<FhirDate>> ResourceView::DateChoice(std::string_view prefix) const {
  static constexpr std::string_view kSuffixes[] = {"DateTime", "Instant", "Date", "Period"};
  const rapidjson::Value* found[4];
  ChoiceMembers(*json_, prefix, kSuffixes, found);
  ElementPath root = Root();
  for (size_t i = 0; i < 3; ++i) {
    if (found[i] != nullptr) return ReadDate(found[i], root.Choice(prefix, kSuffixes[i]));
  }
  if (const rapidjson::Value* period = found[3]) {
    ElementPath period_path = root.Choice(prefix, kSuffixes[3]);
    if (!period->IsObject()) {
      return MakeError(ErrorCode::kInvalidData, period_path.ToString(), "expected a Period object");
    }
    ALS_ASSIGN_OR_RETURN(auto end, ReadDate(Member(*period, "end"), period_path.Member("end")));
    if (end) return end;
    return ReadDate(Member(*period, "start"), period_path.Member("start"));
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

Result<ConceptView> ObservationView::code() const { return RequiredConcept(*this, "code"); }

Result<ObservationValue> ObservationView::value() const {
  return ReadValue(json(), type().empty() ? ElementPath("Observation") : Root());
}

Result<std::vector<ObservationComponent>> ObservationView::components() const {
  std::vector<ObservationComponent> result;
  const rapidjson::Value* components = Get("component");
  if (components == nullptr) return result;
  ElementPath root = Root();
  if (!components->IsArray()) {
    return MakeError(ErrorCode::kInvalidData, root.Member("component").ToString(), "expected an array");
  }
  result.reserve(components->Size());
  for (rapidjson::SizeType i = 0; i < components->Size(); ++i) {
    ElementPath path = root.Member("component", i);
    const rapidjson::Value& component = (*components)[i];
    ALS_ASSIGN_OR_RETURN(auto code, ReadCodeableConcept(Member(component, "code"), path.Member("code")));
    if (!code) return Missing(path.Member("code"));
    ALS_ASSIGN_OR_RETURN(ObservationValue value, ReadValue(component, path));
    result.push_back({std::move(*code), std::move(value), i});
  }
  return result;
}

Result<std::optional<QuantityView>> ObservationView::reference_range_high() const {
  const rapidjson::Value* ranges = Get("referenceRange");
  if (ranges == nullptr || !ranges->IsArray() || ranges->Empty()) return std::optional<QuantityView>();
  ElementPath root = Root();
  return ReadQuantity(Member((*ranges)[0], "high"), root.Member("referenceRange", 0).Member("high"));
}

Result<ConceptView> ConditionView::code() const { return RequiredConcept(*this, "code"); }

std::string_view ConditionView::clinical_status() const { return StatusCode(*this, "clinicalStatus"); }
std::string_view ConditionView::verification_status() const { return StatusCode(*this, "verificationStatus"); }
std::string_view AllergyIntoleranceView::clinical_status() const { return StatusCode(*this, "clinicalStatus"); }
std::string_view AllergyIntoleranceView::verification_status() const {
  return StatusCode(*this, "verificationStatus");
}

Result<std::vector<ConceptView>> AllergyIntoleranceView::substances() const {
  std::vector<ConceptView> result;
  ALS_ASSIGN_OR_RETURN(auto code, Concept("code"));
  if (code) result.push_back(std::move(*code));
  if (const rapidjson::Value* reactions = Get("reaction"); reactions && reactions->IsArray()) {
    ElementPath root = Root();
    for (rapidjson::SizeType i = 0; i < reactions->Size(); ++i) {
      ALS_ASSIGN_OR_RETURN(auto substance, ReadCodeableConcept(Member((*reactions)[i], "substance"),
                                                               root.Member("reaction", i).Member("substance")));
      if (substance) result.push_back(std::move(*substance));
    }
  }
  if (result.empty()) return Missing(Root().Member("code"));
  return result;
}

Result<MedicationChoice> MedicationUseView::medication() const {
  MedicationChoice choice;
  ALS_ASSIGN_OR_RETURN(choice.concept_value, Concept("medicationCodeableConcept"));
  ALS_ASSIGN_OR_RETURN(auto reference, Ref("medicationReference"));
  if (reference) choice.reference = reference->reference;
  if (!choice.concept_value && choice.reference.empty()) {
    return Missing(Root().Member("medication[x]"));
  }
  return choice;
}

Result<std::optional<Dosage>> MedicationUseView::dosage() const {
  ElementPath root = Root();
  const rapidjson::Value* holder = nullptr;
  std::optional<ElementPath> path;
  if (const rapidjson::Value* list = Get("dosageInstruction"); list && list->IsArray() && !list->Empty()) {
    holder = &(*list)[0];
    path = root.Member("dosageInstruction", 0);
  } else if (const rapidjson::Value* statement = Get("dosage"); statement && statement->IsArray() &&
                                                                 !statement->Empty()) {
    holder = &(*statement)[0];
    path = root.Member("dosage", 0);
  } else if (statement && statement->IsObject()) {
    holder = statement;  // MedicationAdministration.dosage
    path = root.Member("dosage");
  }
  if (holder == nullptr) return std::optional<Dosage>();
  Dosage dosage;
  dosage.text = StringOr(*holder, "text");
  ALS_ASSIGN_OR_RETURN(dosage.route, ReadCodeableConcept(Member(*holder, "route"), path->Member("route")));
  if (const rapidjson::Value* rates = Member(*holder, "doseAndRate"); rates && rates->IsArray() && !rates->Empty()) {
    ALS_ASSIGN_OR_RETURN(dosage.dose, ReadQuantity(Member((*rates)[0], "doseQuantity"),
                                                   path->Member("doseAndRate", 0).Member("doseQuantity")));
  }
  if (!dosage.dose) {
    ALS_ASSIGN_OR_RETURN(dosage.dose, ReadQuantity(Member(*holder, "dose"), path->Member("dose")));
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

Result<std::vector<ConceptView>> MedicationView::ingredients() const {
  std::vector<ConceptView> result;
  const rapidjson::Value* list = Get("ingredient");
  if (list == nullptr || !list->IsArray()) return result;
  ElementPath root = Root();
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    ALS_ASSIGN_OR_RETURN(auto item, ReadCodeableConcept(Member((*list)[i], "itemCodeableConcept"),
                                                        root.Member("ingredient", i).Member("itemCodeableConcept")));
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
