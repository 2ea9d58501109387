#include "als/model/record_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "als/fhir/resources.h"
#include "als/terminology/units.h"

namespace als::model {
namespace {

using fhir::ConceptView;
using fhir::ElementPath;
using fhir::ResourceView;
using terminology::ConceptSet;

void Merge(ConceptSet& into, const ConceptSet& more) {
  for (const std::string& id : more) {
    auto it = std::lower_bound(into.begin(), into.end(), id);
    if (it == into.end() || *it != id) into.insert(it, id);
  }
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

bool OneOf(std::string_view value, const std::vector<std::string_view>& options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

// How a resource type without special handling becomes an Entry.
struct EntrySpec {
  std::string_view type;
  EntryKind kind;
  std::vector<const char*> concept_elements;  // CodeableConcept or arrays of them
  std::vector<const char*> value_elements;    // coded results
  std::vector<std::string> date_elements;     // tried in order; "x[x]" = choice, "x" = date or Period
  std::vector<std::string_view> active_statuses;
  std::vector<std::string_view> completed_statuses;
  std::vector<std::string_view> refused_statuses;
  std::vector<const char*> reason_elements;
};

const std::vector<EntrySpec>& EntrySpecs() {
  static const std::vector<EntrySpec> kSpecs = {
      {"Procedure", EntryKind::kProcedure, {"code", "category"}, {}, {"performed[x]"},
       {"preparation", "in-progress", "on-hold"}, {"completed"}, {"not-done"}, {"statusReason", "reasonCode"}},
      {"ServiceRequest", EntryKind::kServiceRequest, {"code", "performerType"}, {}, {"authoredOn", "occurrence[x]"},
       {"draft", "active", "on-hold"}, {"completed"}, {}, {"reasonCode"}},
      {"DeviceRequest", EntryKind::kDeviceRequest, {"codeCodeableConcept"}, {}, {"authoredOn", "occurrence[x]"},
       {"draft", "active", "on-hold"}, {"completed"}, {}, {"reasonCode"}},
      {"DeviceUseStatement", EntryKind::kDeviceUse, {}, {}, {"timing[x]", "recordedOn"},
       {"active", "on-hold"}, {"completed"}, {}, {"reasonCode"}},
      {"Encounter", EntryKind::kEncounter, {"type", "serviceType"}, {}, {"period"},
       {"arrived", "triaged", "in-progress", "onleave"}, {"finished"}, {}, {"reasonCode"}},
      {"Consent", EntryKind::kConsent, {"scope", "category"}, {}, {"dateTime"}, {"active"}, {}, {}, {}},
      {"DocumentReference", EntryKind::kDocument, {"type", "category"}, {}, {"date"}, {"current"}, {}, {}, {}},
      {"FamilyMemberHistory", EntryKind::kFamilyHistory, {"condition.code"}, {}, {"date"},
       {"completed", "partial", "health-unknown"}, {}, {}, {}},
      {"RelatedPerson", EntryKind::kRelatedPerson, {"relationship"}, {}, {"period"}, {}, {}, {}, {}},
      {"QuestionnaireResponse", EntryKind::kQuestionnaireResponse, {}, {}, {"authored"},
       {"completed", "amended"}, {"completed", "amended"}, {}, {}},
      {"DiagnosticReport", EntryKind::kDiagnosticReport, {"code"}, {"conclusionCode"}, {"effective[x]", "issued"},
       {"final", "amended", "corrected", "appended"}, {}, {}, {}},
      {"Communication", EntryKind::kCommunication, {"category", "topic", "reasonCode"}, {}, {"sent", "received"},
       {"completed"}, {"completed"}, {"not-done"}, {"statusReason"}},
      {"CarePlan", EntryKind::kCarePlan, {"category", "activity.detail.code"}, {}, {"period", "created"},
       {"draft", "active", "on-hold"}, {"completed"}, {}, {}},
      {"Goal", EntryKind::kGoal, {"description", "category"}, {}, {"start[x]"},
       {"proposed", "planned", "accepted", "active"}, {"completed"}, {"rejected"}, {}},
  };
  return kSpecs;
}

// The codes a resource's element carries, following one level of dotted path
// through arrays ("condition.code", "activity.detail.code").
void CollectConcepts(const rapidjson::Value& holder, std::string_view path, const ElementPath& where,
                     std::vector<ConceptView>* out, std::vector<std::string>* problems) {
  size_t dot = path.find('.');
  std::string head(path.substr(0, dot));
  const rapidjson::Value* element = fhir::Member(holder, head.c_str());
  if (element == nullptr) return;
  auto visit = [&](const rapidjson::Value& item, const ElementPath& item_where) {
    if (dot != std::string_view::npos) {
      CollectConcepts(item, path.substr(dot + 1), item_where, out, problems);
      return;
    }
    auto concept_value = fhir::ReadCodeableConcept(&item, item_where);
    if (!concept_value.ok()) {
      problems->push_back(concept_value.error().ToString());
    } else if (*concept_value) {
      out->push_back(std::move(**concept_value));
    }
  };
  if (element->IsArray()) {
    for (rapidjson::SizeType i = 0; i < element->Size(); ++i) visit((*element)[i], where.Member(head, i));
  } else {
    visit(*element, where.Member(head));
  }
}

class Builder {
 public:
  Builder(const std::string& patient_id, const terminology::Terminology& terminology,
          const ResourceResolver* resolver, const AssemblyOptions& options)
      : terminology_(terminology), resolver_(resolver), options_(options) {
    record_.patient_id = patient_id;
  }

  void Add(const SourcedResource& resource) {
    origin_ = resource.origin;
    const rapidjson::Value& json = *resource.json;
    ResourceView view(json);
    view.KeyInto(&current_key_);
    std::string_view type = view.type();
    if (type == "Patient") return AddPatient(view);
    if (type == "Condition") return AddCondition(fhir::ConditionView(json));
    if (type == "Observation") return AddObservation(fhir::ObservationView(json));
    if (type == "AllergyIntolerance") return AddAllergy(fhir::AllergyIntoleranceView(json));
    if (type == "MedicationRequest") return AddMedication(fhir::MedicationUseView(json), MedicationSource::kRequest);
    if (type == "MedicationStatement") return AddMedication(fhir::MedicationUseView(json), MedicationSource::kStatement);
    if (type == "MedicationAdministration")
      return AddMedication(fhir::MedicationUseView(json), MedicationSource::kAdministration);
    if ((type == "CarePlan" || type == "Flag") && AddAdapterOutput(view)) return;
    for (const EntrySpec& spec : EntrySpecs()) {
      if (spec.type == type) return AddEntry(view, spec);
    }
    // Other types (Practitioner, Organization, Provenance, ...) carry nothing the rules read.
  }

  PatientRecord Finish() {
    ComputeFvcFromVolumes();
    ComputeBmi();
    for (auto& [measure, samples] : record_.series) {
      std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) {
        return a.day != b.day ? a.day < b.day : a.source < b.source;
      });
    }
    std::sort(record_.entries.begin(), record_.entries.end(), [](const Entry& a, const Entry& b) {
      Day a_day = a.day.value_or(0), b_day = b.day.value_or(0);
      return a_day != b_day ? a_day < b_day : a.source < b.source;
    });
    std::sort(record_.medications.begin(), record_.medications.end(),
              [](const MedicationUse& a, const MedicationUse& b) { return a.source < b.source; });
    return std::move(record_);
  }

 private:
  std::string Where() const { return origin_.empty() ? current_key_ : current_key_ + " (" + origin_ + ")"; }

  void Issue(const std::string& message, const ConceptSet& concepts = {}) {
    record_.issues.push_back({Where(), message, concepts});
  }

  ConceptSet ConceptsOf(const ConceptView& concept_value, bool medication = false) const {
    return terminology_.ConceptsOf(concept_value, medication);
  }

  // False (and an issue) for a date after the evaluation day.
  bool NotInFuture(const std::optional<fhir::FhirDate>& date, const ConceptSet& concepts) {
    if (!date || date->day <= options_.now) return true;
    Issue("dated " + fhir::FormatDay(date->day) + ", after the evaluation date " + fhir::FormatDay(options_.now) +
              ": not used",
          concepts);
    return false;
  }

  void AddPatient(const ResourceView& view) {
    auto birth = fhir::PatientView(view.json()).birth_date();
    if (!birth.ok()) return Issue(birth.error().ToString());
    if (*birth) record_.birth_date = (*birth)->day;
  }

  void AddCondition(const fhir::ConditionView& view) {
    std::string_view verification = view.verification_status();
    if (OneOf(verification, {"entered-in-error", "refuted"})) return;
    auto code = view.code();
    if (!code.ok()) return Issue(code.error().ToString());
    ConceptSet concepts = ConceptsOf(*code);
    if (concepts.empty()) return;
    auto onset = view.onset();
    auto recorded = view.recorded_date();
    auto abatement = view.abatement();
    for (auto* date : {&onset, &recorded, &abatement}) {
      if (!date->ok()) return Issue(date->error().ToString(), concepts);
    }
    std::optional<fhir::FhirDate> when = *onset ? *onset : *recorded;
    if (!NotInFuture(when, concepts)) return;
    std::string_view clinical = view.clinical_status();
    bool clinically_active = clinical.empty() || OneOf(clinical, {"active", "recurrence", "relapse"});
    Entry entry;
    entry.kind = EntryKind::kCondition;
    entry.concepts = concepts;
    entry.status = std::string(clinical);
    if (when) entry.day = when->day;
    if (*abatement) entry.end_day = (**abatement).day;
    if (*recorded) entry.recorded_day = (**recorded).day;
    entry.active = clinically_active && !OneOf(verification, {"provisional", "differential"});
    entry.source = current_key_;
    entry.label = code->Label();

    if (terminology::Contains(concepts, "als")) {
      if (clinical == "active" && verification == "confirmed") {
        Day dx_day = when ? when->day : options_.now;
        if (!record_.has_als_diagnosis || !record_.dx_date || dx_day < *record_.dx_date) {
          record_.dx_date = when ? std::optional<Day>(when->day) : std::nullopt;
          record_.dx_source = current_key_;
        }
        record_.has_als_diagnosis = true;
      } else if (entry.active) {
        Issue("ALS Condition with clinicalStatus '" + std::string(clinical) + "' and verificationStatus '" +
                  std::string(verification) + "': only an active, confirmed ALS diagnosis counts (rules.md ALS_DX)",
              concepts);
      }
    }
    record_.entries.push_back(std::move(entry));
  }

  // The first of AllMeasures() whose concept is among `concepts`.
  static const MeasureInfo* MeasureFor(const ConceptSet& concepts) {
    static const std::unordered_map<std::string_view, const MeasureInfo*> kByConcept = [] {
      std::unordered_map<std::string_view, const MeasureInfo*> by_concept;
      for (const MeasureInfo& info : AllMeasures()) by_concept.emplace(info.concept_id, &info);
      return by_concept;
    }();
    const MeasureInfo* first = nullptr;
    for (const std::string& concept_id : concepts) {
      auto it = kByConcept.find(concept_id);
      if (it != kByConcept.end() && (first == nullptr || it->second < first)) first = it->second;
    }
    if (first != nullptr) return first;
    // VC % predicted (LOINC 98088-8) is accepted as FVC_PCT (rules.md 0.4).
    if (terminology::Contains(concepts, "vc-percent-predicted")) return &InfoOf(Measure::kFvcPercent);
    return nullptr;
  }

  // Adds a numeric sample; false (with an issue) when the value cannot be used.
  bool AddSample(const MeasureInfo& info, const fhir::ObservationValue& value, const ConceptSet& concepts,
                 Day day, const ElementPath& path, const std::optional<fhir::QuantityView>& high) {
    if (!value.quantity) {
      Issue(path.ToString() + ".value[x]: expected a Quantity or integer for " + std::string(info.label), concepts);
      return false;
    }
    auto converted = terminology::ConvertToUnit(*value.quantity, info.unit);
    if (!converted.ok()) {
      Issue(path.ToString() + ".valueQuantity: " + converted.error().message, concepts);
      return false;
    }
    Sample sample;
    sample.day = day;
    sample.value = *converted;
    if (info.measure == Measure::kMip || info.measure == Measure::kSnip) sample.value = std::fabs(sample.value);
    sample.source = current_key_;
    if (high) {
      auto limit = terminology::ConvertToUnit(*high, info.unit);
      if (limit.ok()) {
        sample.upper_limit = *limit;
      } else {
        Issue(path.ToString() + ".referenceRange[0].high: " + limit.error().message +
                  "; the configured default is used",
              concepts);
      }
    }
    record_.series[info.measure].push_back(std::move(sample));
    return true;
  }

  void AddObservation(const fhir::ObservationView& view) {
    if (!OneOf(view.status(), {"final", "amended", "corrected"})) return;
    auto code = view.code();
    if (!code.ok()) return Issue(code.error().ToString());
    ConceptSet concepts = ConceptsOf(*code);
    auto components = view.components();
    if (!components.ok()) return Issue(components.error().ToString(), concepts);
    ConceptSet component_concepts;
    std::vector<std::pair<ConceptSet, const fhir::ObservationComponent*>> recognised_components;
    for (const auto& component : *components) {
      ConceptSet these = ConceptsOf(component.code);
      if (these.empty()) continue;
      Merge(component_concepts, these);
      recognised_components.emplace_back(std::move(these), &component);
    }
    if (concepts.empty() && component_concepts.empty()) return;  // nothing the rules read
    // Everything the observation means: its components' concepts and its own,
    // or just its own (not copied) when no component is recognised.
    if (!component_concepts.empty()) Merge(component_concepts, concepts);
    const ConceptSet& all = component_concepts.empty() ? concepts : component_concepts;

    auto effective = view.effective();
    if (!effective.ok()) return Issue(effective.error().ToString(), all);
    if (!*effective) return Issue("Observation.effective[x]: missing, so the result cannot be placed in time", all);
    if (!NotInFuture(*effective, all)) return;
    Day day = (*effective)->day;
    auto value = view.value();
    if (!value.ok()) return Issue(value.error().ToString(), all);
    auto high = view.reference_range_high();
    if (!high.ok()) return Issue(high.error().ToString(), all);

    bool numeric = false;
    const ElementPath observation("Observation");
    if (const MeasureInfo* info = MeasureFor(concepts)) {
      AddSample(*info, *value, concepts, day, observation, *high);
      numeric = true;
    } else if (IsVolume(concepts)) {
      AddVolume(concepts, *value, day, observation);
      numeric = true;
    }
    for (const auto& [these, component] : recognised_components) {
      if (const MeasureInfo* info = MeasureFor(these)) {
        AddSample(*info, component->value, these, day, component->Path(observation), std::nullopt);
        numeric = true;
      } else if (IsVolume(these)) {
        AddVolume(these, component->value, day, component->Path(observation));
        numeric = true;
      }
    }
    if (numeric && concepts.size() <= 1 && recognised_components.size() == components->size()) return;

    // A coded or boolean finding (symptom, genetic variant, screen result).
    Entry entry;
    entry.kind = EntryKind::kObservation;
    entry.concepts = all;
    entry.status = std::string(view.status());
    entry.day = day;
    entry.active = true;
    entry.completed = true;
    entry.source = current_key_;
    entry.label = code->Label();
    entry.value_boolean = value->boolean;
    if (value->concept_value) entry.value_concepts = ConceptsOf(*value->concept_value);
    for (const auto& component : *components) {
      if (component.value.concept_value) Merge(entry.value_concepts, ConceptsOf(*component.value.concept_value));
    }
    // Observation.interpretation is an array in R4 (a single object is accepted too).
    std::vector<ConceptView> interpretations;
    std::vector<std::string> interpretation_problems;
    CollectConcepts(view.json(), "interpretation", observation, &interpretations, &interpretation_problems);
    for (const ConceptView& interpretation : interpretations) Merge(entry.value_concepts, ConceptsOf(interpretation));
    record_.entries.push_back(std::move(entry));
  }

  static bool IsVolume(const ConceptSet& concepts) {
    return terminology::Contains(concepts, "fvc-volume") || terminology::Contains(concepts, "fvc-predicted-volume") ||
           terminology::Contains(concepts, "vc-volume") || terminology::Contains(concepts, "vc-predicted-volume");
  }

  void AddVolume(const ConceptSet& concepts, const fhir::ObservationValue& value, Day day, const ElementPath& path) {
    if (!value.quantity) return Issue(path.ToString() + ".value[x]: expected a volume Quantity", concepts);
    auto litres = terminology::ConvertToUnit(*value.quantity, "L");
    if (!litres.ok()) return Issue(path.ToString() + ".valueQuantity: " + litres.error().message, concepts);
    bool predicted = terminology::Contains(concepts, "fvc-predicted-volume") ||
                     terminology::Contains(concepts, "vc-predicted-volume");
    VolumePair& pair = volumes_[day];
    (predicted ? pair.predicted : pair.measured) = *litres;
    (predicted ? pair.predicted_source : pair.measured_source) = current_key_;
  }

  // FVC % predicted from measured and predicted litres on the same day, where
  // no percentage was recorded that day.
  void ComputeFvcFromVolumes() {
    std::vector<Sample>& fvc = record_.series[Measure::kFvcPercent];
    for (const auto& [day, pair] : volumes_) {
      if (!pair.measured || !pair.predicted || *pair.predicted <= 0) continue;
      bool recorded = std::any_of(fvc.begin(), fvc.end(), [day = day](const Sample& s) { return s.day == day; });
      if (recorded) continue;
      Sample sample;
      sample.day = day;
      sample.value = *pair.measured / *pair.predicted * 100.0;
      sample.source = pair.measured_source;
      sample.computed = true;
      fvc.push_back(sample);
    }
    if (fvc.empty()) record_.series.erase(Measure::kFvcPercent);
  }

  // BMI from weight and height on days with no recorded BMI (the latest height
  // on or before that day).
  void ComputeBmi() {
    auto weights = record_.series.find(Measure::kWeight);
    auto heights = record_.series.find(Measure::kHeight);
    if (weights == record_.series.end() || heights == record_.series.end()) return;
    std::vector<Sample>& bmi = record_.series[Measure::kBmi];
    for (const Sample& weight : weights->second) {
      if (std::any_of(bmi.begin(), bmi.end(), [&](const Sample& s) { return s.day == weight.day && !s.computed; }))
        continue;
      const Sample* height = nullptr;
      for (const Sample& h : heights->second) {
        if (h.day <= weight.day && (height == nullptr || h.day > height->day)) height = &h;
      }
      if (height == nullptr || height->value <= 0) continue;
      double metres = height->value / 100.0;
      Sample sample{weight.day, weight.value / (metres * metres), weight.source, std::nullopt, true};
      bmi.push_back(sample);
    }
    if (bmi.empty()) record_.series.erase(Measure::kBmi);
  }

  void AddAllergy(const fhir::AllergyIntoleranceView& view) {
    std::string_view verification = view.verification_status();
    if (OneOf(verification, {"entered-in-error", "refuted"})) return;
    auto substances = view.substances();
    if (!substances.ok()) return Issue(substances.error().ToString());
    ConceptSet concepts;
    std::string label;
    for (const ConceptView& substance : *substances) {
      Merge(concepts, ConceptsOf(substance, /*medication=*/true));
      if (label.empty()) label = substance.Label();
    }
    auto recorded = view.recorded_date();
    if (!recorded.ok()) return Issue(recorded.error().ToString(), concepts);
    Entry entry;
    entry.kind = EntryKind::kAllergy;
    entry.concepts = concepts;
    std::string_view clinical = view.clinical_status();
    entry.status = std::string(clinical);
    entry.active = clinical.empty() || clinical == "active";
    if (*recorded) entry.day = (*recorded)->day;
    entry.source = current_key_;
    entry.label = label;
    // Recorded even when no concept matched: "allergy status known" (R14) needs any entry.
    record_.entries.push_back(std::move(entry));
  }

  void AddMedication(const fhir::MedicationUseView& view, MedicationSource source_kind) {
    std::string status(view.status());
    if (status == "entered-in-error") return;
    auto choice = view.medication();
    if (!choice.ok()) return Issue(choice.error().ToString());
    ConceptSet ingredients;
    ConceptSet forms;
    std::string label;
    if (choice->concept_value) {
      ingredients = ConceptsOf(*choice->concept_value, /*medication=*/true);
      label = choice->concept_value->Label();
    }
    if (!choice->reference.empty()) {
      const rapidjson::Value* medication = view.Contained(choice->reference);
      if (medication == nullptr && choice->reference[0] != '#' && resolver_ != nullptr) {
        medication = resolver_->Resolve(choice->reference);
      }
      if (medication == nullptr) {
        return Issue(view.Path("medicationReference") + ": '" + choice->reference +
                     "' does not resolve to a Medication (not contained, not in the input, not on the server)");
      }
      fhir::MedicationView med(*medication);
      auto code = med.code();
      auto form = med.form();
      auto parts = med.ingredients();
      if (!code.ok()) return Issue(code.error().ToString());
      if (!form.ok()) return Issue(form.error().ToString());
      if (!parts.ok()) return Issue(parts.error().ToString());
      if (*code) {
        Merge(ingredients, ConceptsOf(**code, true));
        label = (*code)->Label();
      }
      for (const ConceptView& part : *parts) Merge(ingredients, ConceptsOf(part, true));
      if (*form) forms = ConceptsOf(**form);
    }
    if (ingredients.empty()) return;  // a drug no rule is about

    MedicationUse use;
    use.source_kind = source_kind;
    use.ingredients = ingredients;
    use.forms = forms;
    use.status = status;
    use.intent = view.intent();
    use.source = current_key_;
    use.label = label;
    auto authored = view.Date("authoredOn");
    auto effective = view.DateChoice("effective");
    if (!authored.ok()) return Issue(authored.error().ToString(), ingredients);
    if (!effective.ok()) return Issue(effective.error().ToString(), ingredients);
    if (*authored) use.authored = (*authored)->day;
    if (source_kind != MedicationSource::kRequest && *effective) {
      // effectivePeriod: DateChoice gives the end; the start matters for start(x).
      const rapidjson::Value* period = view.Get("effectivePeriod");
      auto start = period ? fhir::ReadDate(fhir::Member(*period, "start"), view.Root().Member("effectivePeriod.start"))
                          : Result<std::optional<fhir::FhirDate>>(*effective);
      if (start.ok() && *start) use.start = (*start)->day;
      if (period && fhir::Member(*period, "end")) use.end = (*effective)->day;
    }
    if (!NotInFuture(use.authored ? std::optional<fhir::FhirDate>(fhir::FhirDate{*use.authored}) : std::nullopt,
                     ingredients))
      return;
    auto dosage = view.dosage();
    if (!dosage.ok()) return Issue(dosage.error().ToString(), ingredients);
    if (*dosage) {
      const fhir::Dosage& d = **dosage;
      if (d.dose) {
        std::string_view unit = d.dose->UnitKey();
        if (unit == "mg") use.dose_mg = d.dose->value;
        else if (unit == "g") use.dose_mg = d.dose->value * 1000;
        else if (unit == "ug" || unit == "mcg") use.dose_mg = d.dose->value / 1000;
        else if (unit == "mL") use.dose_ml = d.dose->value;
        else Issue(view.Path("dosage.dose") + ": unit '" + std::string(unit) + "' is not a mass (mg, g, ug) or volume (mL); dose not checked", ingredients);
      }
      if (d.frequency && d.period_days && *d.period_days > 0) use.doses_per_day = *d.frequency / *d.period_days;
      if (d.route) use.routes = ConceptsOf(*d.route);
      use.infusion_minutes = d.infusion_minutes;
    }
    // statusReason is one CodeableConcept on MedicationRequest, an array on MedicationStatement.
    std::vector<ConceptView> reasons;
    std::vector<std::string> problems;
    CollectConcepts(view.json(), "statusReason", view.Root(), &reasons, &problems);
    for (const ConceptView& reason : reasons) Merge(use.reason_concepts, ConceptsOf(reason));
    for (const std::string& problem : problems) Issue(problem, ingredients);
    switch (source_kind) {
      case MedicationSource::kRequest:
        use.current = OneOf(status, {"active", "on-hold"});
        use.draft = status == "draft";
        break;
      case MedicationSource::kStatement:
        use.current = OneOf(status, {"active", "intended"});
        break;
      case MedicationSource::kAdministration:
        use.current = false;
        if (!use.start && *effective) use.start = (*effective)->day;
        break;
    }
    record_.medications.push_back(std::move(use));
  }

  bool AddAdapterOutput(const ResourceView& view) {
    const rapidjson::Value* identifiers = view.Get("identifier");
    if (identifiers == nullptr || !identifiers->IsArray()) return false;
    const std::string& system =
        view.type() == "CarePlan" ? options_.careplan_identifier_system : options_.flag_identifier_system;
    for (const auto& identifier : identifiers->GetArray()) {
      if (fhir::StringOr(identifier, "system") != system || system.empty()) continue;
      AdapterOutput output;
      output.resource_type = std::string(view.type());
      output.id = std::string(view.id());
      output.identifier_value = std::string(fhir::StringOr(identifier, "value"));
      output.status = std::string(view.status());
      if (const rapidjson::Value* meta = view.Get("meta")) output.version_id = std::string(fhir::StringOr(*meta, "versionId"));
      if (const rapidjson::Value* period = view.Get("period")) {
        if (auto start = fhir::ParseFhirDate(fhir::StringOr(*period, "start")); start.ok()) output.period_start = start->day;
      }
      if (view.type() == "Flag") {
        auto code = view.Concept("code");
        if (code.ok() && *code && !(*code)->codings.empty()) {
          output.rule_id = std::string((*code)->codings.front().code);
        }
      }
      auto copy = std::make_shared<rapidjson::Document>();
      static_cast<rapidjson::Value&>(*copy) = fhir::DeepCopy(view.json(), copy->GetAllocator());
      output.json = std::move(copy);
      record_.adapter_outputs.push_back(std::move(output));
      return true;
    }
    return false;
  }

  void AddEntry(const ResourceView& view, const EntrySpec& spec) {
    std::string status(view.status());
    if (status == "entered-in-error") return;
    const ElementPath root(spec.type);
    std::vector<ConceptView> codes;
    std::vector<std::string> problems;
    for (const char* element : spec.concept_elements) CollectConcepts(view.json(), element, root, &codes, &problems);
    if (spec.kind == EntryKind::kDeviceUse || spec.kind == EntryKind::kDeviceRequest) AddDeviceType(view, &codes, &problems);
    if (spec.kind == EntryKind::kQuestionnaireResponse) {
      std::string_view questionnaire = fhir::StringOr(view.json(), "questionnaire");
      if (!questionnaire.empty()) {
        ConceptView code;
        code.codings.emplace_back("urn:als-adapter:questionnaire", questionnaire);
        codes.push_back(std::move(code));
      }
    }
    Entry entry;
    entry.kind = spec.kind;
    for (const ConceptView& code : codes) {
      Merge(entry.concepts, ConceptsOf(code));
      if (entry.label.empty()) entry.label = code.Label();
    }
    for (const std::string& problem : problems) Issue(problem, entry.concepts);
    // A RelatedPerson counts whatever its relationship (rules: "a caregiver is recorded").
    // An Encounter may be recognised by its reasonCode alone (an inpatient stay for respiratory failure, R53).
    if (entry.concepts.empty() && spec.kind != EntryKind::kRelatedPerson && spec.kind != EntryKind::kEncounter) return;

    for (const char* element : spec.value_elements) {
      std::vector<ConceptView> values;
      CollectConcepts(view.json(), element, root, &values, &problems);
      for (const auto& value : values) Merge(entry.value_concepts, ConceptsOf(value));
    }
    for (const char* element : spec.reason_elements) {
      std::vector<ConceptView> reasons;
      std::vector<std::string> ignored;
      CollectConcepts(view.json(), element, root, &reasons, &ignored);
      for (const auto& reason : reasons) Merge(entry.reason_concepts, ConceptsOf(reason));
    }
    if (spec.kind == EntryKind::kEncounter) {
      if (entry.concepts.empty() && entry.reason_concepts.empty()) return;
      if (const rapidjson::Value* encounter_class = view.Get("class"); encounter_class && encounter_class->IsObject()) {
        entry.encounter_class = std::string(fhir::StringOr(*encounter_class, "code"));
      }
    }
    for (const std::string& element : spec.date_elements) {
      Result<std::optional<fhir::FhirDate>> date = std::optional<fhir::FhirDate>();
      if (element.size() > 3 && element.compare(element.size() - 3, 3, "[x]") == 0) {
        date = view.DateChoice(std::string_view(element).substr(0, element.size() - 3));
      } else if (const rapidjson::Value* value = view.Get(element.c_str()); value && value->IsObject()) {
        // A Period: its start is when the thing began.
        const ElementPath period = root.Member(element);
        date = fhir::ReadDate(fhir::Member(*value, "start"), period.Member("start"));
        if (date.ok() && *date) {
          auto end = fhir::ReadDate(fhir::Member(*value, "end"), period.Member("end"));
          if (end.ok() && *end) entry.end_day = (*end)->day;
        }
      } else {
        date = view.Date(element.c_str());
      }
      if (!date.ok()) return Issue(date.error().ToString(), entry.concepts);
      if (*date) {
        if (!NotInFuture(*date, entry.concepts)) return;
        entry.day = (*date)->day;
        break;
      }
    }
    entry.status = status;
    entry.active = OneOf(status, spec.active_statuses) ||
                   (spec.kind == EntryKind::kRelatedPerson && !IsFalse(view.Get("active")));
    entry.completed = OneOf(status, spec.completed_statuses);
    entry.refused = OneOf(status, spec.refused_statuses) || IsDenyConsent(view);
    entry.priority = std::string(fhir::StringOr(view.json(), "priority"));
    entry.intent = std::string(fhir::StringOr(view.json(), "intent"));
    entry.source = current_key_;
    record_.entries.push_back(std::move(entry));
  }

  static bool IsFalse(const rapidjson::Value* value) { return value != nullptr && value->IsBool() && !value->GetBool(); }

  static bool IsDenyConsent(const ResourceView& view) {
    if (view.type() != "Consent") return false;
    const rapidjson::Value* provision = view.Get("provision");
    return provision != nullptr && fhir::StringOr(*provision, "type") == "deny";
  }

  // DeviceUseStatement.device / DeviceRequest.codeReference -> Device.type.
  void AddDeviceType(const ResourceView& view, std::vector<ConceptView>* codes, std::vector<std::string>* problems) {
    const char* element = view.type() == "DeviceUseStatement" ? "device" : "codeReference";
    auto reference = view.Ref(element);
    if (!reference.ok() || !*reference || (*reference)->reference.empty()) return;
    const std::string& target = (*reference)->reference;
    const rapidjson::Value* device = view.Contained(target);
    if (device == nullptr && target[0] != '#' && resolver_ != nullptr) device = resolver_->Resolve(target);
    if (device == nullptr) {
      problems->push_back(view.Path(element) + ": '" + target + "' does not resolve to a Device");
      return;
    }
    CollectConcepts(*device, "type", "Device", codes, problems);
  }

  PatientRecord record_;
  const terminology::Terminology& terminology_;
  const ResourceResolver* resolver_;
  const AssemblyOptions& options_;
  std::string origin_;
  std::string current_key_;

  struct VolumePair {
    std::optional<double> measured, predicted;
    std::string measured_source, predicted_source;
  };
  std::map<Day, VolumePair> volumes_;
};

}  // namespace

PatientRecord AssemblePatientRecord(const std::string& patient_id, const std::vector<SourcedResource>& resources,
                                    const terminology::Terminology& terminology, const ResourceResolver* resolver,
                                    const AssemblyOptions& options) {
  Builder builder(patient_id, terminology, resolver, options);
  for (const SourcedResource& resource : resources) builder.Add(resource);
  return builder.Finish();
}

}  // namespace als::model
