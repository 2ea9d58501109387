// FHIR date, dateTime and instant values, including partial dates ("2026", "2026-03").
// The guideline works in whole days: a Day is the UTC calendar day, counted from 1970-01-01.
#ifndef ALS_FHIR_DATE_H_
#define ALS_FHIR_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "als/common/result.h"

namespace als::fhir {

using Day = int32_t;

enum class DatePrecision { kYear, kMonth, kDay, kTime };

struct FhirDate {
  // The first day the value can mean: "2026-03" starts on 2026-03-01. Windows
  // ("an FVC within 90 days") therefore never count a partial date as more
  // recent than it can be shown to be.
  Day day = 0;
  DatePrecision precision = DatePrecision::kDay;
  // The last day it can mean ("2026-03" ends on 2026-03-31); equals `day` for full dates.
  Day last_day = 0;
};

// Parses a FHIR date/dateTime/instant. Times with a zone offset are converted to
// UTC before taking the day. The error message says what is wrong with the text.
Result<FhirDate> ParseFhirDate(std::string_view text);

// Parses exactly YYYY-MM-DD (the command line's --as-of).
Result<Day> ParseIsoDay(std::string_view text);

Day DaysFromCivil(int year, int month, int day);
// YYYY-MM-DD.
std::string FormatDay(Day day);
// YYYY-MM-DDT00:00:00Z, for FHIR dateTime/instant elements the adapter writes.
std::string FormatDayAsInstant(Day day);
Day TodayUtc();

// Whole years between `birth` and `on` (an age).
int YearsBetween(Day birth, Day on);

}  // namespace als::fhir

#endif  // ALS_FHIR_DATE_H_
