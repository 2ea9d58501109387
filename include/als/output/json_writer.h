// Compact JSON appended straight to a std::string, byte for byte as
// rapidjson::Writer writes it (the same escaping), for the resources built
// for every patient: RapidJSON's writer goes through a StringBuffer and
// copies most characters one by one, several times the cost of this.
#ifndef ALS_OUTPUT_JSON_WRITER_H_
#define ALS_OUTPUT_JSON_WRITER_H_

#include <string>
#include <string_view>

namespace als::output {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string* out) : out_(out) {}

  void StartObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void StartArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  // A value that is JSON already (an object or array serialised earlier), copied as it is.
  void RawValue(std::string_view json);

 private:
  void Open(char bracket);
  void Close(char bracket);
  void Separate();  // the comma before a member or element that follows another
  void Quoted(std::string_view text);

  std::string* out_;
  bool after_value_ = false;  // the last thing written ends a value: a comma goes before the next
};

}  // namespace als::output

#endif  // ALS_OUTPUT_JSON_WRITER_H_
