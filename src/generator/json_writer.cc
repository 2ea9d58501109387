#include "json_writer.h"

#include <cmath>

namespace als::generator {
namespace {

int64_t PowerOfTen(int places) {
  int64_t power = 1;
  for (int i = 0; i < places; ++i) power *= 10;
  return power;
}

}  // namespace

Decimal Decimal::Of(double value, int places) {
  return Decimal{static_cast<int64_t>(std::llround(value * static_cast<double>(PowerOfTen(places)))), places};
}

double Decimal::ToDouble() const { return static_cast<double>(scaled) / static_cast<double>(PowerOfTen(places)); }

void JsonWriter::Separate() {
  if (need_comma_) out_->push_back(',');
  need_comma_ = false;
}

void JsonWriter::BeginObject() {
  Separate();
  out_->push_back('{');
}

void JsonWriter::EndObject() {
  out_->push_back('}');
  need_comma_ = true;
}

void JsonWriter::BeginArray() {
  Separate();
  out_->push_back('[');
}

void JsonWriter::EndArray() {
  out_->push_back(']');
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view key) {
  String(key);
  out_->push_back(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  out_->push_back('"');
  for (char c : value) {
    switch (c) {
      case '"':
        *out_ += "\\\"";
        break;
      case '\\':
        *out_ += "\\\\";
        break;
      case '\n':
        *out_ += "\\n";
        break;
      case '\t':
        *out_ += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          *out_ += "\\u00";
          out_->push_back(kHex[(c >> 4) & 0xF]);
          out_->push_back(kHex[c & 0xF]);
        } else {
          out_->push_back(c);
        }
    }
  }
  out_->push_back('"');
  need_comma_ = true;
}

void JsonWriter::Number(Decimal value) {
  Separate();
  int64_t scaled = value.scaled;
  if (scaled < 0) {
    out_->push_back('-');
    scaled = -scaled;
  }
  const int64_t power = PowerOfTen(value.places);
  *out_ += std::to_string(scaled / power);
  if (value.places > 0) {
    std::string fraction = std::to_string(scaled % power);
    out_->push_back('.');
    out_->append(static_cast<size_t>(value.places) - fraction.size(), '0');
    *out_ += fraction;
  }
  need_comma_ = true;
}

void JsonWriter::Integer(int64_t value) {
  Separate();
  *out_ += std::to_string(value);
  need_comma_ = true;
}

void JsonWriter::Bool(bool value) {
  Separate();
  *out_ += value ? "true" : "false";
  need_comma_ = true;
}

}  // namespace als::generator
