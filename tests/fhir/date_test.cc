#include <catch2/catch.hpp>

#include "als/fhir/date.h"

namespace als::fhir {
namespace {

TEST_CASE("FHIR dates of every precision", "[fhir][date]") {
  auto year = ParseFhirDate("2026");
  REQUIRE(year.ok());
  CHECK(year->precision == DatePrecision::kYear);
  CHECK(FormatDay(year->day) == "2026-01-01");
  CHECK(FormatDay(year->last_day) == "2026-12-31");
  auto month = ParseFhirDate("2024-02");
  REQUIRE(month.ok());
  CHECK(FormatDay(month->last_day) == "2024-02-29");
  auto day = ParseFhirDate("2026-03-02");
  REQUIRE(day.ok());
  CHECK(FormatDay(day->day) == "2026-03-02");
  for (const char* text : {"0001-01-01", "0999-09-09", "1970-01-01", "9999-12-31"}) {
    auto edge = ParseFhirDate(text);
    REQUIRE(edge.ok());
    CHECK(FormatDay(edge->day) == text);
  }
}

TEST_CASE("dateTime and instant convert to the UTC day", "[fhir][date]") {
  auto late_evening_new_york = ParseFhirDate("2026-03-02T23:30:00-05:00");
  REQUIRE(late_evening_new_york.ok());
  CHECK(FormatDay(late_evening_new_york->day) == "2026-03-03");
  auto instant = ParseFhirDate("2026-03-02T10:00:00.123Z");
  REQUIRE(instant.ok());
  CHECK(FormatDay(instant->day) == "2026-03-02");
}

TEST_CASE("Unparseable dates are errors that say why", "[fhir][date]") {
  for (const char* bad : {"", "26-03-02", "2026-13-01", "2026-02-30", "2026/03/02", "2026-03-02T10:00", "yesterday",
                          "2026-03-02T25:00:00Z", "2026-03-02T10:00:00+0500"}) {
    auto result = ParseFhirDate(bad);
    INFO(bad);
    CHECK_FALSE(result.ok());
  }
  auto result = ParseFhirDate("2026-02-30");
  CHECK(result.error().message.find("2026-02-30") != std::string::npos);
}

TEST_CASE("--as-of takes exactly YYYY-MM-DD", "[fhir][date]") {
  CHECK(ParseIsoDay("2026-06-01").ok());
  CHECK_FALSE(ParseIsoDay("2026-06").ok());
  CHECK_FALSE(ParseIsoDay("2026-06-01T00:00:00Z").ok());
}

TEST_CASE("Ages in whole years", "[fhir][date]") {
  Day birth = *ParseIsoDay("1960-06-02");
  CHECK(YearsBetween(birth, *ParseIsoDay("2026-06-01")) == 65);
  CHECK(YearsBetween(birth, *ParseIsoDay("2026-06-02")) == 66);
}

}  // namespace
}  // namespace als::fhir
