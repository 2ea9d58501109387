#include "als/fhir/date.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace als::fhir {
namespace {

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Reads exactly `width` digits at `pos`; false if they are not all digits.
bool ReadDigits(std::string_view text, size_t pos, size_t width, int* out) {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

void CivilFromDays(Day days, int* year, int* month, int* day) {
  // Howard Hinnant's days_from_civil inverse.
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(y + (*month <= 2));
}

Error DateError(std::string_view text, const std::string& why) {
  return MakeError(ErrorCode::kInvalidData, "",
                   "'" + std::string(text.substr(0, 40)) + "' is not a FHIR date/dateTime: " + why);
}

}  // namespace

Day DaysFromCivil(int year, int month, int day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t yoe = year - era * 400;
  int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Day>(era * 146097 + doe - 719468);
}

Result<FhirDate> ParseFhirDate(std::string_view text) {
  int year = 0, month = 1, day = 1;
  if (text.empty()) return DateError(text, "empty");
  if (!ReadDigits(text, 0, 4, &year) || year < 1) return DateError(text, "expected a 4-digit year");
  FhirDate result;
  if (text.size() == 4) {
    result.precision = DatePrecision::kYear;
    result.day = DaysFromCivil(year, 1, 1);
    result.last_day = DaysFromCivil(year, 12, 31);
    return result;
  }
  if (text[4] != '-' || !ReadDigits(text, 5, 2, &month) || month < 1 || month > 12)
    return DateError(text, "expected YYYY-MM with a month 01-12");
  if (text.size() == 7) {
    result.precision = DatePrecision::kMonth;
    result.day = DaysFromCivil(year, month, 1);
    result.last_day = DaysFromCivil(year, month, DaysInMonth(year, month));
    return result;
  }
  if (text[7] != '-' || !ReadDigits(text, 8, 2, &day) || day < 1 || day > DaysInMonth(year, month))
    return DateError(text, "expected YYYY-MM-DD with a valid day");
  result.day = DaysFromCivil(year, month, day);
  result.last_day = result.day;
  if (text.size() == 10) return result;

  // dateTime: THH:MM:SS(.fraction)?(Z|+HH:MM|-HH:MM)
  int hour = 0, minute = 0, second = 0;
  if (text[10] != 'T' || !ReadDigits(text, 11, 2, &hour) || text.size() < 19 || text[13] != ':' ||
      !ReadDigits(text, 14, 2, &minute) || text[16] != ':' || !ReadDigits(text, 17, 2, &second) ||
      hour > 23 || minute > 59 || second > 60)
    return DateError(text, "expected a time THH:MM:SS after the date");
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos, ++digits;
    if (digits == 0) return DateError(text, "empty fraction of a second");
  }
  int offset_minutes = 0;
  if (pos == text.size()) return DateError(text, "a time needs a zone (Z or +HH:MM)");
  if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 14 || om > 59)
      return DateError(text, "bad zone offset");
    offset_minutes = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return DateError(text, "unexpected characters after the time");
  }
  if (pos != text.size()) return DateError(text, "unexpected characters after the zone");
  int64_t minutes_utc = static_cast<int64_t>(result.day) * 1440 + hour * 60 + minute - offset_minutes;
  int64_t utc_day = minutes_utc >= 0 ? minutes_utc / 1440 : (minutes_utc - 1439) / 1440;
  result.day = static_cast<Day>(utc_day);
  result.last_day = result.day;
  result.precision = DatePrecision::kTime;
  return result;
}

Result<Day> ParseIsoDay(std::string_view text) {
  if (text.size() != 10) {
    return MakeError(ErrorCode::kInvalidArgument, "",
                     "'" + std::string(text) + "' is not a date: expected YYYY-MM-DD");
  }
  auto parsed = ParseFhirDate(text);
  if (!parsed.ok()) return MakeError(ErrorCode::kInvalidArgument, "", parsed.error().message);
  return parsed->day;
}

std::string FormatDay(Day days) {
  int year, month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 0 || year > 9999) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
  }
  // Written by hand: this runs for every date a record holds or the output
  // writes, and snprintf's format parsing cost more than the rest of it.
  std::string text = "0000-00-00";
  auto put = [&text](size_t end, int value, int width) {
    for (int i = 0; i < width; ++i, value /= 10) text[end - i] = static_cast<char>('0' + value % 10);
  };
  put(3, year, 4);
  put(6, month, 2);
  put(9, day, 2);
  return text;
}

std::string FormatDayAsInstant(Day day) { return FormatDay(day) + "T00:00:00Z"; }

Day TodayUtc() { return static_cast<Day>(std::time(nullptr) / 86400); }

int YearsBetween(Day birth, Day on) {
  int by, bm, bd, oy, om, od;
  CivilFromDays(birth, &by, &bm, &bd);
  CivilFromDays(on, &oy, &om, &od);
  int years = oy - by;
  if (om < bm || (om == bm && od < bd)) --years;
  return years;
}

}  // namespace als::fhir
