#include "als/output/json_writer.h"

#include <cstdint>
#include <cstring>

namespace als::output {
namespace {

// What follows the backslash for a character that must be escaped (as
// rapidjson::Writer escapes: 'u' is \u00XX), or 0 for one copied as it is.
constexpr char EscapeOf(unsigned char c) {
  switch (c) {
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\f': return 'f';
    case '\r': return 'r';
    case '"': return '"';
    case '\\': return '\\';
    default: return c < 0x20 ? 'u' : 0;
  }
}

struct EscapeTable {
  char escape[256];
  constexpr EscapeTable() : escape() {
    for (int c = 0; c < 256; ++c) escape[c] = EscapeOf(static_cast<unsigned char>(c));
  }
};
constexpr EscapeTable kEscapes;

// Whether one of the 8 bytes of `word` must be escaped: below 0x20, '"' or
// '\\' (bit tricks on the whole word; most text has nothing to escape).
bool NeedsEscape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHighBits = 0x8080808080808080;
  auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
  uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  return (below_space | has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\'))) != 0;
}

size_t FirstEscape(std::string_view text, size_t from) {
  for (size_t i = from; i < text.size(); ++i) {
    if (kEscapes.escape[static_cast<unsigned char>(text[i])] != 0) return i;
  }
  return text.size();
}

// The position of the first character at or after `from` that must be escaped, or text.size().
size_t NextEscape(std::string_view text, size_t from) {
  size_t i = from;
  uint64_t word;
  for (; i + sizeof word <= text.size(); i += sizeof word) {
    std::memcpy(&word, text.data() + i, sizeof word);
    if (NeedsEscape(word)) return FirstEscape(text, i);
  }
  // The last bytes, as one word overlapping those checked when the text is that long.
  if (i < text.size() && text.size() - from >= sizeof word) {
    std::memcpy(&word, text.data() + text.size() - sizeof word, sizeof word);
    if (!NeedsEscape(word)) return text.size();
  }
  return FirstEscape(text, i);
}

}  // namespace

void JsonWriter::Key(std::string_view key) {
  Separate();
  Quoted(key);
  out_->push_back(':');
  after_value_ = false;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  Quoted(value);
  after_value_ = true;
}

void JsonWriter::RawValue(std::string_view json) {
  Separate();
  out_->append(json);
  after_value_ = true;
}

void JsonWriter::Open(char bracket) {
  Separate();
  out_->push_back(bracket);
  after_value_ = false;
}

void JsonWriter::Close(char bracket) {
  out_->push_back(bracket);
  after_value_ = true;
}

void JsonWriter::Separate() {
  if (after_value_) out_->push_back(',');
}

void JsonWriter::Quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out_->push_back('"');
  size_t copied = 0;  // text before this is written
  for (size_t i = NextEscape(text, 0); i < text.size(); i = NextEscape(text, i + 1)) {
    out_->append(text.data() + copied, i - copied);
    copied = i + 1;
    unsigned char c = static_cast<unsigned char>(text[i]);
    char escape = kEscapes.escape[c];
    char escaped[6] = {'\\', escape, '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    out_->append(escaped, escape == 'u' ? 6 : 2);
  }
  out_->append(text.data() + copied, text.size() - copied);
  out_->push_back('"');
}

}  // namespace als::output
