// Small helpers shared by the client's sources (not a public header).
#ifndef ALS_SRC_CLIENT_JSON_TEXT_H_
#define ALS_SRC_CLIENT_JSON_TEXT_H_

#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace als::client::internal {

// The string member `name` of `object`, or "" when absent or not a string.
std::string StringMember(const rapidjson::Value& object, const char* name);

// The array member `name` of `object`, or nullptr.
const rapidjson::Value* ArrayMember(const rapidjson::Value& object, const char* name);

// ASCII case-insensitive equality (header names, token types).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace als::client::internal

#endif  // ALS_SRC_CLIENT_JSON_TEXT_H_
