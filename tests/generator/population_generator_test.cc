// The generator in memory: determinism, content, dates, ids, deliberately bad data.
#include "als/generator/population_generator.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "generator/generated_json.h"

namespace als::testing {
namespace {

using generator::GeneratedPatient;
using generator::GeneratedResource;
using generator::GeneratePatient;
using generator::GeneratorOptions;

constexpr uint64_t kPatients = 300;

GeneratorOptions Options(uint64_t seed) {
  GeneratorOptions options;
  options.patients = kPatients;
  options.seed = seed;
  return options;
}

std::vector<GeneratedPatient> Population(const GeneratorOptions& options) {
  std::vector<GeneratedPatient> patients;
  for (uint64_t index = 1; index <= options.patients; ++index) patients.push_back(GeneratePatient(options, index));
  return patients;
}

std::string AllText(const std::vector<GeneratedPatient>& patients) {
  std::string text;
  for (const GeneratedPatient& patient : patients) {
    for (const GeneratedResource& resource : patient.resources) text += resource.json + "\n";
  }
  return text;
}

// Types that belong to no patient: they are referenced (Medication, Device).
bool Referenced(const std::string& type) { return type == "Medication" || type == "Device"; }

std::string PatientReferenceOf(const rapidjson::Value& resource) {
  for (const char* element : {"subject", "patient"}) {
    if (resource.HasMember(element) && resource[element].HasMember("reference")) {
      return resource[element]["reference"].GetString();
    }
  }
  return "";
}

TEST_CASE("Same seed gives identical patients; another seed different ones", "[generator]") {
  const std::string first = AllText(Population(Options(42)));
  CHECK(first == AllText(Population(Options(42))));
  CHECK(first != AllText(Population(Options(43))));
  // A patient does not depend on the population size.
  GeneratorOptions larger = Options(42);
  larger.patients = 2 * kPatients;
  CHECK(GeneratePatient(larger, 7).resources.back().json == GeneratePatient(Options(42), 7).resources.back().json);
}

TEST_CASE("Every resource is JSON with resourceType, a unique id and its patient", "[generator]") {
  std::set<std::string> ids;
  for (const GeneratedPatient& patient : Population(Options(5))) {
    REQUIRE_FALSE(patient.resources.empty());
    CHECK(patient.resources.front().type == "Patient");
    CHECK(patient.resources.front().id == patient.id);
    for (const GeneratedResource& resource : patient.resources) {
      INFO(resource.json);
      rapidjson::Document json = ParseJson(resource.json);
      REQUIRE_FALSE(json.HasParseError());
      CHECK(std::string(json["resourceType"].GetString()) == resource.type);
      CHECK(std::string(json["id"].GetString()) == resource.id);
      CHECK(ids.insert(resource.type + "/" + resource.id).second);
      CHECK(resource.json.find('\n') == std::string::npos);
      if (resource.type != "Patient" && !Referenced(resource.type)) {
        CHECK(PatientReferenceOf(json) == "Patient/" + patient.id);
      }
    }
  }
}

TEST_CASE("A realistic mix of resource types and about 15% patients without ALS", "[generator]") {
  std::map<std::string, size_t> counts;
  size_t als = 0;
  for (const GeneratedPatient& patient : Population(Options(1))) {
    if (patient.has_als) ++als;
    for (const GeneratedResource& resource : patient.resources) ++counts[resource.type];
  }
  CHECK(counts["Patient"] == kPatients);
  CHECK(als > kPatients * 0.75);
  CHECK(als < kPatients * 0.93);
  for (const char* type : {"Condition", "Observation", "AllergyIntolerance", "MedicationRequest", "MedicationStatement",
                           "MedicationAdministration", "Medication", "Procedure", "ServiceRequest", "Encounter",
                           "DeviceRequest", "DeviceUseStatement", "RelatedPerson", "Consent", "DocumentReference",
                           "Communication", "FamilyMemberHistory"}) {
    INFO(type);
    CHECK(counts[type] > 0);
  }
  CHECK(counts["Condition"] >= kPatients);
  CHECK(counts["Observation"] > 40 * kPatients);
}

TEST_CASE("The codes of terminology.md appear: ALS in SNOMED and ICD-10-CM, FVC three ways, SOD1", "[generator]") {
  const std::string text = AllText(Population(Options(1)));
  for (const char* needle : {R"("code":"86044005")",
                             R"("code":"G12.21")",
                             R"("code":"37340000")",
                             R"("code":"19872-1")",
                             R"("code":"19868-9")",
                             R"("code":"19869-7")",
                             R"("code":"[lb_av]")",
                             R"("code":"usual-body-weight")",
                             R"("referenceRange")",
                             R"("code":"HGNC:11179")",
                             R"("code":"LA6668-3")",
                             R"("code":"LA26333-7")",
                             R"("code":"LA9634-2")",
                             R"("code":"419421008")",
                             R"("code":"716186003")",
                             R"("code":"35623")",
                             R"("code":"1921877")",
                             R"("code":"2634995")",
                             "Relyvrio",
                             R"("code":"alsfrs-r-swallowing")",
                             R"("code":"47625008")",
                             R"("code":"72607000")",
                             R"("medicationReference":{"reference":"#med"})",
                             R"("reference":"Medication/)"}) {
    INFO(needle);
    CHECK(text.find(needle) != std::string::npos);
  }
}

TEST_CASE("Nothing is dated after the as-of day", "[generator]") {
  GeneratorOptions options = Options(9);
  options.as_of = fhir::DaysFromCivil(2025, 12, 31);
  const std::string as_of = fhir::FormatDay(options.as_of);
  size_t dates = 0;
  for (const GeneratedPatient& patient : Population(options)) {
    for (const GeneratedResource& resource : patient.resources) {
      ForEachString(ParseJson(resource.json), [&](const std::string& text) {
        if (!LooksLikeDate(text)) return;
        ++dates;
        INFO(resource.type << "/" << resource.id << " " << text);
        CHECK(text.substr(0, 10) <= as_of);
      });
    }
  }
  CHECK(dates > 1000);
}

TEST_CASE("Deliberately bad resources only on request", "[generator]") {
  GeneratorOptions options = Options(3);
  size_t bad = 0;
  for (const GeneratedPatient& patient : Population(options)) bad += patient.bad_resources;
  CHECK(bad == 0);
  CHECK(AllText(Population(options)).find("furlong") == std::string::npos);

  options.bad_fraction = 0.05;
  const std::vector<GeneratedPatient> patients = Population(options);
  for (const GeneratedPatient& patient : patients) bad += patient.bad_resources;
  CHECK(bad > 100);
  const std::string text = AllText(patients);
  CHECK(text.find(R"("code":"furlong")") != std::string::npos);
  CHECK(text.find("-02-30") != std::string::npos);
}

}  // namespace
}  // namespace als::testing
