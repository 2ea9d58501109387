#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>

#include "als/fhir/json.h"

namespace als::fhir {
namespace {

TEST_CASE("ParseJson names the source and the line of a syntax error", "[fhir][json]") {
  auto result = ParseJson("{\n  \"resourceType\": \"Patient\",\n  \"id\": }\n", "input.json");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == ErrorCode::kParse);
  CHECK(result.error().location == "input.json:3");
  CHECK(result.error().message.find("malformed JSON") != std::string::npos);
}

TEST_CASE("ParseJson counts lines from the given first line (NDJSON)", "[fhir][json]") {
  auto result = ParseJson("{\"a\":", "bulk.ndjson", 42);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().location == "bulk.ndjson:42");
}

TEST_CASE("ParseJson reports empty input and trailing garbage", "[fhir][json]") {
  auto empty = ParseJson("  \n ", "empty.json");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("empty") != std::string::npos);
  auto trailing = ParseJson("{} {}", "two.json");
  REQUIRE_FALSE(trailing.ok());
}

TEST_CASE("JSON nested 100,000 deep parses and is measured without stack overflow", "[fhir][json]") {
  std::string deep = "{\"resourceType\":\"Observation\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto result = ParseJson(deep, "deep.json");
  REQUIRE(result.ok());
  CHECK(NestingDepth(*result, kMaxResourceDepth) > kMaxResourceDepth);
  auto shallow = ParseJson("{\"a\":{\"b\":[1,2]}}", "s.json");
  REQUIRE(shallow.ok());
  CHECK(NestingDepth(*shallow, kMaxResourceDepth) == 3);
}

TEST_CASE("ParseJson: the same error and strings at any depth (a quote and a bracket inside a string)", "[fhir][json]") {
  for (int depth : {10, 300}) {
    std::string text = std::string(depth, '[') + "1,\n}" + std::string(depth, ']');
    auto doc = ParseJson(text, "t.json");
    INFO("depth " << depth);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().location == "t.json:2");
    CHECK(doc.error().message == "malformed JSON: Invalid value.");
    std::string fine = std::string(depth, '[') + "\"a\\\"]\"" + std::string(depth, ']');  // a quote and bracket in a string
    auto parsed = ParseJson(fine, "t.json");
    REQUIRE(parsed.ok());
    CHECK(NestingDepth(*parsed, 1000) == depth);
  }
}

// ParseInPool as it was before its recursive first pass: the iterative reader
// alone, in situ, on the text without its BOM.
size_t IterativeParse(std::string_view text, rapidjson::Document* document) {
  std::string_view json = WithoutUtf8Bom(text);
  std::string copy(json);
  document->ParseInsitu<rapidjson::kParseIterativeFlag>(copy.data());
  // The strings point into `copy`: keep them as the document's own.
  rapidjson::Value owned = DeepCopy(*document, document->GetAllocator());
  static_cast<rapidjson::Value&>(*document) = owned;
  return document->HasParseError() ? document->GetErrorOffset() + (text.size() - json.size()) : 0;
}

std::string Nested(int depth, std::string_view inside) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += i % 2 ? "[" : "{\"k\":";
  text += inside;
  for (int i = depth - 1; i >= 0; --i) text += i % 2 ? "]" : "}";
  return text;
}

