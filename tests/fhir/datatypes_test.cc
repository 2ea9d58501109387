#include <catch2/catch.hpp>

#include "als/fhir/datatypes.h"

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

}  // namespace
}  // namespace als::fhir
