#include <catch2/catch.hpp>

#include <string>

#include "als/fhir/json.h"
#include "als/fhir/resources.h"

namespace als::fhir {
namespace {

rapidjson::Document Parse(const std::string& text) {
  auto doc = ParseJson(text, "t");
  REQUIRE(doc.ok());
  return std::move(*doc);
}

TEST_CASE("ResourceView keys: Key and KeyInto agree, missing parts named", "[fhir][resources]") {
  rapidjson::Document observation = Parse(R"({"resourceType":"Observation","id":"obs-1"})");
  std::string key = "a longer earlier key that the next one overwrites";
  ResourceView(observation).KeyInto(&key);
  CHECK(key == "Observation/obs-1");
  CHECK(ResourceView(observation).Key() == key);
  rapidjson::Document anonymous = Parse(R"({"id":""})");
  ResourceView(anonymous).KeyInto(&key);
  CHECK(key == "(no resourceType)/(no id)");
  CHECK(ResourceView(observation).Path("code") == "Observation.code");
}

TEST_CASE("Observation components keep their index for their element path", "[fhir][resources]") {
  rapidjson::Document json = Parse(
      R"({"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"81459-0"}]},)"
      R"("component":[{"code":{"coding":[{"system":"http://loinc.org","code":"19872-1"}]},"valueInteger":46},)"
      R"({"code":{"text":"note"},"valueString":"ok","valueBoolean":true}]})");
  ObservationView view(json);
  auto components = view.components();
  REQUIRE(components.ok());
  REQUIRE(components->size() == 2);
  const ObservationComponent& second = (*components)[1];
  CHECK(second.index == 1);
  CHECK(second.code.text == "note");
  CHECK(second.value.string == std::optional<std::string_view>("ok"));
  CHECK(second.value.boolean == std::optional<bool>(true));
  REQUIRE((*components)[0].value.quantity);
  CHECK((*components)[0].value.quantity->value == 46);
  const ElementPath observation("Observation");
  CHECK(second.Path(observation).ToString() == "Observation.component[1]");
}

TEST_CASE("Observation element errors name the element path", "[fhir][resources]") {
  rapidjson::Document no_component_code = Parse(
      R"({"resourceType":"Observation","component":[{"code":{"text":"a"}},{"valueInteger":1}]})");
  auto components = ObservationView(no_component_code).components();
  REQUIRE_FALSE(components.ok());
  CHECK(components.error().ToString() == "Observation.component[1].code: missing (required to use this resource)");

  rapidjson::Document bad_value = Parse(
      R"({"resourceType":"Observation","component":[{"code":{"text":"a"},"valueQuantity":{"value":"x"}}],)"
      R"("valueInteger":1.5,"effectivePeriod":{"end":"soon"},"referenceRange":[{"high":{"unit":"%"}}]})");
  ObservationView view(bad_value);
  CHECK(view.components().error().ToString() ==
        "Observation.component[0].valueQuantity.value: expected a number, got 'x'");
  CHECK(view.value().error().ToString() == "Observation.valueInteger: expected an integer, got 1.5");
  CHECK(view.effective().error().ToString().rfind("Observation.effectivePeriod.end: ", 0) == 0);
  CHECK(view.reference_range_high().error().ToString() == "Observation.referenceRange[0].high.value: missing");
  CHECK(view.code().error().ToString() == "Observation.code: missing (required to use this resource)");

  rapidjson::Document untyped = Parse(R"({"valueBoolean":"yes"})");
  CHECK(ObservationView(untyped).value().error().ToString() == "Observation.valueBoolean: expected true or false");
}

TEST_CASE("Medication use: dosage read in place, errors with the dosage's path", "[fhir][resources]") {
  rapidjson::Document request = Parse(
      R"({"resourceType":"MedicationRequest","medicationCodeableConcept":{"text":"Rilutek"},)"
      R"("dosageInstruction":[{"text":"50 mg twice a day","route":{"text":"oral"},)"
      R"("doseAndRate":[{"doseQuantity":{"value":50,"unit":"mg"}}],)"
      R"("timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}]})");
  MedicationUseView view(request);
  auto medication = view.medication();
  REQUIRE(medication.ok());
  REQUIRE(medication->concept_value);
  CHECK(medication->concept_value->Label() == "Rilutek");
  auto dosage = view.dosage();
  REQUIRE(dosage.ok());
  REQUIRE(dosage->has_value());
  const Dosage& d = **dosage;
  CHECK(d.text == "50 mg twice a day");
  REQUIRE(d.route);
  CHECK(d.route->text == "oral");
  REQUIRE(d.dose);
  CHECK(d.dose->value == 50);
  CHECK(d.dose->UnitKey() == "mg");
  CHECK(d.frequency == std::optional<double>(2));
  CHECK(d.period_days == std::optional<double>(1));

  rapidjson::Document administration = Parse(
      R"({"resourceType":"MedicationAdministration","dosage":{"dose":{"unit":"mg"}}})");
  CHECK(MedicationUseView(administration).dosage().error().ToString() ==
        "MedicationAdministration.dosage.dose.value: missing");
  CHECK(MedicationUseView(administration).medication().error().ToString() ==
        "MedicationAdministration.medication[x]: missing (required to use this resource)");
}

TEST_CASE("Status codes and substances are read in place", "[fhir][resources]") {
  rapidjson::Document allergy = Parse(
      R"({"resourceType":"AllergyIntolerance","clinicalStatus":{"coding":[{"system":"s"},{"code":"active"}]},)"
      R"("reaction":[{"substance":{"text":"penicillin"}},{"substance":{"coding":{}}}]})");
  AllergyIntoleranceView view(allergy);
  CHECK(view.clinical_status() == "active");
  CHECK(view.verification_status().empty());
  auto substances = view.substances();
  REQUIRE_FALSE(substances.ok());
  CHECK(substances.error().ToString() == "AllergyIntolerance.reaction[1].substance.coding: expected an array");
}

}  // namespace
}  // namespace als::fhir
