#include "testing/vignette.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "als/fhir/date.h"
#include "als/model/record_builder.h"

namespace als::testing {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

fhir::Day Day(const std::string& date) {
  auto day = fhir::ParseIsoDay(date);
  if (!day.ok()) {
    std::fprintf(stderr, "bad test date %s\n", date.c_str());
    std::abort();
  }
  return *day;
}

bool UsesPatientElement(const std::string& type) {
  return type == "AllergyIntolerance" || type == "Consent" || type == "FamilyMemberHistory" || type == "RelatedPerson";
}

}  // namespace

const terminology::Terminology& TestTerminology() {
  static const terminology::Terminology* terminology = [] {
    auto loaded = terminology::Terminology::Load({terminology::Terminology::DefaultDirectory()});
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load mappings: %s\n", loaded.error().ToString().c_str());
      std::abort();
    }
    return new terminology::Terminology(std::move(*loaded));
  }();
  return *terminology;
}

std::string Concept(const std::string& system, const std::string& code, const std::string& text) {
  std::string json = R"({"coding":[{"system":")" + system + R"(","code":")" + code + R"("}])";
  if (!text.empty()) json += R"(,"text":")" + text + "\"";
  return json + "}";
}

std::string QuantityJson(double value, const std::string& ucum) {
  return R"({"value":)" + Number(value) + R"(,"unit":")" + ucum + R"(","system":"http://unitsofmeasure.org","code":")" +
         ucum + R"("})";
}

Vignette::Vignette(std::string patient_id) : patient_id_(std::move(patient_id)) {}

std::string Vignette::NextId(const std::string& type) {
  std::string id;
  for (char c : type) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return id_prefix_ + id + "-" + std::to_string(++counter_);
}

Vignette& Vignette::Patient(const std::string& birth_date) {
  return Raw(R"({"resourceType":"Patient","id":")" + patient_id_ + R"(","birthDate":")" + birth_date + R"("})");
}

Vignette& Vignette::Als(const std::string& onset) { return Condition(kSnomed, "86044005", onset); }

Vignette& Vignette::Condition(const std::string& system, const std::string& code, const std::string& date,
                              const std::string& clinical, const std::string& verification) {
  return Resource("Condition",
                  R"("clinicalStatus":)" + Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical) +
                      R"(,"verificationStatus":)" +
                      Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification) +
                      R"(,"code":)" + Concept(system, code) + R"(,"onsetDateTime":")" + date + "\"");
}

Vignette& Vignette::Quantity(const std::string& system, const std::string& code, double value, const std::string& ucum,
                             const std::string& date, std::optional<double> reference_high) {
  std::string fields = R"("status":"final","code":)" + Concept(system, code) + R"(,"effectiveDateTime":")" + date +
                       R"(","valueQuantity":)" + QuantityJson(value, ucum);
  if (reference_high) fields += R"(,"referenceRange":[{"high":)" + QuantityJson(*reference_high, ucum) + "}]";
  return Resource("Observation", fields);
}

Vignette& Vignette::Fvc(double percent, const std::string& date) { return Quantity(kLoinc, "19872-1", percent, "%", date); }
Vignette& Vignette::Weight(double kg, const std::string& date) { return Quantity(kLoinc, "29463-7", kg, "kg", date); }
Vignette& Vignette::Alt(double value, const std::string& date, std::optional<double> uln) {
  return Quantity(kLoinc, "1742-6", value, "U/L", date, uln);
}
Vignette& Vignette::Ast(double value, const std::string& date, std::optional<double> uln) {
  return Quantity(kLoinc, "1920-8", value, "U/L", date, uln);
}

Vignette& Vignette::Coded(const std::string& system, const std::string& code, const std::string& value_system,
                          const std::string& value_code, const std::string& date) {
  return Resource("Observation", R"("status":"final","code":)" + Concept(system, code) + R"(,"effectiveDateTime":")" +
                                     date + R"(","valueCodeableConcept":)" + Concept(value_system, value_code));
}

