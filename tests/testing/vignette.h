// Patient vignettes for rule tests: build one patient's FHIR resources as JSON
// (as EHRs send them), run the real pipeline (mappings/, record assembly,
// catalogue, output) and inspect findings and outputs.
#ifndef ALS_TESTS_TESTING_VIGNETTE_H_
#define ALS_TESTS_TESTING_VIGNETTE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "als/guideline/engine.h"
#include "als/model/patient_record.h"
#include "als/output/write_set.h"
#include "als/terminology/terminology.h"

namespace als::testing {

inline constexpr char kSnomed[] = "http://snomed.info/sct";
inline constexpr char kLoinc[] = "http://loinc.org";
inline constexpr char kIcd10[] = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr char kRxNorm[] = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr char kLocal[] = "http://als-adapter.org/fhir/CodeSystem/als-local";

// The project's mappings/, loaded once.
const terminology::Terminology& TestTerminology();

// {"coding":[{"system":..,"code":..}]}
std::string Concept(const std::string& system, const std::string& code, const std::string& text = "");
// {"value":..,"unit":..,"system":"http://unitsofmeasure.org","code":..}
std::string QuantityJson(double value, const std::string& ucum);

class Vignette {
 public:
  explicit Vignette(std::string patient_id = "p1");

  // Patient with a birth date ("1960-05-01").
  Vignette& Patient(const std::string& birth_date);
  // An active, confirmed ALS Condition (SNOMED 86044005) with onsetDateTime.
  Vignette& Als(const std::string& onset = "2025-09-01");
  Vignette& Condition(const std::string& system, const std::string& code, const std::string& date,
                      const std::string& clinical = "active", const std::string& verification = "confirmed");
  // A numeric Observation (valueQuantity), status final, effectiveDateTime.
  Vignette& Quantity(const std::string& system, const std::string& code, double value, const std::string& ucum,
                     const std::string& date, std::optional<double> reference_high = std::nullopt);
  // FVC % predicted (LOINC 19872-1).
  Vignette& Fvc(double percent, const std::string& date);
  Vignette& Weight(double kg, const std::string& date);
  Vignette& Alt(double value, const std::string& date, std::optional<double> uln = 40);
  Vignette& Ast(double value, const std::string& date, std::optional<double> uln = 40);
  // A coded Observation (valueCodeableConcept).
  Vignette& Coded(const std::string& system, const std::string& code, const std::string& value_system,
                  const std::string& value_code, const std::string& date);
  // MedicationRequest with medicationCodeableConcept (RxNorm) and optional dose.
  Vignette& MedicationRequest(const std::string& rxnorm, const std::string& status, const std::string& authored,
                              std::optional<double> dose_mg = std::nullopt, std::optional<double> per_day = std::nullopt,
                              const std::string& intent = "order");
  Vignette& MedicationStatement(const std::string& rxnorm, const std::string& status, const std::string& start);
  Vignette& MedicationAdministration(const std::string& rxnorm, const std::string& date,
                                     std::optional<double> dose_mg = std::nullopt);
  Vignette& Allergy(const std::string& system, const std::string& code, const std::string& clinical = "active");
  // Any resource: `fields` is the JSON object body without braces; resourceType,
  // id and subject (or patient, for types that use it) are added.
  Vignette& Resource(const std::string& type, const std::string& fields);
  // A resource exactly as given (for bad-input tests and references).
  Vignette& Raw(const std::string& json);

  model::PatientRecord Record(const std::string& as_of) const;
  std::vector<guideline::Finding> Findings(const std::string& as_of) const;
  std::vector<guideline::Finding> FindingsOf(const std::string& rule_id, const std::string& as_of) const;
  bool Fires(const std::string& rule_id, const std::string& as_of) const;
  output::PatientWriteSet WriteSet(const std::string& as_of) const;

  const std::string& patient_id() const { return patient_id_; }
  // The resources as JSON texts (to load them into a server).
  const std::vector<std::string>& resources() const { return resources_; }
  // Prefixes generated resource ids ("<prefix>condition-1"), so that vignettes
  // of different patients can share a server.
  Vignette& IdPrefix(const std::string& prefix) {
    id_prefix_ = prefix;
    return *this;
  }

 private:
  std::string NextId(const std::string& type);
  std::string patient_id_;
  std::vector<std::string> resources_;
  std::string id_prefix_;
  int counter_ = 0;
};

}  // namespace als::testing

#endif  // ALS_TESTS_TESTING_VIGNETTE_H_