TEST_CASE("ParseInPool: the same document, error message and offset as the iterative parse at any depth",
          "[fhir][json]") {
  const std::string inside =
      R"({"n":[1,-2,3.25,1e300,18446744073709551615,-9223372036854775808],"s":"a\u00e9\"\\\n","t":true,)"
      R"("f":false,"z":null,"o":{},"a":[]})";
  // Nested 2 to 5002 deep: within the recursive pass's depth, at its limit (256), just past it, far past it.
  for (int depth : {0, 5, 254, 255, 300, 5000}) {
    for (const std::string& bom : {std::string(), std::string("\xEF\xBB\xBF")}) {
      INFO("depth " << depth << (bom.empty() ? "" : ", with a BOM"));
      std::string text = bom + " " + Nested(depth, inside) + "\n";
      rapidjson::Document parsed, expected;
      int parsed_depth = -1;
      CHECK(ParseInPool(text, &parsed, &parsed_depth) == 0);
      CHECK(IterativeParse(text, &expected) == 0);
      REQUIRE_FALSE(parsed.HasParseError());
      CHECK(parsed == expected);
      CHECK(ToJson(parsed) == ToJson(expected));
      // The depth the parse reports is the one NestingDepth walks for (`inside` adds 2), or beyond the recursive parse.
      CHECK(parsed_depth == (depth + 2 <= 256 ? NestingDepth(parsed, 1000) : kDepthBeyondRecursiveParse));
      CHECK(NestingDepth(parsed, 10000) == depth + 2);

      for (const std::string& bad : {bom + Nested(depth, R"({"a":1,}")"), bom + Nested(depth, R"("x")") + "]",
                                     bom + Nested(depth, "[1,2"), bom + Nested(depth, "tru"), bom + "  ",
                                     bom + Nested(depth, "{}") + " {}"}) {
        INFO(bad.substr(0, 80));
        rapidjson::Document failed, reference;
        int failed_depth = -1;
        size_t offset = ParseInPool(bad, &failed, &failed_depth);
        REQUIRE(failed.HasParseError());
        CHECK(failed_depth == kDepthBeyondRecursiveParse);
        CHECK(offset == IterativeParse(bad, &reference));
        CHECK(failed.GetParseError() == reference.GetParseError());
        CHECK(failed.GetErrorOffset() == reference.GetErrorOffset());
      }
    }
  }
  // Offsets and messages as ParseJson reports them, pinned.
  rapidjson::Document failed;
  CHECK(ParseInPool("\xEF\xBB\xBF" R"({"a":[1,2,}])", &failed) == 13);
  CHECK(failed.GetParseError() == rapidjson::kParseErrorValueInvalid);
  auto deep = ParseJson(std::string(300, '[') + "\n1,\n}" + std::string(300, ']'), "d.json");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().location == "d.json:3");
  CHECK(deep.error().message == "malformed JSON: Invalid value.");
}

TEST_CASE("ParseWrittenInPool: the text is written into the pool, again only for the iterative parse",
          "[fhir][json]") {
  auto writer = [](const std::string& text, int* calls, int fail_on_call) {
    return [&text, calls, fail_on_call](char* out) {
      if (++*calls == fail_on_call) return false;
      std::memcpy(out, text.data(), text.size());
      return true;
    };
  };
  const std::string shallow = "\xEF\xBB\xBF" R"({"a":[1,"x"]})";
  const std::string deep = std::string(300, '[') + "1" + std::string(300, ']');
  for (const std::string* text : {&shallow, &deep}) {
    rapidjson::Document parsed, expected;
    int calls = 0;
    size_t offset = 99;
    int depth = -1;
    REQUIRE(ParseWrittenInPool(text->size(), writer(*text, &calls, 0), &parsed, &offset, &depth));
    CHECK(offset == 0);
    CHECK(calls == (text == &deep ? 2 : 1));
    CHECK(depth == (text == &deep ? kDepthBeyondRecursiveParse : 2));
    ParseInPool(*text, &expected);
    CHECK(parsed == expected);
  }
  // A writer that cannot write: false, and no value, on the first call or the second.
  for (int fail_on_call : {1, 2}) {
    rapidjson::Document parsed;
    int calls = 0;
    size_t offset = 0;
    CHECK_FALSE(ParseWrittenInPool(deep.size(), writer(deep, &calls, fail_on_call), &parsed, &offset));
    CHECK(parsed.IsNull());
  }
  // A syntax error: the text written twice, the error at its offset.
  const std::string bad = R"({"a":[1,2,}])";
  rapidjson::Document failed;
  int calls = 0;
  size_t offset = 0;
  REQUIRE(ParseWrittenInPool(bad.size(), writer(bad, &calls, 0), &failed, &offset));
  CHECK(failed.HasParseError());
  CHECK(offset == 10);
  CHECK(calls == 2);
}

