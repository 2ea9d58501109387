#include "als/output/json_writer.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace als::output {
namespace {

// What rapidjson::Writer writes for `value` as a string.
std::string RapidJsonString(const std::string& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string JsonWriterString(const std::string& value) {
  std::string out;
  JsonWriter(&out).String(value);
  return out;
}

TEST_CASE("JsonWriter escapes strings as rapidjson::Writer does", "[output][json]") {
  std::vector<std::string> values = {"", "plain", "a \"quoted\" \\ path/with/slashes", "tab\there\nnew line\r\f\b",
                                     "\x7f del and UTF-8: \xc3\xa9 \xe2\x89\xa5 50%", std::string("nul\0byte", 8)};
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  values.push_back(every_byte);
  // Escapes at every position of texts long enough for the word-at-a-time scan and its overlapping last word.
  for (size_t length : {7, 8, 9, 15, 16, 17, 31}) {
    for (size_t at = 0; at < length; ++at) {
      for (char special : {'"', '\\', '\x01', '\n'}) {
        std::string text(length, 'x');
        text[at] = special;
        values.push_back(text);
      }
    }
  }
  for (const std::string& value : values) {
    INFO(RapidJsonString(value));
    CHECK(JsonWriterString(value) == RapidJsonString(value));
  }
}

TEST_CASE("JsonWriter separates members and elements with commas", "[output][json]") {
  std::string out;
  JsonWriter w(&out);
  w.StartObject();
  w.Key("a");
  w.StartArray();
  w.String("x");
  w.StartObject();
  w.EndObject();
  w.RawValue(R"({"raw":[1,2]})");
  w.StartArray();
  w.EndArray();
  w.EndArray();
  w.Key("b");
  w.String("y");
  w.EndObject();
  CHECK(out == R"({"a":["x",{},{"raw":[1,2]},[]],"b":"y"})");
}

TEST_CASE("JsonWriter appends to what the string holds", "[output][json]") {
  std::string out = "prefix:";
  JsonWriter w(&out);
  w.StartArray();
  w.String("v");
  w.EndArray();
  CHECK(out == R"(prefix:["v"])");
}

}  // namespace
}  // namespace als::output
