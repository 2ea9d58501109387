// Patient, Condition, AllergyIntolerance, RelatedPerson, FamilyMemberHistory
// and the care resources (requests, procedures, encounters, devices, ACP).
#include "render.h"

namespace als::generator {
namespace {

const Code kProblemListItem{"http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
                            "Problem List Item"};
const Code kConsentDocument{sys::kLoinc, "59284-0", "Consent Document"};
const Code kClinicalNote{sys::kDocumentCategory, "clinical-note", "Clinical Note"};
const Code kOptIn{sys::kActCode, "OPTIN", "opt-in"};
const Code kSkinEruption{sys::kSnomed, "271807003", "Eruption of skin"};
const Code kWheezing{sys::kSnomed, "56018004", "Wheezing"};
const Code kSodiumBisulfite{"http://fdasis.nlm.nih.gov", "TZX5469Z6I", "Sodium bisulfite"};

void WriteStatusConcept(JsonWriter& json, std::string_view key, std::string_view system, std::string_view code) {
  WriteConcept(json, key, {Code{system, code, ""}});
}

// The diagnosis in one code system, or (sometimes) in both.
void WriteConditionCode(ResourceEmitter& emitter, const ConditionFact& fact) {
  JsonWriter& json = emitter.writer();
  Random& random = emitter.random();
  if (!fact.alternative) return WriteConcept(json, "code", {fact.code}, fact.code.display);
  switch (random.Weighted({0.5, 0.35, 0.15})) {
    case 0:
      return WriteConcept(json, "code", {fact.code}, fact.code.display);
    case 1:
      return WriteConcept(json, "code", {*fact.alternative}, fact.alternative->display);
    default:
      return WriteConcept(json, "code", {fact.code, *fact.alternative}, fact.code.display);
  }
}

void RenderCondition(ResourceEmitter& emitter, const ConditionFact& fact) {
  JsonWriter& json = emitter.Begin("Condition", "cond");
  // con-5: no clinicalStatus on a Condition entered in error.
  if (fact.verification != "entered-in-error") {
    WriteStatusConcept(json, "clinicalStatus", sys::kConditionClinical,
                       fact.abatement ? "resolved" : fact.clinical_status);
  }
  WriteStatusConcept(json, "verificationStatus", sys::kConditionVerification, fact.verification);
  WriteConceptList(json, "category", {kProblemListItem});
  WriteConditionCode(emitter, fact);
  emitter.WriteSubject();
  if (fact.onset_recorded) json.Field("onsetDateTime", DateText(fact.onset));
  if (fact.abatement) json.Field("abatementDateTime", DateText(*fact.abatement));
  json.Field("recordedDate", DateText(fact.recorded));
  emitter.End();
}

void RenderAllergy(ResourceEmitter& emitter, const AllergyFact& fact) {
  JsonWriter& json = emitter.Begin("AllergyIntolerance", "alg");
  WriteStatusConcept(json, "clinicalStatus", sys::kAllergyClinical, "active");
  WriteStatusConcept(json, "verificationStatus", sys::kAllergyVerification, "confirmed");
  const bool no_known_allergy = fact.category.empty();
  if (!no_known_allergy) {
    json.Field("type", "allergy");
    json.Array("category", [&] { json.String(fact.category); });
    json.Field("criticality", emitter.random().Chance(0.3) ? "high" : "low");
  }
  WriteConcept(json, "code", {fact.substance}, fact.substance.display);
  emitter.WriteSubject("patient");
  json.Field("recordedDate", DateText(fact.recorded));
  if (!no_known_allergy) {
    const bool sulfite = fact.substance.code == codes::kSulfiteAllergy.code;
    json.Array("reaction", [&] {
      json.Element([&] {
        if (sulfite && emitter.random().Chance(0.5)) WriteConcept(json, "substance", {kSodiumBisulfite});
        json.Array("manifestation", [&] {
          json.Element([&] { json.Array("coding", [&] { WriteCoding(json, sulfite ? kWheezing : kSkinEruption); }); });
        });
      });
    });
  }
  emitter.End();
}

void RenderRelatedPerson(ResourceEmitter& emitter, const RelatedPersonFact& fact) {
  JsonWriter& json = emitter.Begin("RelatedPerson", "rp");
  json.BoolField("active", true);
  emitter.WriteSubject("patient");
  WriteConceptList(json, "relationship", {fact.relationship});
  json.Array("name", [&] {
    json.Element([&] {
      json.Field("family", emitter.chart().family);
      json.Array("given", [&] { json.String(fact.relationship.code == "SPS" ? "Chris" : "Sam"); });
    });
  });
  json.Object("period", [&] { json.Field("start", DateText(fact.since)); });
  emitter.End();
}

void RenderFamilyHistory(ResourceEmitter& emitter, const FamilyHistoryFact& fact) {
  JsonWriter& json = emitter.Begin("FamilyMemberHistory", "fmh");
  json.Field("status", "completed");
  emitter.WriteSubject("patient");
  json.Field("date", DateText(fact.recorded));
  WriteConcept(json, "relationship", {fact.relationship});
  json.Array("condition",
             [&] { json.Element([&] { WriteConcept(json, "code", {fact.condition}, fact.condition.display); }); });
  emitter.End();
}

// ServiceRequest and DeviceRequest: an order with a priority.
void RenderOrder(ResourceEmitter& emitter, const CareFact& fact) {
  const bool device = fact.resource == CareResource::kDeviceRequest;
  JsonWriter& json = emitter.Begin(device ? "DeviceRequest" : "ServiceRequest", device ? "dr" : "sr");
  json.Field("status", fact.status);
  json.Field("intent", "order");
  if (!fact.priority.empty()) json.Field("priority", fact.priority);
  WriteConcept(json, device ? "codeCodeableConcept" : "code", {fact.code}, fact.code.display);
  emitter.WriteSubject();
  json.Field("authoredOn", DateTimeText(fact.day, emitter.random()));
  emitter.End();
}

void RenderProcedure(ResourceEmitter& emitter, const CareFact& fact) {
  JsonWriter& json = emitter.Begin("Procedure", "proc");
  json.Field("status", fact.status);
  if (fact.reason) WriteConcept(json, "statusReason", {*fact.reason}, fact.reason->display);
  WriteConcept(json, "code", {fact.code}, fact.code.display);
  emitter.WriteSubject();
  json.Field("performedDateTime", DateTimeText(fact.day, emitter.random()));
  emitter.End();
}

void RenderEncounter(ResourceEmitter& emitter, const CareFact& fact) {
  JsonWriter& json = emitter.Begin("Encounter", "enc");
  json.Field("status", fact.status);
  json.Key("class");
  WriteCoding(json, fact.inpatient ? codes::kInpatientClass : codes::kAmbulatoryClass);
  WriteConceptList(json, "type", {fact.code});
  emitter.WriteSubject();
  json.Object("period", [&] {
    json.Field("start", InstantText(fact.day, 9, 0));
    json.Field("end", fact.end ? InstantText(*fact.end, 11, 0) : InstantText(fact.day, 10, 0));
  });
  if (fact.reason) WriteConceptList(json, "reasonCode", {*fact.reason});
  emitter.End();
}

void WriteDevice(ResourceEmitter& emitter, JsonWriter& json, std::string_view id, const Code& type) {
  json.Field("resourceType", "Device");
  json.Field("id", id);
  json.Field("status", "active");
  WriteConcept(json, "type", {type}, type.display);
}

// The device itself is contained, or a Device resource of its own.
void RenderDeviceUse(ResourceEmitter& emitter, const CareFact& fact) {
  std::string device_reference = "#device";
  if (!emitter.style().devices_contained) {
    JsonWriter& json = emitter.Begin("Device", "dev");
    json.Field("status", "active");
    WriteConcept(json, "type", {fact.code}, fact.code.display);
    emitter.WriteSubject("patient");
    device_reference = "Device/" + emitter.id();
    emitter.End();
  }
  JsonWriter& json = emitter.Begin("DeviceUseStatement", "dus");
  if (emitter.style().devices_contained) {
    json.Array("contained", [&] { json.Element([&] { WriteDevice(emitter, json, "device", fact.code); }); });
  }
  json.Field("status", fact.status);
  emitter.WriteSubject();
  json.Object("timingPeriod", [&] { json.Field("start", DateText(fact.day)); });
  json.Field("recordedOn", DateTimeText(fact.day, emitter.random()));
  WriteReference(json, "device", device_reference);
  emitter.End();
}

void RenderCommunication(ResourceEmitter& emitter, const CareFact& fact) {
  JsonWriter& json = emitter.Begin("Communication", "com");
  json.Field("status", fact.status);
  emitter.WriteSubject();
  WriteConcept(json, "topic", {fact.code}, fact.code.display);
  json.Field("sent", DateTimeText(fact.day, emitter.random()));
  json.Array("payload", [&] {
    json.Element([&] {
      json.Field("contentString", "Discussed gastrostomy: benefits of early placement, risks of late placement.");
    });
  });
  emitter.End();
}

void RenderConsent(ResourceEmitter& emitter, const CareFact& fact) {
  JsonWriter& json = emitter.Begin("Consent", "cns");
  json.Field("status", fact.status);
  WriteConcept(json, "scope", {fact.code}, fact.code.display);
  json.Array("category", [&] {
    json.Element([&] { json.Array("coding", [&] { WriteCoding(json, codes::kConsentCategoryAcd); }); });
    json.Element([&] { json.Array("coding", [&] { WriteCoding(json, kConsentDocument); }); });
  });
  emitter.WriteSubject("patient");
  json.Field("dateTime", DateTimeText(fact.day, emitter.random()));
  WriteConcept(json, "policyRule", {kOptIn});
  json.Object("provision", [&] { json.Field("type", "permit"); });
  emitter.End();
}

void RenderDocument(ResourceEmitter& emitter, const CareFact& fact) {
  JsonWriter& json = emitter.Begin("DocumentReference", "doc");
  json.Field("status", fact.status);
  WriteConcept(json, "type", {fact.code}, fact.code.display);
  WriteConceptList(json, "category", {kClinicalNote});
  emitter.WriteSubject();
  json.Field("date", InstantText(fact.day, 10, 30));
  json.Array("content", [&] {
    json.Element([&] {
      json.Object("attachment", [&] {
        json.Field("contentType", "text/plain");
        json.Field("data", "QWR2YW5jZSBkaXJlY3RpdmUgb24gZmlsZS4=");  // "Advance directive on file."
        json.Field("title", fact.code.display);
      });
    });
  });
  emitter.End();
}

}  // namespace

void RenderPatient(ResourceEmitter& emitter) {
  const Chart& chart = emitter.chart();
  JsonWriter& json = emitter.Begin("Patient", "");
  json.Array("identifier", [&] {
    json.Element([&] {
      json.Field("system", "http://hospital.example.org/fhir/mrn");
      json.Field("value", "MRN-" + chart.patient_id);
    });
  });
  json.Array("name", [&] {
    json.Element([&] {
      json.Field("family", chart.family);
      json.Array("given", [&] { json.String(chart.given); });
    });
  });
  json.Field("gender", chart.male ? "male" : "female");
  json.Field("birthDate", DateText(chart.birth));
  emitter.End();
}

void RenderConditions(ResourceEmitter& emitter) {
  for (const ConditionFact& fact : emitter.chart().conditions) RenderCondition(emitter, fact);
}

void RenderAllergies(ResourceEmitter& emitter) {
  for (const AllergyFact& fact : emitter.chart().allergies) RenderAllergy(emitter, fact);
}

void RenderRelations(ResourceEmitter& emitter) {
  for (const RelatedPersonFact& fact : emitter.chart().related_persons) RenderRelatedPerson(emitter, fact);
  if (emitter.chart().family_history) RenderFamilyHistory(emitter, *emitter.chart().family_history);
}

void RenderCare(ResourceEmitter& emitter) {
  for (const CareFact& fact : emitter.chart().care) {
    switch (fact.resource) {
      case CareResource::kServiceRequest:
      case CareResource::kDeviceRequest:
        RenderOrder(emitter, fact);
        break;
      case CareResource::kProcedure:
        RenderProcedure(emitter, fact);
        break;
      case CareResource::kEncounter:
        RenderEncounter(emitter, fact);
        break;
      case CareResource::kDeviceUse:
        RenderDeviceUse(emitter, fact);
        break;
      case CareResource::kCommunication:
        RenderCommunication(emitter, fact);
        break;
      case CareResource::kConsent:
        RenderConsent(emitter, fact);
        break;
      case CareResource::kDocument:
        RenderDocument(emitter, fact);
        break;
    }
  }
}

}  // namespace als::generator