TEST_CASE("ParseInPool: mutated FHIR JSON gets the iterative parse's document, or its error and offset",
          "[fhir][json]") {
  const std::string original =
      R"({"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org",)"
      R"("code":"19868-9"}],"text":"FVC"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2023-11-04",)"
      R"("valueQuantity":{"value":3.15,"unit":"L"},"note":[{"text":"caf\u00e9 \ud83d\ude00 \"q\" \\ \n"}],)"
      R"("component":[{"valueInteger":-2147483648},{"valueInteger":4294967296},{"valueDecimal":-0.0},)"
      R"({"valueBoolean":true},{"valueString":null}],"extension":[],"contained":[{}]})";
  // One byte replaced, deleted or inserted, or the text cut: each input is
  // parsed, or refused, exactly as RapidJSON's iterative reader does.
  static constexpr char kBytes[] = "\"\\{}[],:0123456789-.eE+ untfalsx\x01\x7f\xc3\xa9\xff";
  std::mt19937_64 random(11);
  int refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = original;
    size_t at = random() % text.size();
    char byte = kBytes[random() % (sizeof(kBytes) - 1)];
    switch (random() % 4) {
      case 0: text[at] = byte; break;
      case 1: text.erase(at, 1); break;
      case 2: text.insert(at, 1, byte); break;
      default: text.resize(at); break;
    }
    INFO(text);
    rapidjson::Document parsed, expected;
    int depth = -1;
    size_t offset = ParseInPool(text, &parsed, &depth);
    size_t expected_offset = IterativeParse(text, &expected);
    REQUIRE(parsed.HasParseError() == expected.HasParseError());
    if (expected.HasParseError()) {
      ++refused;
      CHECK(parsed.GetParseError() == expected.GetParseError());
      CHECK(offset == expected_offset);
    } else {
      CHECK(parsed == expected);
      CHECK(ToJson(parsed) == ToJson(expected));
      CHECK(depth == NestingDepth(parsed, 1000));
    }
  }
  CHECK(refused > 1000);
  CHECK(refused < 19000);
}

TEST_CASE("ParseInPool: a document is reusable after an error, and values stay in its allocator", "[fhir][json]") {
  rapidjson::MemoryPoolAllocator<> pool;
  rapidjson::Document document(&pool);
  REQUIRE(ParseInPool("{\"a\":", &document) == 5);
  REQUIRE(document.HasParseError());
  CHECK(ParseInPool(R"({"a":"a string longer than any short string"})", &document) == 0);
  CHECK_FALSE(document.HasParseError());
  CHECK(&document.GetAllocator() == &pool);
  CHECK(StringOr(document, "a") == "a string longer than any short string");
  rapidjson::Document fresh(&pool);
  size_t used = pool.Size();
  CHECK(ParseInPool(R"({"b":[1,2,{"c":"d"}]})", &fresh) == 0);
  CHECK(pool.Size() > used);  // the copy and the values, in the caller's pool
  CHECK(ToJson(fresh) == R"({"b":[1,2,{"c":"d"}]})");
}

TEST_CASE("DeepCopy keeps every string after the parsed document is gone", "[fhir][json]") {
  rapidjson::Document target;
  {
    auto source = ParseJson(
        R"({"short":"a","a key longer than twenty-two characters":"a value longer than twenty-two characters",)"
        R"("list":[{"x":"y"}],"n":1.5})",
        "t");
    REQUIRE(source.ok());
    static_cast<rapidjson::Value&>(target) = DeepCopy(*source, target.GetAllocator());
    // Every string is the copy's own: no pointer into the source (RapidJSON's
    // copy would share the in-situ strings, which valgrind then reports as reads
    // of freed memory once the source is gone).
    const rapidjson::Value& source_long = (*source)["a key longer than twenty-two characters"];
    CHECK(target["short"].GetString() != (*source)["short"].GetString());
    CHECK(target["a key longer than twenty-two characters"].GetString() != source_long.GetString());
    CHECK(target.MemberBegin()->name.GetString() != source->MemberBegin()->name.GetString());
    CHECK(target["list"][0]["x"].GetString() != (*source)["list"][0]["x"].GetString());
  }
  CHECK(StringOr(target, "short") == "a");
  CHECK(StringOr(target, "a key longer than twenty-two characters") == "a value longer than twenty-two characters");
  CHECK(StringOr(target["list"][0], "x") == "y");
  CHECK(target["n"].GetDouble() == 1.5);
  CHECK(ToJson(target) ==
        R"({"short":"a","a key longer than twenty-two characters":"a value longer than twenty-two characters",)"
        R"("list":[{"x":"y"}],"n":1.5})");
}

