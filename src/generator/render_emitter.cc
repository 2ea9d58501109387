#include <cstdio>

#include "render.h"

namespace als::generator {
namespace {

constexpr uint64_t kStyleStream = 2;
constexpr uint64_t kDefectStream = 3;

}  // namespace

PatientStyle PatientStyle::Sample(Random& random) {
  PatientStyle style;
  static const FvcStyle kFvcStyles[] = {FvcStyle::kPercent, FvcStyle::kRatio, FvcStyle::kLitres,
                                        FvcStyle::kSpirometryPanel, FvcStyle::kVitalCapacityPercent};
  style.fvc = kFvcStyles[random.Weighted({0.5, 0.08, 0.2, 0.15, 0.07})];
  style.weight_in_pounds = random.Chance(0.15);
  style.height_in_inches = random.Chance(0.15);
  style.transaminases_in_ukat = random.Chance(0.1);
  style.bilirubin_in_umol = random.Chance(0.2);
  style.lab_reference_ranges = random.Chance(0.7);
  style.spo2_alternative_code = random.Chance(0.2);
  style.paco2_in_kpa = random.Chance(0.3);
  style.mip_negative = random.Chance(0.7);
  style.alsfrs_as_panel = random.Chance(0.7);
  style.devices_contained = random.Chance(0.6);
  return style;
}

ResourceEmitter::ResourceEmitter(const Chart& chart, uint64_t seed, uint64_t index, double bad_fraction)
    : chart_(chart),
      style_random_(DeriveSeed(seed, index, kStyleStream)),
      defect_random_(DeriveSeed(seed, index, kDefectStream)),
      bad_fraction_(bad_fraction),
      style_(PatientStyle::Sample(style_random_)),
      writer_(&current_.json) {}

JsonWriter& ResourceEmitter::Begin(std::string_view type, std::string_view tag) {
  current_ = GeneratedResource{};
  current_.type = std::string(type);
  current_.id = type == "Patient" ? chart_.patient_id
                                  : chart_.patient_id + "-" + std::string(tag) + std::to_string(next_number_++);
  writer_ = JsonWriter(&current_.json);
  writer_.BeginObject();
  writer_.Field("resourceType", type);
  writer_.Field("id", current_.id);
  return writer_;
}

void ResourceEmitter::End() {
  writer_.EndObject();
  resources_.push_back(std::move(current_));
  current_ = GeneratedResource{};
}

void ResourceEmitter::WriteSubject(std::string_view element) { WriteReference(writer_, element, PatientReference()); }

Defect ResourceEmitter::DrawDefect() {
  if (bad_fraction_ <= 0 || !defect_random_.Chance(bad_fraction_)) return Defect::kNone;
  ++defects_;
  static const Defect kDefects[] = {Defect::kUnknownUnit, Defect::kMissingCode, Defect::kBadDate};
  return kDefects[defect_random_.Int(0, 2)];
}

void WriteCoding(JsonWriter& json, const Code& code) {
  json.Element([&] {
    json.Field("system", code.system);
    json.Field("code", code.code);
    if (!code.display.empty()) json.Field("display", code.display);
  });
}

void WriteConcept(JsonWriter& json, std::string_view key, std::initializer_list<Code> codings, std::string_view text) {
  json.Object(key, [&] {
    if (codings.size() > 0) {
      json.Array("coding", [&] {
        for (const Code& code : codings) WriteCoding(json, code);
      });
    }
    if (!text.empty()) json.Field("text", text);
  });
}

void WriteConceptList(JsonWriter& json, std::string_view key, std::initializer_list<Code> codings) {
  json.Array(key, [&] {
    json.Element([&] {
      json.Array("coding", [&] {
        for (const Code& code : codings) WriteCoding(json, code);
      });
    });
  });
}

void WriteReference(JsonWriter& json, std::string_view key, std::string_view reference) {
  json.Object(key, [&] { json.Field("reference", reference); });
}

void WriteQuantity(JsonWriter& json, std::string_view key, Decimal value, const Unit& unit) {
  json.Object(key, [&] {
    json.Field("value", value);
    json.Field("unit", unit.display);
    json.Field("system", sys::kUcum);
    json.Field("code", unit.code);
  });
}

std::string DateText(Day day) { return fhir::FormatDay(day); }

std::string DateTimeText(Day day, Random& random) {
  static const char* const kZones[] = {"Z", "+01:00", "-05:00", "+02:00"};
  char time[32];
  std::snprintf(time, sizeof time, "T%02d:%02d:00%s", random.Int(8, 16), random.Int(0, 11) * 5,
                kZones[random.Int(0, 3)]);
  return fhir::FormatDay(day) + time;
}

std::string InstantText(Day day, int hour, int minute) {
  char time[24];
  std::snprintf(time, sizeof time, "T%02d:%02d:00Z", hour, minute);
  return fhir::FormatDay(day) + time;
}

}  // namespace als::generator
