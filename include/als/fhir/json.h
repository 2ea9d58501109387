// JSON access on RapidJSON: parsing with file:line errors, and null-safe member access.
#ifndef ALS_FHIR_JSON_H_
#define ALS_FHIR_JSON_H_

#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::fhir {

// Parses `text` into a document. The parser is iterative, so arbitrarily deep
// nesting cannot overflow the stack. Errors name `source` and the line:
// `source` + ":" + (first_line + newlines before the error offset).
// `depth`, when given, receives the nesting depth as ParseInPool gives it.
Result<rapidjson::Document> ParseJson(std::string_view text, const std::string& source,
                                      int first_line = 1, int* depth = nullptr);

// `text` without a leading UTF-8 byte order mark (RapidJSON's readers skip one too).
std::string_view WithoutUtf8Bom(std::string_view text);

// The parse under ParseJson, for callers with their own messages: `text` into
// `document`, from a copy in the document's pool (so the document owns its
// strings without copying each); recursively up to a fixed depth, iteratively
// beyond it and for the error of malformed input. A leading UTF-8 BOM is skipped. On a
// syntax error document->HasParseError() and the error's offset in `text` is returned.
// Its strings live in the document's pool: copy values out with DeepCopy.
// `depth`, when given, receives the document's nesting depth as NestingDepth
// counts it, or kDepthBeyondRecursiveParse when it nests deeper than the
// recursive parse goes or has a syntax error (the iterative parse does not count).
size_t ParseInPool(std::string_view text, rapidjson::Document* document, int* depth = nullptr);
constexpr int kDepthBeyondRecursiveParse = 1 << 30;

// ParseInPool for a text of `size` bytes that `write` puts into the document's
// pool itself (a decoder writing straight there, rather than into a string the
// parse would copy). `write(out)` writes exactly `size` bytes to `out`, or
// returns false when it cannot; it is called again, to restore the text, when
// the parse falls back to the iterative reader. False when `write` failed (the
// document is then left without a value); otherwise *error_offset and *depth
// are what ParseInPool gives.
bool ParseWrittenInPool(size_t size, const std::function<bool(char* out)>& write,
                        rapidjson::Document* document, size_t* error_offset, int* depth = nullptr);

// A deep copy of `value` made with `allocator`, strings included. (RapidJSON's
// own copy keeps pointers to the strings of an in-situ parse, such as
// ParseJson's, which die with their document.)
rapidjson::Value DeepCopy(const rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator);

// The member `name` of `object`, or nullptr when `object` is not an object or has no such member.
// Inline: with a literal name the comparison compiles to a few loads, not a
// call to memcmp per member (RapidJSON's FindMember also measures the name).
inline const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (const auto& member : object.GetObject()) {
    if (member.name.GetStringLength() == name.size() &&
        std::memcmp(member.name.GetString(), name.data(), name.size()) == 0) {
      return &member.value;
    }
  }
  return nullptr;
}

// The members `prefix` + suffixes[i] of `object`, found in one pass over its
// members: found[i] is the first of that name (as Member gives), or nullptr.
// For choice elements ("value" + "Quantity", "effective" + "DateTime", ...).
template <size_t N>
void ChoiceMembers(const rapidjson::Value& object, std::string_view prefix,
                   const std::string_view (&suffixes)[N], const rapidjson::Value* (&found)[N]) {
  for (const rapidjson::Value*& slot : found) slot = nullptr;
  if (!object.IsObject()) return;
  for (const auto& member : object.GetObject()) {
    std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    name.remove_prefix(prefix.size());
    for (size_t i = 0; i < N; ++i) {
      if (found[i] == nullptr && name == suffixes[i]) found[i] = &member.value;
    }
  }
}

// The string `value`, or nullopt when it is null or not a string.
inline std::optional<std::string_view> AsString(const rapidjson::Value* value) {
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return std::string_view(value->GetString(), value->GetStringLength());
}

// The string `value`, or "" when it is null or not a string.
inline std::string_view StringOr(const rapidjson::Value* value, std::string_view fallback = "") {
  return AsString(value).value_or(fallback);
}

// The string member, or "" when absent or not a string.
inline std::string_view StringOr(const rapidjson::Value& object, std::string_view name,
                                 std::string_view fallback = "") {
  return StringOr(Member(object, name), fallback);
}

// The string member `name`, or nullopt when absent or not a string.
inline std::optional<std::string_view> StringMember(const rapidjson::Value& object, std::string_view name) {
  return AsString(Member(object, name));
}

// Depth of nested objects/arrays in `value` (a scalar is 0), counting no further
// than just past `limit`. Check this before any recursive walk of untrusted JSON.
// It recurses itself, at most `limit` + 1 levels: keep `limit` small.
int NestingDepth(const rapidjson::Value& value, int limit);
constexpr int kMaxResourceDepth = 64;

// Serialises a value compactly (for storage and for messages).
std::string ToJson(const rapidjson::Value& value);

// Renders a value for an error message: its JSON, cut to `max_length` characters.
std::string Excerpt(const rapidjson::Value& value, size_t max_length = 60);

}  // namespace als::fhir

#endif  // ALS_FHIR_JSON_H_
