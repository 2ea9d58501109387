#include "als/fhir/json.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace als::fhir {

std::string_view WithoutUtf8Bom(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.compare(0, kBom.size(), kBom) == 0) text.remove_prefix(kBom.size());
  return text;
}

namespace {

// Builds `target` from SAX events, as the document's own handler does, but
// copying every string and key when kCopyStrings (a template parameter, so
// that the parse without copies inlines as the document's own handler would),
// and stopping the events past `max_depth` nested objects/arrays (so that a
// recursive reader cannot overflow the stack on hostile nesting). It notes the
// deepest nesting it built, which callers would otherwise walk the document for.
template <bool kCopyStrings>
class BuildingHandler {
 public:
  BuildingHandler(rapidjson::Document& target, int max_depth) : target_(target), max_depth_(max_depth) {}
  bool Null() { return target_.Null(); }
  bool Bool(bool b) { return target_.Bool(b); }
  bool Int(int i) { return target_.Int(i); }
  bool Uint(unsigned u) { return target_.Uint(u); }
  bool Int64(int64_t i) { return target_.Int64(i); }
  bool Uint64(uint64_t u) { return target_.Uint64(u); }
  bool Double(double d) { return target_.Double(d); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool copy) {
    return target_.RawNumber(text, length, copy || kCopyStrings);
  }
  bool String(const char* text, rapidjson::SizeType length, bool copy) {
    return target_.String(text, length, copy || kCopyStrings);
  }
  bool Key(const char* text, rapidjson::SizeType length, bool copy) {
    return target_.Key(text, length, copy || kCopyStrings);
  }
  bool StartObject() { return Deeper() && target_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) { --depth_; return target_.EndObject(members); }
  bool StartArray() { return Deeper() && target_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { --depth_; return target_.EndArray(elements); }

  int deepest() const { return deepest_; }

 private:
  bool Deeper() {
    deepest_ = std::max(deepest_, ++depth_);
    return depth_ <= max_depth_;
  }

  rapidjson::Document& target_;
  int max_depth_;
  int depth_ = 0;
  int deepest_ = 0;
};

// The depth to which ParseInPool uses RapidJSON's recursive reader.
constexpr int kRecursiveParseDepth = 256;

}  // namespace

size_t ParseInPool(std::string_view text, rapidjson::Document* document, int* depth) {
  size_t error_offset = 0;
  ParseWrittenInPool(
      text.size(), [text](char* out) { std::memcpy(out, text.data(), text.size()); return true; }, document,
      &error_offset, depth);
  return error_offset;
}

bool ParseWrittenInPool(size_t size, const std::function<bool(char* out)>& write, rapidjson::Document* document,
                        size_t* error_offset, int* depth) {
  // An in-situ parse of a text kept in the document's own pool: string values
  // point into it instead of being copied one by one, and live as long as the document.
  char* text = static_cast<char*>(document->GetAllocator().Malloc(size + 1));
  auto written = [&] {
    if (!write(text)) {
      document->SetNull();
      return false;
    }
    text[size] = '\0';
    return true;
  };
  if (!written()) return false;
  const size_t bom = size - WithoutUtf8Bom(std::string_view(text, size)).size();
  char* json = text + bom;
  *error_offset = 0;
  // First RapidJSON's recursive reader, which takes about a third fewer
  // instructions than the iterative one but is bounded in depth. Deeper input
  // and syntax errors (whose offset and message are the iterative reader's)
  // are parsed again below, from the text written afresh: the in-situ parse
  // has changed it. Populate leaves an earlier parse error standing, so a
  // document that has one takes the iterative parse, which resets it.
  if (!document->HasParseError()) {
    bool ok = false;
    auto parse = [&](rapidjson::Document& target) {
      BuildingHandler</*kCopyStrings=*/false> handler(target, kRecursiveParseDepth);
      rapidjson::InsituStringStream stream(json);
      rapidjson::Reader reader;
      ok = !reader.Parse<rapidjson::kParseInsituFlag>(stream, handler).IsError();
      if (ok && depth != nullptr) *depth = handler.deepest();
      return ok;
    };
    document->Populate(parse);
    if (ok) return true;
    if (!written()) return false;
  }
  if (depth != nullptr) *depth = kDepthBeyondRecursiveParse;
  document->ParseInsitu<rapidjson::kParseIterativeFlag>(json);
  if (document->HasParseError()) *error_offset = document->GetErrorOffset() + bom;
  return true;
}

rapidjson::Value DeepCopy(const rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Document copy(&allocator);
  auto generate = [&value](rapidjson::Document& target) {
    BuildingHandler</*kCopyStrings=*/true> handler(target, std::numeric_limits<int>::max());
    return value.Accept(handler);
  };
  copy.Populate(generate);
  rapidjson::Value result;
  result = static_cast<rapidjson::Value&>(copy);  // a move: the data stays in `allocator`
  return result;
}

Result<rapidjson::Document> ParseJson(std::string_view text, const std::string& source,
                                      int first_line, int* depth) {
  rapidjson::Document document;
  size_t error_offset = ParseInPool(text, &document, depth);
  if (document.HasParseError()) {
    size_t offset = std::min(error_offset, text.size());
    int line = first_line + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
    std::string message = text.find_first_not_of(" \t\r\n") == std::string_view::npos
                              ? "empty input: expected a JSON object"
                              : std::string("malformed JSON: ") +
                                    rapidjson::GetParseError_En(document.GetParseError());
    return MakeError(ErrorCode::kParse, source + ":" + std::to_string(line), message);
  }
  return document;
}

namespace {

// Depth-first, descending no further than just past `limit`: the recursion is
// bounded by the limit (a small constant at every caller), never by the input.
int DepthWithin(const rapidjson::Value& value, int depth, int limit) {
  int deepest = depth;
  auto deeper = [&](const rapidjson::Value& child) {
    if (child.IsObject() || child.IsArray()) deepest = std::max(deepest, DepthWithin(child, depth + 1, limit));
    return deepest > limit;
  };
  if (depth > limit) return deepest;
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      if (deeper(member.value)) break;
    }
  } else {
    for (const auto& element : value.GetArray()) {
      if (deeper(element)) break;
    }
  }
  return deepest;
}

}  // namespace

int NestingDepth(const rapidjson::Value& value, int limit) {
  if (!value.IsObject() && !value.IsArray()) return 0;
  return DepthWithin(value, 1, limit);
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Excerpt(const rapidjson::Value& value, size_t max_length) {
  if (value.IsString()) {
    std::string text(value.GetString(), value.GetStringLength());
    return text.size() > max_length ? "'" + text.substr(0, max_length) + "...'" : "'" + text + "'";
  }
  if (value.IsObject() || value.IsArray()) return value.IsObject() ? "an object" : "an array";
  std::string text = ToJson(value);
  return text.size() > max_length ? text.substr(0, max_length) + "..." : text;
}

}  // namespace als::fhir