TEST_CASE("WithoutUtf8Bom drops a leading byte order mark only", "[fhir][json]") {
  CHECK(WithoutUtf8Bom("\xEF\xBB\xBF{}") == "{}");
  CHECK(WithoutUtf8Bom("{}\xEF\xBB\xBF") == "{}\xEF\xBB\xBF");
  CHECK(WithoutUtf8Bom("\xEF\xBB").size() == 2);
  CHECK(WithoutUtf8Bom("").empty());
  auto parsed = ParseJson("\xEF\xBB\xBF\n{\"a\" 1}", "t.json");  // the BOM does not shift the line
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().location == "t.json:2");
}

TEST_CASE("Member accessors are null-safe", "[fhir][json]") {
  auto doc = ParseJson(R"({"a":"x","n":1})", "t");
  REQUIRE(doc.ok());
  CHECK(StringOr(*doc, "a") == "x");
  CHECK(StringOr(*doc, "n", "fallback") == "fallback");
  CHECK(Member(*doc, "missing") == nullptr);
  CHECK(Member((*doc)["n"], "a") == nullptr);
}

TEST_CASE("Member matches the whole name, the first of duplicates, and names with a NUL", "[fhir][json]") {
  auto doc = ParseJson(R"({"value":1,"valueQuantity":2,"v":3,"dup":"first","dup":"second","a\u0000b":4})", "t");
  REQUIRE(doc.ok());
  REQUIRE(Member(*doc, "value") != nullptr);
  CHECK(Member(*doc, "value")->GetInt() == 1);
  CHECK(Member(*doc, "valueQuantity")->GetInt() == 2);
  CHECK(Member(*doc, "valu") == nullptr);
  CHECK(Member(*doc, "valueQuantityX") == nullptr);
  CHECK(Member(*doc, "") == nullptr);
  CHECK(StringOr(*doc, "dup") == "first");
  CHECK(Member(*doc, std::string_view("a\0b", 3))->GetInt() == 4);
  CHECK(Member(*doc, "a") == nullptr);
}

TEST_CASE("StringOr of a value: the string, else the fallback when null or not a string", "[fhir][json]") {
  auto doc = ParseJson(R"({"a":"x","n":1,"e":""})", "t");
  REQUIRE(doc.ok());
  CHECK(StringOr(nullptr) == "");
  CHECK(StringOr(nullptr, "fallback") == "fallback");
  CHECK(StringOr(Member(*doc, "n")) == "");
  CHECK(StringOr(Member(*doc, "n"), "fallback") == "fallback");
  CHECK(StringOr(&*doc, "fallback") == "fallback");  // an object
  CHECK(StringOr(Member(*doc, "a")) == "x");
  CHECK(StringOr(Member(*doc, "a"), "fallback") == "x");
  CHECK(StringOr(Member(*doc, "e"), "fallback") == "");  // an empty string is a string
}

TEST_CASE("ChoiceMembers finds each choice in one pass, the first of a name as Member does", "[fhir][json]") {
  auto doc = ParseJson(
      R"({"value":1,"valueQuantity":{"value":2},"valueX":3,"valueString":"a","valueString":"b","xvalueInteger":4})",
      "t");
  REQUIRE(doc.ok());
  static constexpr std::string_view kSuffixes[] = {"Quantity", "Integer", "String"};
  const rapidjson::Value* found[3];
  ChoiceMembers(*doc, "value", kSuffixes, found);
  REQUIRE(found[0] != nullptr);
  CHECK((*found[0])["value"].GetInt() == 2);
  CHECK(found[1] == nullptr);  // "xvalueInteger" does not start with the prefix
  REQUIRE(found[2] != nullptr);
  CHECK(std::string_view(found[2]->GetString()) == "a");
  CHECK(found[2] == Member(*doc, "valueString"));
  ChoiceMembers((*doc)["value"], "value", kSuffixes, found);  // not an object
  CHECK((found[0] == nullptr && found[1] == nullptr && found[2] == nullptr));
}

}  // namespace
}  // namespace als::fhir
