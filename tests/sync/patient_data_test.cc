#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "als/fhir/json.h"
#include "als/sync/patient_reader.h"

namespace als::sync {
namespace {

// A searchset Bundle of `resources` (JSON objects).
rapidjson::Document Searchset(std::initializer_list<std::string> resources) {
  std::string entries;
  for (const std::string& resource : resources) {
    entries += (entries.empty() ? R"({"resource":)" : R"(,{"resource":)") + resource + "}";
  }
  rapidjson::Document bundle;
  fhir::ParseInPool(R"({"resourceType":"Bundle","type":"searchset","entry":[)" + entries + "]}", &bundle);
  REQUIRE_FALSE(bundle.HasParseError());
  return bundle;
}

std::string NestedObservation(const std::string& id, int levels) {
  std::string value = "1";
  for (int i = 0; i < levels; ++i) value = R"({"x":)" + value + "}";
  return R"({"resourceType":"Observation","id":")" + id + R"(","extension":)" + value + "}";
}

TEST_CASE("PatientData: a resource nested too deeply is left out, the others kept", "[sync]") {
  PatientData data(nullptr, "p1");
  // The resource itself is one level; the limit is fhir::kMaxResourceDepth.
  data.AddSearchset(Searchset({NestedObservation("ok", fhir::kMaxResourceDepth - 1),
                               NestedObservation("deep", fhir::kMaxResourceDepth),
                               R"({"resourceType":"Condition","id":"c1"})"}));
  REQUIRE(data.resources().size() == 2);
  CHECK(fhir::StringOr(*data.resources()[0].json, "id") == "ok");
  CHECK(fhir::StringOr(*data.resources()[1].json, "id") == "c1");
}

TEST_CASE("PatientData: resources of a shallow page are all kept, Medications apart", "[sync]") {
  PatientData data(nullptr, "p1");
  data.AddSearchset(Searchset({NestedObservation("o1", 3), R"({"resourceType":"Medication","id":"m1"})",
                               R"({"resourceType":"Condition","id":"c1"})"}));
  CHECK(data.resources().size() == 2);
  CHECK(data.Resolve("Medication/m1") != nullptr);
}

TEST_CASE("PatientSearches: one search per type rules.md section 3 reads, with the patient in the parameter that type takes") {
  std::vector<std::string> searches;
  for (const PatientSearch& search : PatientSearches("p1")) {
    std::string text = search.type;
    for (const auto& [name, value] : search.params) text += (text == search.type ? "?" : "&") + name + "=" + value;
    searches.push_back(text);
  }
  CHECK(searches == std::vector<std::string>{
                        "Patient?_id=p1",
                        "Condition?subject=Patient/p1",
                        "Observation?subject=Patient/p1",
                        "MedicationRequest?subject=Patient/p1&_include=MedicationRequest:medication",
                        "MedicationStatement?subject=Patient/p1&_include=MedicationStatement:medication",
                        "MedicationAdministration?subject=Patient/p1&_include=MedicationAdministration:medication",
                        "AllergyIntolerance?patient=Patient/p1",
                        "Procedure?subject=Patient/p1",
                        "ServiceRequest?subject=Patient/p1",
                        "DeviceRequest?subject=Patient/p1",
                        "DeviceUseStatement?subject=Patient/p1",
                        "Encounter?subject=Patient/p1",
                        "Consent?patient=Patient/p1",
                        "DocumentReference?subject=Patient/p1",
                        "FamilyMemberHistory?patient=Patient/p1",
                        "RelatedPerson?patient=Patient/p1",
                        "QuestionnaireResponse?subject=Patient/p1",
                        "DiagnosticReport?subject=Patient/p1",
                        "Communication?subject=Patient/p1",
                        "CarePlan?subject=Patient/p1",
                        "Goal?subject=Patient/p1",
                        "Flag?subject=Patient/p1",
                    });
}

}  // namespace
}  // namespace als::sync
