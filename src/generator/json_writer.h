// A streaming JSON writer that appends compact JSON to a string. Numbers are
// written from fixed-point decimals, so the text never depends on how a C
// library prints doubles.
#ifndef ALS_GENERATOR_JSON_WRITER_H_
#define ALS_GENERATOR_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace als::generator {

// A decimal number with a fixed number of places: Decimal::Of(46.25, 1) is 46.3.
struct Decimal {
  int64_t scaled = 0;  // value * 10^places
  int places = 0;
  static Decimal Of(double value, int places);
  double ToDouble() const;
};

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Number(Decimal value);
  void Integer(int64_t value);
  void Bool(bool value);

  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const char* value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const std::string& value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, Decimal value) {
    Key(key);
    Number(value);
  }
  void IntegerField(std::string_view key, int64_t value) {
    Key(key);
    Integer(value);
  }
  void BoolField(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }

  // key: { body }
  template <typename Body>
  void Object(std::string_view key, Body&& body) {
    Key(key);
    BeginObject();
    body();
    EndObject();
  }
  // key: [ body ]
  template <typename Body>
  void Array(std::string_view key, Body&& body) {
    Key(key);
    BeginArray();
    body();
    EndArray();
  }
  // { body } as an array element.
  template <typename Body>
  void Element(Body&& body) {
    BeginObject();
    body();
    EndObject();
  }

 private:
  void Separate();

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace als::generator

#endif  // ALS_GENERATOR_JSON_WRITER_H_