Vignette& Vignette::MedicationRequest(const std::string& rxnorm, const std::string& status, const std::string& authored,
                                      std::optional<double> dose_mg, std::optional<double> per_day,
                                      const std::string& intent) {
  std::string fields = R"("status":")" + status + R"(","intent":")" + intent + R"(","medicationCodeableConcept":)" +
                       Concept(kRxNorm, rxnorm) + R"(,"authoredOn":")" + authored + "\"";
  if (dose_mg) {
    fields += R"(,"dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"value":)" + Number(*dose_mg) +
              R"(,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}])";
    if (per_day) fields += R"(,"timing":{"repeat":{"frequency":)" + Number(*per_day) + R"(,"period":1,"periodUnit":"d"}})";
    fields += "}]";
  }
  return Resource("MedicationRequest", fields);
}

Vignette& Vignette::MedicationStatement(const std::string& rxnorm, const std::string& status, const std::string& start) {
  return Resource("MedicationStatement", R"("status":")" + status + R"(","medicationCodeableConcept":)" +
                                             Concept(kRxNorm, rxnorm) + R"(,"effectivePeriod":{"start":")" + start + "\"}");
}

Vignette& Vignette::MedicationAdministration(const std::string& rxnorm, const std::string& date,
                                             std::optional<double> dose_mg) {
  std::string fields = R"("status":"completed","medicationCodeableConcept":)" + Concept(kRxNorm, rxnorm) +
                       R"(,"effectiveDateTime":")" + date + "\"";
  if (dose_mg) {
    fields += R"(,"dosage":{"dose":{"value":)" + Number(*dose_mg) + R"(,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}})";
  }
  return Resource("MedicationAdministration", fields);
}

Vignette& Vignette::Allergy(const std::string& system, const std::string& code, const std::string& clinical) {
  return Resource("AllergyIntolerance",
                  R"("clinicalStatus":)" +
                      Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", clinical) +
                      R"(,"verificationStatus":)" +
                      Concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed") +
                      R"(,"code":)" + Concept(system, code) + R"(,"recordedDate":"2025-01-01")");
}

Vignette& Vignette::Resource(const std::string& type, const std::string& fields) {
  std::string subject = UsesPatientElement(type) ? "patient" : "subject";
  return Raw(R"({"resourceType":")" + type + R"(","id":")" + NextId(type) + R"(",")" + subject +
             R"(":{"reference":"Patient/)" + patient_id_ + R"("},)" + fields + "}");
}

Vignette& Vignette::Raw(const std::string& json) {
  resources_.push_back(json);
  return *this;
}

model::PatientRecord Vignette::Record(const std::string& as_of) const {
  std::vector<rapidjson::Document> documents(resources_.size());
  std::vector<model::SourcedResource> sourced;
  for (size_t i = 0; i < resources_.size(); ++i) {
    documents[i].Parse(resources_[i].c_str());
    if (documents[i].HasParseError()) {
      std::fprintf(stderr, "bad vignette JSON: %s\n", resources_[i].c_str());
      std::abort();
    }
    sourced.push_back({&documents[i], "vignette[" + std::to_string(i) + "]"});
  }
  output::OutputSettings settings;
  model::AssemblyOptions options;
  options.now = Day(as_of);
  options.careplan_identifier_system = output::CarePlanIdentifierSystem(settings);
  options.flag_identifier_system = output::FlagIdentifierSystem(settings);
  return model::AssemblePatientRecord(patient_id_, sourced, TestTerminology(), nullptr, options);
}

std::vector<guideline::Finding> Vignette::Findings(const std::string& as_of) const {
  guideline::RuleEngine engine(guideline::Parameters::Defaults(guideline::Catalogue()));
  return engine.Evaluate(Record(as_of), Day(as_of));
}

std::vector<guideline::Finding> Vignette::FindingsOf(const std::string& rule_id, const std::string& as_of) const {
  std::vector<guideline::Finding> found;
  for (const guideline::Finding& finding : Findings(as_of)) {
    if (finding.rule_id == rule_id) found.push_back(finding);
  }
  return found;
}

bool Vignette::Fires(const std::string& rule_id, const std::string& as_of) const {
  return !FindingsOf(rule_id, as_of).empty();
}

output::PatientWriteSet Vignette::WriteSet(const std::string& as_of) const {
  model::PatientRecord record = Record(as_of);
  guideline::RuleEngine engine(guideline::Parameters::Defaults(guideline::Catalogue()));
  output::OutputSettings settings;
  settings.now = Day(as_of);
  return output::BuildWriteSet(record, engine.Evaluate(record, settings.now), TestTerminology(), settings);
}

}  // namespace als::testing
