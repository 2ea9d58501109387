#include <catch2/catch.hpp>

#include "als/terminology/units.h"

namespace als::terminology {
namespace {

fhir::Quantity Q(double value, const std::string& code, const std::string& system = fhir::kUcumSystem) {
  fhir::Quantity q;
  q.value = value;
  q.code = code;
  q.unit = code;
  q.system = system;
  return q;
}

TEST_CASE("UCUM normalisation of the units terminology.md lists", "[terminology][units]") {
  CHECK(*ConvertToUnit(Q(46, "%"), "%") == Approx(46));
  CHECK(*ConvertToUnit(Q(0.46, "1"), "%") == Approx(46));
  CHECK(*ConvertToUnit(Q(2300, "mL"), "L") == Approx(2.3));
  CHECK(*ConvertToUnit(Q(154, "[lb_av]"), "kg") == Approx(69.853).epsilon(0.001));
  CHECK(*ConvertToUnit(Q(70000, "g"), "kg") == Approx(70));
  CHECK(*ConvertToUnit(Q(1, "ukat/L"), "U/L") == Approx(60));
  CHECK(*ConvertToUnit(Q(4, "kPa"), "cm[H2O]") == Approx(40.79).epsilon(0.001));
  CHECK(*ConvertToUnit(Q(6, "kPa"), "mm[Hg]") == Approx(45.0).epsilon(0.001));
  CHECK(*ConvertToUnit(Q(20.52, "umol/L"), "mg/dL") == Approx(1.2).epsilon(0.01));
  CHECK(*ConvertToUnit(Q(450, "/uL"), "10*9/L") == Approx(0.45));
}

TEST_CASE("Unit text is used when the system is not UCUM", "[terminology][units]") {
  fhir::Quantity pounds;
  pounds.value = 150;
  pounds.unit = "lb";
  CHECK(*ConvertToUnit(pounds, "kg") == Approx(68.04).epsilon(0.001));
}

TEST_CASE("An unknown unit is reported, never guessed", "[terminology][units]") {
  auto furlongs = ConvertToUnit(Q(3, "furlong"), "L");
  REQUIRE_FALSE(furlongs.ok());
  CHECK(furlongs.error().message.find("furlong") != std::string::npos);
  CHECK(furlongs.error().message.find("'mL'") != std::string::npos);
  // A percentage with a volume unit is not silently taken as a percentage.
  CHECK_FALSE(ConvertToUnit(Q(46, "L"), "%").ok());
  fhir::Quantity no_unit;
  no_unit.value = 46;
  CHECK_FALSE(ConvertToUnit(no_unit, "%").ok());
}

TEST_CASE("A quantity read in place converts like an owned one", "[terminology][units]") {
  fhir::QuantityView view;
  view.value = 2300;
  view.system = fhir::kUcumSystem;
  view.code = "mL";
  view.unit = "millilitre";
  CHECK(*ConvertToUnit(view, "L") == Approx(2.3));
  view.system = "http://example.org/units";  // not UCUM: the unit text, not known
  auto unknown = ConvertToUnit(view, "L");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("unit 'millilitre'") != std::string::npos);
}

}  // namespace
}  // namespace als::terminology
