// Helpers for the generator tests: reading generated resources back as JSON.
#ifndef ALS_TESTS_GENERATOR_GENERATED_JSON_H_
#define ALS_TESTS_GENERATOR_GENERATED_JSON_H_

#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <vector>

namespace als::testing {

inline rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  return document;
}

// Calls `visit` with every string value anywhere inside `value`.
inline void ForEachString(const rapidjson::Value& value, const std::function<void(const std::string&)>& visit) {
  if (value.IsString()) {
    visit(value.GetString());
  } else if (value.IsObject()) {
    for (const auto& member : value.GetObject()) ForEachString(member.value, visit);
  } else if (value.IsArray()) {
    for (const auto& item : value.GetArray()) ForEachString(item, visit);
  }
}

// "2026-03-02..." -> true: a FHIR date, dateTime or instant.
inline bool LooksLikeDate(const std::string& text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

}  // namespace als::testing

#endif  // ALS_TESTS_GENERATOR_GENERATED_JSON_H_
