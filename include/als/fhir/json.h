// JSON access on RapidJSON: parsing with file:line errors, and null-safe member access.
#ifndef ALS_FHIR_JSON_H_
#define ALS_FHIR_JSON_H_

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::fhir {

// Parses `text` into a document. The parser is iterative, so arbitrarily deep
// nesting cannot overflow the stack. Errors name `source` and the line:
// `source` + ":" + (first_line + newlines before the error offset).
Result<rapidjson::Document> ParseJson(std::string_view text, const std::string& source,
                                      int first_line = 1);

// The member `name` of `object`, or nullptr when `object` is not an object or has no such member.
const rapidjson::Value* Member(const rapidjson::Value& object, const char* name);

// The string member `name`, or nullopt when absent or not a string.
std::optional<std::string_view> StringMember(const rapidjson::Value& object, const char* name);

// The string member, or "" when absent or not a string.
std::string_view StringOr(const rapidjson::Value& object, const char* name,
                          std::string_view fallback = "");

// Depth of nested objects/arrays in `value` (a scalar is 0), counting no further
// than just past `limit`. Check this before any recursive walk of untrusted JSON.
int NestingDepth(const rapidjson::Value& value, int limit);
constexpr int kMaxResourceDepth = 64;

// Serialises a value compactly (for storage and for messages).
std::string ToJson(const rapidjson::Value& value);

// Renders a value for an error message: its JSON, cut to `max_length` characters.
std::string Excerpt(const rapidjson::Value& value, size_t max_length = 60);

}  // namespace als::fhir

#endif  // ALS_FHIR_JSON_H_
