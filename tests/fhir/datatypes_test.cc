#include <catch2/catch.hpp>

#include "als/fhir/datatypes.h"
#include "als/fhir/json.h"

namespace als::fhir {
namespace {

TEST_CASE("ReferenceId takes the id of a local, absolute or versioned reference", "[fhir][datatypes]") {
  CHECK(ReferenceId("Patient/123", "Patient") == "123");
  CHECK(ReferenceId("http://x/fhir/Patient/123", "Patient") == "123");
  CHECK(ReferenceId("Patient/123/_history/2", "Patient") == "123");
  CHECK(ReferenceId("Group/123", "Patient").empty());
  CHECK(ReferenceId("XPatient/123", "Patient").empty());  // not a whole segment
  CHECK(ReferenceId("Patient/", "Patient").empty());
  CHECK(ReferenceId("Patient/1/2", "Patient").empty());
}

TEST_CASE("ReferenceableTarget: Medication, Device and Substance references only", "[fhir][datatypes]") {
  std::optional<ReferenceTarget> local = ReferenceableTarget("Medication/m1");
  REQUIRE(local);
  CHECK(local->type == "Medication");
  CHECK(local->id == "m1");
  CHECK(local->Key() == "Medication/m1");
  std::optional<ReferenceTarget> absolute = ReferenceableTarget("https://ehr.example/fhir/Device/d-7/_history/3");
  REQUIRE(absolute);
  CHECK(absolute->Key() == "Device/d-7");
  REQUIRE(ReferenceableTarget("Substance/s"));
  CHECK_FALSE(ReferenceableTarget("Patient/p1"));
  CHECK_FALSE(ReferenceableTarget("#contained"));
  CHECK_FALSE(ReferenceableTarget("urn:uuid:0b0e"));
  CHECK(IsReferenceable("Device"));
  CHECK_FALSE(IsReferenceable("MedicationRequest"));
}

TEST_CASE("ElementPath writes the path of an element only when asked", "[fhir][datatypes]") {
  const ElementPath observation("Observation");
  CHECK(observation.ToString() == "Observation");
  CHECK(observation.Member("code").ToString() == "Observation.code");
  const ElementPath component = observation.Member("component", 2);
  CHECK(component.ToString() == "Observation.component[2]");
  CHECK(component.Member("valueQuantity").Member("value").ToString() == "Observation.component[2].valueQuantity.value");
  CHECK(observation.Choice("effective", "DateTime").ToString() == "Observation.effectiveDateTime");
  CHECK(observation.Member("effectivePeriod.start").ToString() == "Observation.effectivePeriod.start");
}

TEST_CASE("ReadCodeableConcept views the codings of the document, first member of a name", "[fhir][datatypes]") {
  auto doc = ParseJson(R"({"code":{"text":"FVC","coding":[{"system":"http://loinc.org","code":"19872-1",)"
                       R"("display":"FVC %","code":"ignored"},{"code":"x"}]},"bad":{"coding":[{}, 1]}})",
                       "t");
  REQUIRE(doc.ok());
  auto concept_value = ReadCodeableConcept(Member(*doc, "code"), "Observation.code");
  REQUIRE(concept_value.ok());
  REQUIRE(concept_value->has_value());
  const ConceptView& code = **concept_value;
  CHECK(code.text == "FVC");
  REQUIRE(code.codings.size() == 2);
  CHECK(code.codings[0].system == "http://loinc.org");
  CHECK(code.codings[0].code == "19872-1");
  CHECK(code.codings[0].display == "FVC %");
  CHECK(code.codings[1].system.empty());
  CHECK(code.Label() == "FVC");
  CHECK_FALSE(ReadCodeableConcept(Member(*doc, "absent"), "Observation.absent")->has_value());
  auto bad = ReadCodeableConcept(Member(*doc, "bad"), ElementPath("Observation").Member("component", 3).Member("code"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().ToString() == "Observation.component[3].code.coding[1]: expected a Coding object");
}

TEST_CASE("ReadQuantity reports a bad value with the element path", "[fhir][datatypes]") {
  auto doc = ParseJson(R"({"q":{"value":1.84,"unit":"litre","system":"http://unitsofmeasure.org","code":"L"},)"
                       R"("other":{"value":3,"unit":"lb","system":"http://example.org"},"no_value":{"unit":"L"},)"
                       R"("text_value":{"value":"3"}})",
                       "t");
  REQUIRE(doc.ok());
  auto quantity = ReadQuantity(Member(*doc, "q"), "Observation.valueQuantity");
  REQUIRE(quantity.ok());
  REQUIRE(quantity->has_value());
  CHECK((*quantity)->value == Approx(1.84));
  CHECK((*quantity)->UnitKey() == "L");
  CHECK((*ReadQuantity(Member(*doc, "other"), "x"))->UnitKey() == "lb");  // not UCUM: the unit text
  const ElementPath observation("Observation");
  auto missing = ReadQuantity(Member(*doc, "no_value"), observation.Member("valueQuantity"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().ToString() == "Observation.valueQuantity.value: missing");
  auto text = ReadQuantity(Member(*doc, "text_value"), observation.Member("component", 0).Member("valueQuantity"));
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().ToString() == "Observation.component[0].valueQuantity.value: expected a number, got '3'");
}

TEST_CASE("The views of owning datatypes read the same as the owning types", "[fhir][datatypes]") {
  CodeableConcept owned;
  CHECK(owned.Label() == "(no code)");
  CHECK(ConceptView(owned).Label() == "(no code)");
  owned.codings.push_back({"http://loinc.org", "19872-1", ""});
  CHECK(owned.Label() == "http://loinc.org|19872-1");
  ConceptView view(owned);
  REQUIRE(view.codings.size() == 1);
  CHECK(view.codings[0].code == "19872-1");
  CHECK(view.Label() == owned.Label());
  owned.codings.push_back({"http://snomed.info/sct", "1", "Display"});
  CHECK(owned.Label() == "Display");
  owned.text = "Forced vital capacity";
  CHECK(owned.Label() == "Forced vital capacity");
  CHECK(ConceptView(owned).Label() == owned.Label());
  Quantity pounds;
  pounds.value = 150;
  pounds.unit = "lb";
  CHECK(QuantityView(pounds).UnitKey() == "lb");
  CHECK(pounds.UnitKey() == "lb");
  pounds.code = "[lb_av]";
  CHECK(pounds.UnitKey() == "[lb_av]");  // no system: UCUM
}

}  // namespace
}  // namespace als::fhir
