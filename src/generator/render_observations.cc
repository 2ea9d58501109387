// Observations: measurements (one helper writes every Quantity Observation),
// FVC in its several representations, ALSFRS-R, coded findings and genomics.
#include <algorithm>

#include "render.h"

namespace als::generator {
namespace {

constexpr double kPoundsPerKg = 1 / 0.45359237;
constexpr double kUnitsPerMicrokatal = 60;
constexpr double kMicromolPerMg = 17.104;
constexpr double kMmHgPerKpa = 7.50062;

const Code kVitalSigns{sys::kObservationCategory, "vital-signs", "Vital Signs"};
const Code kLaboratory{sys::kObservationCategory, "laboratory", "Laboratory"};
const Code kSurvey{sys::kObservationCategory, "survey", "Survey"};
const Code kProcedure{sys::kObservationCategory, "procedure", "Procedure"};
const Code kExam{sys::kObservationCategory, "exam", "Exam"};

struct Range {
  Decimal low, high;
};

// A numeric result as the EHR sends it.
struct QuantityResult {
  Code category;
  Code code;
  Day day;
  Decimal value;
  Unit unit;
  std::optional<Range> reference_range;
};

// "2025-02-30": a date that does not exist (deliberately bad data).
std::string ImpossibleDate(Day day) { return DateText(day).substr(0, 4) + "-02-30"; }

void WriteEffective(JsonWriter& json, Day day, Random& random, bool impossible) {
  if (impossible) return json.Field("effectiveDateTime", ImpossibleDate(day));
  switch (random.Weighted({0.6, 0.3, 0.1})) {
    case 0:
      return json.Field("effectiveDateTime", DateTimeText(day, random));
    case 1:
      return json.Field("effectiveDateTime", DateText(day));
    default:
      json.Object("effectivePeriod", [&] {
        json.Field("start", InstantText(day, 8, 0));
        json.Field("end", InstantText(day, 8, 40));
      });
  }
}

JsonWriter& BeginObservation(ResourceEmitter& emitter, const Code& category, const Code& code, Day day,
                             Defect defect = Defect::kNone) {
  JsonWriter& json = emitter.Begin("Observation", "obs");
  json.Field("status", "final");
  WriteConceptList(json, "category", {category});
  if (defect != Defect::kMissingCode) WriteConcept(json, "code", {code}, code.display);
  emitter.WriteSubject();
  WriteEffective(json, day, emitter.random(), defect == Defect::kBadDate);
  return json;
}

void WriteQuantityObservation(ResourceEmitter& emitter, const QuantityResult& result) {
  const Defect defect = emitter.DrawDefect();
  JsonWriter& json = BeginObservation(emitter, result.category, result.code, result.day, defect);
  WriteQuantity(json, "valueQuantity", result.value, defect == Defect::kUnknownUnit ? units::kUnknown : result.unit);
  if (result.reference_range) {
    json.Array("referenceRange", [&] {
      json.Element([&] {
        WriteQuantity(json, "low", result.reference_range->low, result.unit);
        WriteQuantity(json, "high", result.reference_range->high, result.unit);
      });
    });
  }
  emitter.End();
}

// A liver test in U/L (or ukat/L, mg/dL, umol/L), with the lab's reference range when the lab sends one.
QuantityResult LabResult(const PatientStyle& style, const Code& code, const MeasurementFact& fact, double low,
                         double high) {
  struct LabUnit {
    Unit unit;
    double factor;
    int places;
  };
  LabUnit lab{units::kUnitsPerLitre, 1, 0};
  if (fact.measure == Measure::kBilirubin) {
    lab =
        style.bilirubin_in_umol ? LabUnit{units::kMicromolPerLitre, kMicromolPerMg, 1} : LabUnit{units::kMgPerDl, 1, 1};
  } else if (style.transaminases_in_ukat) {
    lab = LabUnit{units::kMicrokatalPerLitre, 1 / kUnitsPerMicrokatal, 2};
  }
  QuantityResult result{kLaboratory, code,        fact.day, Decimal::Of(fact.value * lab.factor, lab.places),
                        lab.unit,    std::nullopt};
  if (style.lab_reference_ranges) {
    result.reference_range =
        Range{Decimal::Of(low * lab.factor, lab.places), Decimal::Of(high * lab.factor, lab.places)};
  }
  return result;
}

double HeightCm(const Chart& chart) {
  for (const MeasurementFact& fact : chart.measurements) {
    if (fact.measure == Measure::kHeight) return fact.value;
  }
  return 170;
}

// Predicted FVC in litres from height, age and sex (a simple spirometry reference equation).
double PredictedFvcLitres(const Chart& chart, Day day) {
  const double height = HeightCm(chart);
  const int age = fhir::YearsBetween(chart.birth, day);
  return chart.male ? 0.0576 * height - 0.0269 * age - 4.34 : 0.0443 * height - 0.026 * age - 2.89;
}

void WriteVolumeComponent(JsonWriter& json, const Code& code, double litres) {
  json.Element([&] {
    WriteConcept(json, "code", {code}, code.display);
    WriteQuantity(json, "valueQuantity", Decimal::Of(litres, 2), units::kLitre);
  });
}

void RenderSpirometryPanel(ResourceEmitter& emitter, const MeasurementFact& fact, double predicted) {
  JsonWriter& json = BeginObservation(emitter, kProcedure, codes::kSpirometryPanel, fact.day);
  json.Array("component", [&] {
    WriteVolumeComponent(json, codes::kFvcMeasured, predicted * fact.value / 100);
    WriteVolumeComponent(json, codes::kFvcPredicted, predicted);
    json.Element([&] {
      WriteConcept(json, "code", {codes::kFvcPercent}, codes::kFvcPercent.display);
      WriteQuantity(json, "valueQuantity", Decimal::Of(fact.value, 0), units::kPercent);
    });
  });
  emitter.End();
}

void RenderFvc(ResourceEmitter& emitter, const MeasurementFact& fact) {
  const double predicted = PredictedFvcLitres(emitter.chart(), fact.day);
  auto result = [&](const Code& code, Decimal value, Unit unit) {
    WriteQuantityObservation(emitter, {kProcedure, code, fact.day, value, unit, std::nullopt});
  };
  switch (emitter.style().fvc) {
    case FvcStyle::kPercent:
      return result(codes::kFvcPercent, Decimal::Of(fact.value, 1), units::kPercent);
    case FvcStyle::kRatio:
      return result(codes::kFvcPercent, Decimal::Of(fact.value / 100, 3), units::kRatio);
    case FvcStyle::kVitalCapacityPercent:
      return result(codes::kVcPercent, Decimal::Of(fact.value, 0), units::kPercent);
    case FvcStyle::kLitres:
      result(codes::kFvcMeasured, Decimal::Of(predicted * fact.value / 100, 2), units::kLitre);
      return result(codes::kFvcPredicted, Decimal::Of(predicted, 2), units::kLitre);
    case FvcStyle::kSpirometryPanel:
      return RenderSpirometryPanel(emitter, fact, predicted);
  }
}

// Every measurement but FVC: its code, category and unit (converted where the patient's EHR uses another unit).
QuantityResult ResultOf(const PatientStyle& style, const MeasurementFact& fact) {
  auto plain = [&](const Code& category, const Code& code, int places, Unit unit, double factor = 1) {
    return QuantityResult{category, code, fact.day, Decimal::Of(fact.value * factor, places), unit, std::nullopt};
  };
  switch (fact.measure) {
    case Measure::kWeight:
    case Measure::kUsualWeight: {
      const Code& code = fact.measure == Measure::kWeight ? codes::kBodyWeight : codes::kUsualWeight;
      return style.weight_in_pounds ? plain(kVitalSigns, code, 1, units::kPound, kPoundsPerKg)
                                    : plain(kVitalSigns, code, 1, units::kKilogram);
    }
    case Measure::kHeight:
      return style.height_in_inches ? plain(kVitalSigns, codes::kBodyHeight, 1, units::kInch, 1 / 2.54)
                                    : plain(kVitalSigns, codes::kBodyHeight, 0, units::kCentimetre);
    case Measure::kBmi:
      return plain(kVitalSigns, codes::kBmi, 1, units::kBmi);
    case Measure::kAlt:
      return LabResult(style, codes::kAlt, fact, 7, 40);
    case Measure::kAst:
      return LabResult(style, codes::kAst, fact, 8, 40);
    case Measure::kBilirubin:
      return LabResult(style, codes::kBilirubin, fact, 0.1, 1.2);
    case Measure::kNeutrophils:
      return plain(kLaboratory, codes::kNeutrophils, 2, units::kGigaPerLitre);
    case Measure::kSpo2:
      return plain(kVitalSigns, style.spo2_alternative_code ? codes::kSpo2Alternative : codes::kSpo2, 0,
                   units::kPercent);
    case Measure::kTemperature:
      return plain(kVitalSigns, codes::kTemperature, 1, units::kCelsius);
    case Measure::kSnip:
      return plain(kProcedure, codes::kSnip, 0, units::kCmH2o);
    case Measure::kMip:
      return plain(kProcedure, codes::kMip, 0, units::kCmH2o, style.mip_negative ? -1 : 1);
    case Measure::kPeakCoughFlow:
      return plain(kProcedure, codes::kPeakCoughFlow, 0, units::kLitrePerMinute);
    case Measure::kNocturnalOximetry:
      return plain(kProcedure, codes::kNocturnalOximetry, 0, units::kMinute);
    case Measure::kPaco2:
      return style.paco2_in_kpa ? plain(kLaboratory, codes::kPaco2, 1, units::kKiloPascal, 1 / kMmHgPerKpa)
                                : plain(kLaboratory, codes::kPaco2, 0, units::kMmHg);
    case Measure::kEcas:
      return plain(kSurvey, codes::kEcas, 0, units::kScore);
    case Measure::kMoca:
      return plain(kSurvey, codes::kMoca, 0, units::kScore);
    case Measure::kPhq9:
      return plain(kSurvey, codes::kPhq9, 0, units::kScore);
    case Measure::kCnsLs:
      return plain(kSurvey, codes::kCnsLs, 0, units::kScore);
    case Measure::kNfl:
      return plain(kLaboratory, codes::kNfl, 1, units::kPicogramPerMl);
    case Measure::kFvcPercent:
      break;
  }
  return plain(kProcedure, codes::kFvcPercent, 1, units::kPercent);
}

void WriteIntegerComponent(JsonWriter& json, const Code& code, int value) {
  json.Element([&] {
    WriteConcept(json, "code", {code}, code.display);
    json.IntegerField("valueInteger", value);
  });
}

void WriteScoreObservation(ResourceEmitter& emitter, const Code& code, Day day, int value) {
  JsonWriter& json = BeginObservation(emitter, kSurvey, code, day);
  json.IntegerField("valueInteger", value);
  emitter.End();
}

// The six items the adapter reads (the limb items have no agreed codes).
struct CodedItem {
  int index;
  Code code;
};
const CodedItem kCodedItems[] = {
    {kSpeech, codes::kAlsfrsSpeech},         {kSalivation, codes::kAlsfrsSalivation},
    {kSwallowing, codes::kAlsfrsSwallowing}, {kDyspnea, codes::kAlsfrsDyspnea},
    {kOrthopnea, codes::kAlsfrsOrthopnea},   {kRespiratory, codes::kAlsfrsRespiratory},
};

void RenderAlsfrsPanel(ResourceEmitter& emitter, const AlsfrsFact& fact) {
  JsonWriter& json = BeginObservation(emitter, kSurvey, codes::kAlsfrsPanel, fact.day);
  json.Array("component", [&] {
    for (const CodedItem& item : kCodedItems) WriteIntegerComponent(json, item.code, fact.items[item.index]);
    WriteIntegerComponent(json, codes::kAlsfrsTotal, fact.Total());
  });
  emitter.End();
}

void WriteCodedValue(JsonWriter& json, const Code& code) {
  WriteConcept(json, "valueCodeableConcept", {code}, code.display);
}

const Code& SignificanceCode(Sod1Finding finding) {
  switch (finding) {
    case Sod1Finding::kPathogenic:
      return codes::kPathogenic;
    case Sod1Finding::kLikelyPathogenic:
      return codes::kLikelyPathogenic;
    default:
      return codes::kUncertainSignificance;
  }
}

}  // namespace

void RenderMeasurements(ResourceEmitter& emitter) {
  for (const MeasurementFact& fact : emitter.chart().measurements) {
    if (fact.measure == Measure::kFvcPercent) {
      RenderFvc(emitter, fact);
    } else {
      WriteQuantityObservation(emitter, ResultOf(emitter.style(), fact));
    }
  }
}

void RenderAlsfrs(ResourceEmitter& emitter) {
  for (const AlsfrsFact& fact : emitter.chart().alsfrs) {
    if (emitter.style().alsfrs_as_panel) {
      RenderAlsfrsPanel(emitter, fact);
      continue;
    }
    WriteScoreObservation(emitter, codes::kAlsfrsTotal, fact.day, fact.Total());
    for (const CodedItem& item : kCodedItems)
      WriteScoreObservation(emitter, item.code, fact.day, fact.items[item.index]);
  }
}

void RenderFindings(ResourceEmitter& emitter) {
  for (const FindingFact& fact : emitter.chart().findings) {
    JsonWriter& json = BeginObservation(emitter, kExam, fact.code, fact.day);
    json.BoolField("valueBoolean", true);
    emitter.End();
  }
}

void RenderGenomics(ResourceEmitter& emitter) {
  if (!emitter.chart().genomics) return;
  const GenomicFact& fact = *emitter.chart().genomics;
  const bool variant = fact.finding != Sod1Finding::kNegative;
  JsonWriter& json = BeginObservation(emitter, kLaboratory, codes::kVariantAssessment, fact.day);
  WriteCodedValue(json, variant ? codes::kVariantPresent : codes::kVariantAbsent);
  json.Array("component", [&] {
    json.Element([&] {
      WriteConcept(json, "code", {codes::kGeneStudied}, codes::kGeneStudied.display);
      WriteCodedValue(json, codes::kSod1Gene);
    });
    if (!variant) return;
    json.Element([&] {
      WriteConcept(json, "code", {codes::kClinicalSignificance}, codes::kClinicalSignificance.display);
      WriteCodedValue(json, SignificanceCode(fact.finding));
    });
  });
  emitter.End();
}

}  // namespace als::generator
