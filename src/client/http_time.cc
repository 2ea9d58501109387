#include "als/client/http_time.h"

#include <cctype>
#include <ctime>
#include <vector>

namespace als::client {
namespace {

constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::optional<int> MonthIndex(std::string_view name) {
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == name) return i;
  }
  return std::nullopt;
}

// "08:49:37" into the fields of `tm`.
bool ParseClock(std::string_view text, std::tm* tm) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
  std::string_view hours = text.substr(0, 2), minutes = text.substr(3, 2),
                   seconds = text.substr(6, 2);
  if (!IsDigits(hours) || !IsDigits(minutes) || !IsDigits(seconds)) return false;
  tm->tm_hour = ToInt(hours);
  tm->tm_min = ToInt(minutes);
  tm->tm_sec = ToInt(seconds);
  return tm->tm_hour < 24 && tm->tm_min < 60 && tm->tm_sec <= 60;
}

std::vector<std::string_view> SplitDateTokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '-')) ++i;
    size_t begin = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '-') ++i;
    if (i > begin) tokens.push_back(text.substr(begin, i - begin));
  }
  return tokens;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::vector<std::string_view> tokens = SplitDateTokens(text);
  std::tm tm{};
  std::string_view day, month, year, clock;
  if (tokens.size() == 6 && tokens[5] == "GMT") {  // IMF-fixdate or RFC 850
    day = tokens[1];
    month = tokens[2];
    year = tokens[3];
    clock = tokens[4];
  } else if (tokens.size() == 5) {  // asctime
    month = tokens[1];
    day = tokens[2];
    clock = tokens[3];
    year = tokens[4];
  } else {
    return std::nullopt;
  }
  for (char c : tokens[0]) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
  }
  std::optional<int> month_index = MonthIndex(month);
  if (!month_index || !IsDigits(day) || day.size() > 2 || !IsDigits(year) ||
      (year.size() != 2 && year.size() != 4) || !ParseClock(clock, &tm)) {
    return std::nullopt;
  }
  int year_number = ToInt(year);
  if (year.size() == 2) year_number += year_number < 70 ? 2000 : 1900;
  tm.tm_year = year_number - 1900;
  tm.tm_mon = *month_index;
  tm.tm_mday = ToInt(day);
  if (tm.tm_mday < 1 || tm.tm_mday > 31) return std::nullopt;
  std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

std::string FormatFhirInstant(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace als::client
