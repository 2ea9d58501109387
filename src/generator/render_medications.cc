// MedicationRequest, MedicationStatement and MedicationAdministration, with
// the medication coded as a product, an ingredient, free text, a contained
// Medication or a Medication resource of its own.
#include <cmath>

#include "render.h"

namespace als::generator {
namespace {

// How the prescribing system names a drug.
struct MedicationCoding {
  std::optional<Code> ingredient;
  std::optional<Code> product;
  std::string_view text;
  std::optional<Code> form;
};

MedicationCoding CodingOf(Drug drug, DrugForm form, const Code& route) {
  const bool suspension = form == DrugForm::kOralSuspension;
  switch (drug) {
    case Drug::kRiluzole:
      if (suspension) {
        return {codes::kRiluzole, codes::kRiluzoleSuspension, "Tiglutik (riluzole) 5 mg/mL oral suspension",
                codes::kFormOralSuspension};
      }
      return {codes::kRiluzole, codes::kRiluzoleTablet, "Rilutek (riluzole) 50 mg tablet", codes::kFormTablet};
    case Drug::kEdaravone:
      if (route.code == codes::kRouteIntravenous.code) {
        return {codes::kEdaravone, std::nullopt, "Radicava (edaravone) 30 mg/100 mL intravenous infusion",
                std::nullopt};
      }
      return {codes::kEdaravone, std::nullopt, "Radicava ORS (edaravone) 105 mg/5 mL oral suspension",
              codes::kFormOralSuspension};
    case Drug::kTofersen:
      return {codes::kTofersen, std::nullopt, "Qalsody (tofersen) 100 mg/15 mL intrathecal injection", std::nullopt};
    case Drug::kRelyvrio:
      return {std::nullopt, std::nullopt, "Relyvrio 3 g/1 g oral powder packet", std::nullopt};
    case Drug::kGlycopyrronium:
      return {codes::kGlycopyrronium, std::nullopt, "glycopyrrolate 1 mg tablet", codes::kFormTablet};
    case Drug::kAmitriptyline:
      return {codes::kAmitriptyline, std::nullopt, "amitriptyline 10 mg tablet", codes::kFormTablet};
    case Drug::kNuedexta:
      return {codes::kDextromethorphanQuinidine, codes::kNuedexta, "Nuedexta 20 mg/10 mg capsule", std::nullopt};
    case Drug::kSertraline:
      return {codes::kSertraline, std::nullopt, "sertraline 50 mg tablet", codes::kFormTablet};
    case Drug::kBaclofen:
      return {codes::kBaclofen, std::nullopt, "baclofen 10 mg tablet", codes::kFormTablet};
    case Drug::kMetformin:
      return {codes::kMetformin, std::nullopt, "metformin 500 mg tablet", codes::kFormTablet};
    case Drug::kLisinopril:
      return {codes::kLisinopril, std::nullopt, "lisinopril 10 mg tablet", codes::kFormTablet};
  }
  return {};
}

enum class Representation { kProduct, kIngredient, kText, kContained, kSeparate };

Representation ChooseRepresentation(Random& random, const MedicationCoding& coding) {
  static const Representation kChoices[] = {Representation::kProduct, Representation::kIngredient,
                                            Representation::kText, Representation::kContained,
                                            Representation::kSeparate};
  Representation choice = kChoices[random.Weighted({0.35, 0.3, 0.1, 0.13, 0.12})];
  if (choice == Representation::kProduct && !coding.product) choice = Representation::kIngredient;
  if (choice == Representation::kIngredient && !coding.ingredient) choice = Representation::kText;
  return choice;
}

// The code of a Medication: the product when there is one, else the ingredient, else text only.
void WriteMedicationCode(JsonWriter& json, std::string_view key, const MedicationCoding& coding, bool product) {
  if (product && coding.product) return WriteConcept(json, key, {*coding.product}, coding.text);
  if (coding.ingredient) return WriteConcept(json, key, {*coding.ingredient}, coding.text);
  WriteConcept(json, key, {}, coding.text);
}

void WriteMedicationBody(JsonWriter& json, const MedicationCoding& coding) {
  WriteMedicationCode(json, "code", coding, true);
  if (coding.form) WriteConcept(json, "form", {*coding.form}, coding.form->display);
  if (coding.ingredient) {
    json.Array("ingredient", [&] {
      json.Element([&] {
        WriteConcept(json, "itemCodeableConcept", {*coding.ingredient}, coding.ingredient->display);
        json.BoolField("isActive", true);
      });
    });
  }
}

// A Medication resource of its own, written before the resource that references it.
std::string RenderSeparateMedication(ResourceEmitter& emitter, const MedicationCoding& coding) {
  JsonWriter& json = emitter.Begin("Medication", "med");
  WriteMedicationBody(json, coding);
  const std::string reference = "Medication/" + emitter.id();
  emitter.End();
  return reference;
}

struct MedicationChoice {
  Representation representation;
  std::string reference;  // for kContained / kSeparate
};

MedicationChoice PrepareMedication(ResourceEmitter& emitter, const MedicationCoding& coding) {
  MedicationChoice choice{ChooseRepresentation(emitter.random(), coding), ""};
  if (choice.representation == Representation::kContained) choice.reference = "#med";
  if (choice.representation == Representation::kSeparate) choice.reference = RenderSeparateMedication(emitter, coding);
  return choice;
}

void WriteContainedMedication(JsonWriter& json, const MedicationChoice& choice, const MedicationCoding& coding) {
  if (choice.representation != Representation::kContained) return;
  json.Array("contained", [&] {
    json.Element([&] {
      json.Field("resourceType", "Medication");
      json.Field("id", "med");
      WriteMedicationBody(json, coding);
    });
  });
}

void WriteMedicationElement(JsonWriter& json, const MedicationChoice& choice, const MedicationCoding& coding) {
  switch (choice.representation) {
    case Representation::kProduct:
      return WriteMedicationCode(json, "medicationCodeableConcept", coding, true);
    case Representation::kIngredient:
      return WriteMedicationCode(json, "medicationCodeableConcept", coding, false);
    case Representation::kText:
      return WriteConcept(json, "medicationCodeableConcept", {}, coding.text);
    case Representation::kContained:
    case Representation::kSeparate:
      return WriteReference(json, "medicationReference", choice.reference);
  }
}

std::string DoseText(const Dose& dose) {
  if (!dose.text.empty()) return std::string(dose.text);
  std::string text = std::to_string(std::lround(dose.amount)) + " " + std::string(dose.unit.code);
  if (dose.route.code == codes::kRouteIntravenous.code) {
    text += " IV";
    if (dose.infusion_minutes) text += " over " + std::to_string(*dose.infusion_minutes) + " min";
  } else if (dose.route.code == codes::kRouteIntrathecal.code) {
    text += " intrathecal";
  } else {
    text += " by mouth";
  }
  if (dose.period_days > 1) return text + " every " + std::to_string(dose.period_days) + " days";
  static const char* const kPerDay[] = {"", " once daily", " twice daily", " three times daily", " four times daily"};
  return text + (dose.frequency >= 1 && dose.frequency <= 4 ? kPerDay[static_cast<int>(dose.frequency)] : "");
}

void WriteDoseQuantity(JsonWriter& json, std::string_view key, const Dose& dose) {
  WriteQuantity(json, key, Decimal::Of(dose.amount, 0), dose.unit);
}

void WriteDosage(JsonWriter& json, const Dose& dose) {
  json.Element([&] {
    json.Field("text", DoseText(dose));
    json.Object("timing", [&] {
      json.Object("repeat", [&] {
        json.IntegerField("frequency", static_cast<int>(dose.frequency));
        json.IntegerField("period", dose.period_days);
        json.Field("periodUnit", "d");
        if (dose.infusion_minutes) {
          json.IntegerField("duration", *dose.infusion_minutes);
          json.Field("durationUnit", "min");
        }
      });
    });
    WriteConcept(json, "route", {dose.route}, dose.route.display);
    if (dose.amount > 0) {
      json.Array("doseAndRate", [&] { json.Element([&] { WriteDoseQuantity(json, "doseQuantity", dose); }); });
    }
  });
}

// The elements MedicationRequest and MedicationStatement share, up to the subject.
JsonWriter& BeginMedicationUse(ResourceEmitter& emitter, const MedicationFact& fact, const MedicationCoding& coding) {
  const bool request = fact.record == MedicationRecord::kRequest;
  const MedicationChoice choice = PrepareMedication(emitter, coding);
  JsonWriter& json = emitter.Begin(request ? "MedicationRequest" : "MedicationStatement", request ? "medrx" : "medst");
  WriteContainedMedication(json, choice, coding);
  json.Field("status", fact.status);
  if (fact.stopped_for_adverse_reaction) {
    // One CodeableConcept on a request, a list on a statement.
    if (request) {
      WriteConcept(json, "statusReason", {codes::kStoppedAdverseReaction});
    } else {
      WriteConceptList(json, "statusReason", {codes::kStoppedAdverseReaction});
    }
  }
  if (request) json.Field("intent", fact.status == "draft" ? "proposal" : "order");
  WriteMedicationElement(json, choice, coding);
  emitter.WriteSubject();
  return json;
}

void RenderRequest(ResourceEmitter& emitter, const MedicationFact& fact, const MedicationCoding& coding) {
  JsonWriter& json = BeginMedicationUse(emitter, fact, coding);
  json.Field("authoredOn", DateTimeText(fact.start, emitter.random()));
  json.Array("dosageInstruction", [&] { WriteDosage(json, fact.dose); });
  emitter.End();
}

void RenderStatement(ResourceEmitter& emitter, const MedicationFact& fact, const MedicationCoding& coding) {
  JsonWriter& json = BeginMedicationUse(emitter, fact, coding);
  json.Object("effectivePeriod", [&] {
    json.Field("start", DateText(fact.start));
    if (fact.end) json.Field("end", DateText(*fact.end));
  });
  json.Field("dateAsserted", DateTimeText(fact.end.value_or(fact.start), emitter.random()));
  json.Array("dosage", [&] { WriteDosage(json, fact.dose); });
  emitter.End();
}

void RenderAdministration(ResourceEmitter& emitter, const AdministrationFact& fact) {
  const Dose& dose = fact.dose;
  const MedicationCoding coding = CodingOf(fact.drug, DrugForm::kDefault, dose.route);
  JsonWriter& json = emitter.Begin("MedicationAdministration", "medadm");
  json.Field("status", "completed");
  WriteMedicationCode(json, "medicationCodeableConcept", coding, false);
  emitter.WriteSubject();
  const int minutes = dose.infusion_minutes.value_or(5);
  json.Object("effectivePeriod", [&] {
    json.Field("start", InstantText(fact.day, 9, 0));
    json.Field("end", InstantText(fact.day, 9 + minutes / 60, minutes % 60));
  });
  json.Object("dosage", [&] {
    json.Field("text", DoseText(dose));
    WriteConcept(json, "route", {dose.route}, dose.route.display);
    WriteDoseQuantity(json, "dose", dose);
  });
  emitter.End();
}

}  // namespace

void RenderMedications(ResourceEmitter& emitter) {
  for (const MedicationFact& fact : emitter.chart().medications) {
    const MedicationCoding coding = CodingOf(fact.drug, fact.form, fact.dose.route);
    if (fact.record == MedicationRecord::kRequest) {
      RenderRequest(emitter, fact, coding);
    } else {
      RenderStatement(emitter, fact, coding);
    }
  }
}

void RenderAdministrations(ResourceEmitter& emitter) {
  for (const AdministrationFact& fact : emitter.chart().administrations) RenderAdministration(emitter, fact);
}

}  // namespace als::generator
