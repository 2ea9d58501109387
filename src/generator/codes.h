// The codes the generator writes: standard codes from shared/spec/terminology.md
// and the project codes of mappings/ (codesystem-als-local.json), plus a few
// codes the adapter must NOT recognise (unrelated conditions, local panels).
#ifndef ALS_GENERATOR_CODES_H_
#define ALS_GENERATOR_CODES_H_

#include <string_view>

namespace als::generator {

struct Code {
  std::string_view system;
  std::string_view code;
  std::string_view display;
};

// A UCUM unit: the code and what a human reads.
struct Unit {
  std::string_view code;
  std::string_view display;
};

namespace sys {
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kIcd10 = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr std::string_view kLocal = "http://als-adapter.org/fhir/CodeSystem/als-local";
inline constexpr std::string_view kHgnc = "http://www.genenames.org/geneId";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kHcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
inline constexpr std::string_view kCpt = "http://www.ama-assn.org/go/cpt";
inline constexpr std::string_view kObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
inline constexpr std::string_view kConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
inline constexpr std::string_view kConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
inline constexpr std::string_view kConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
inline constexpr std::string_view kAllergyClinical =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
inline constexpr std::string_view kAllergyVerification =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
inline constexpr std::string_view kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
inline constexpr std::string_view kRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
inline constexpr std::string_view kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
inline constexpr std::string_view kConsentCategory = "http://terminology.hl7.org/CodeSystem/consentcategorycodes";
inline constexpr std::string_view kDocumentCategory =
    "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
inline constexpr std::string_view kInterpretation =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
// A hospital's own code system: the adapter does not know these codes.
inline constexpr std::string_view kHospital = "http://hospital.example.org/fhir/CodeSystem/local-codes";
}  // namespace sys

namespace units {
inline constexpr Unit kPercent{"%", "%"};
inline constexpr Unit kRatio{"1", "ratio"};
inline constexpr Unit kLitre{"L", "L"};
inline constexpr Unit kKilogram{"kg", "kg"};
inline constexpr Unit kPound{"[lb_av]", "lb"};
inline constexpr Unit kCentimetre{"cm", "cm"};
inline constexpr Unit kInch{"[in_i]", "in"};
inline constexpr Unit kBmi{"kg/m2", "kg/m2"};
inline constexpr Unit kUnitsPerLitre{"U/L", "U/L"};
inline constexpr Unit kMicrokatalPerLitre{"ukat/L", "ukat/L"};
inline constexpr Unit kMgPerDl{"mg/dL", "mg/dL"};
inline constexpr Unit kMicromolPerLitre{"umol/L", "umol/L"};
inline constexpr Unit kGigaPerLitre{"10*9/L", "10*9/L"};
inline constexpr Unit kCmH2o{"cm[H2O]", "cmH2O"};
inline constexpr Unit kLitrePerMinute{"L/min", "L/min"};
inline constexpr Unit kMmHg{"mm[Hg]", "mmHg"};
inline constexpr Unit kKiloPascal{"kPa", "kPa"};
inline constexpr Unit kCelsius{"Cel", "C"};
inline constexpr Unit kMinute{"min", "min"};
inline constexpr Unit kScore{"{score}", "score"};
inline constexpr Unit kPicogramPerMl{"pg/mL", "pg/mL"};
inline constexpr Unit kMilligram{"mg", "mg"};
inline constexpr Unit kMillilitre{"mL", "mL"};
inline constexpr Unit kTablet{"{tbl}", "tablet"};
// Deliberately bad data (--bad-fraction): not a unit the adapter knows.
inline constexpr Unit kUnknown{"furlong", "furlong"};
}  // namespace units

namespace codes {
// Diagnoses
inline constexpr Code kAlsSnomed{sys::kSnomed, "86044005", "Amyotrophic lateral sclerosis"};
inline constexpr Code kAlsIcd{sys::kIcd10, "G12.21", "Amyotrophic lateral sclerosis"};
inline constexpr Code kMndSnomed{sys::kSnomed, "37340000", "Motor neuron disease"};
inline constexpr Code kMndIcd{sys::kIcd10, "G12.20", "Motor neuron disease, unspecified"};
inline constexpr Code kBulbarPalsy{sys::kIcd10, "G12.22", "Progressive bulbar palsy"};
inline constexpr Code kBulbarOnset{sys::kLocal, "bulbar-onset", "Bulbar-onset ALS"};
inline constexpr Code kDysphagia{sys::kSnomed, "40739000", "Dysphagia"};
inline constexpr Code kDysphagiaIcd{sys::kIcd10, "R13.12", "Dysphagia, oropharyngeal phase"};
inline constexpr Code kDysarthria{sys::kSnomed, "8011004", "Dysarthria"};
inline constexpr Code kDysarthriaIcd{sys::kIcd10, "R47.1", "Dysarthria and anarthria"};
inline constexpr Code kSialorrhea{sys::kSnomed, "53827007", "Sialorrhea"};
inline constexpr Code kFtd{sys::kSnomed, "230270009", "Frontotemporal dementia"};
inline constexpr Code kAlsWithFtd{sys::kSnomed, "1259124000",
                                  "Amyotrophic lateral sclerosis with frontotemporal dementia"};
inline constexpr Code kAlsCognitive{sys::kLocal, "als-cognitive-impairment", "ALS with cognitive impairment (ALSci)"};
inline constexpr Code kDepression{sys::kSnomed, "35489007", "Depressive disorder"};
inline constexpr Code kDepressionIcd{sys::kIcd10, "F32.A", "Depression, unspecified"};
inline constexpr Code kPseudobulbarAffect{sys::kSnomed, "432776007", "Pseudobulbar affect"};
inline constexpr Code kAsthma{sys::kSnomed, "195967001", "Asthma"};
inline constexpr Code kCopd{sys::kIcd10, "J44.9", "Chronic obstructive pulmonary disease, unspecified"};
inline constexpr Code kOrthopnea{sys::kSnomed, "62744007", "Orthopnea"};
inline constexpr Code kDyspnea{sys::kSnomed, "267036007", "Dyspnea"};
inline constexpr Code kSleepHypoventilation{sys::kIcd10, "G47.36",
                                            "Sleep related hypoventilation in conditions classified elsewhere"};
inline constexpr Code kAspirationPneumonia{sys::kSnomed, "422588002", "Aspiration pneumonia"};
inline constexpr Code kChoking{sys::kLocal, "choking-episode", "Choking episode"};
inline constexpr Code kInadequateIntake{sys::kLocal, "inadequate-oral-intake", "Inadequate oral intake"};
inline constexpr Code kHepaticImpairment{sys::kSnomed, "59927004", "Hepatic failure"};
inline constexpr Code kInterstitialLungDisease{sys::kSnomed, "233703007", "Interstitial lung disease"};
inline constexpr Code kJaundice{sys::kSnomed, "18165001", "Jaundice"};
inline constexpr Code kNeutropenia{sys::kSnomed, "165517008", "Neutropenia"};
inline constexpr Code kMyelitis{sys::kIcd10, "G04.91", "Myelitis, unspecified"};
inline constexpr Code kAsepticMeningitis{sys::kIcd10, "G03.0", "Nonpyogenic meningitis"};
inline constexpr Code kGastrostomyStatus{sys::kIcd10, "Z93.1", "Gastrostomy status"};
inline constexpr Code kRespiratoryFailure{sys::kIcd10, "J96.00", "Acute respiratory failure, unspecified"};
inline constexpr Code kGlaucoma{sys::kSnomed, "23986001", "Glaucoma"};
// Conditions the adapter has no rule for (non-ALS patients and comorbidities)
inline constexpr Code kHypertension{sys::kSnomed, "38341003", "Hypertensive disorder"};
inline constexpr Code kDiabetes{sys::kSnomed, "44054006", "Diabetes mellitus type 2"};
inline constexpr Code kOsteoarthritis{sys::kIcd10, "M17.0", "Bilateral primary osteoarthritis of knee"};
inline constexpr Code kMyelopathy{sys::kIcd10, "M47.12", "Other spondylosis with myelopathy, cervical region"};
inline constexpr Code kHyperlipidemia{sys::kSnomed, "55822004", "Hyperlipidemia"};

// Observations
inline constexpr Code kFvcPercent{sys::kLoinc, "19872-1", "FVC measured/predicted"};
inline constexpr Code kFvcMeasured{sys::kLoinc, "19868-9",
                                   "Forced vital capacity [Volume] Respiratory system by Spirometry"};
inline constexpr Code kFvcPredicted{sys::kLoinc, "19869-7",
                                    "Forced vital capacity [Volume] Respiratory system Predicted"};
inline constexpr Code kVcPercent{sys::kLoinc, "98088-8", "Vital capacity/Vital capacity predicted"};
inline constexpr Code kSpirometryPanel{sys::kHospital, "SPIRO-PANEL", "Spirometry panel"};
inline constexpr Code kBodyWeight{sys::kLoinc, "29463-7", "Body weight"};
inline constexpr Code kUsualWeight{sys::kLocal, "usual-body-weight", "Usual (premorbid) body weight"};
inline constexpr Code kBodyHeight{sys::kLoinc, "8302-2", "Body height"};
inline constexpr Code kBmi{sys::kLoinc, "39156-5", "Body mass index (BMI) [Ratio]"};
inline constexpr Code kAlt{sys::kLoinc, "1742-6",
                           "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma"};
inline constexpr Code kAst{sys::kLoinc, "1920-8",
                           "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma"};
inline constexpr Code kBilirubin{sys::kLoinc, "1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma"};
inline constexpr Code kNeutrophils{sys::kLoinc, "751-8", "Neutrophils [#/volume] in Blood by Automated count"};
inline constexpr Code kSpo2{sys::kLoinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"};
inline constexpr Code kSpo2Alternative{sys::kLoinc, "2708-6", "Oxygen saturation in Arterial blood"};
inline constexpr Code kTemperature{sys::kLoinc, "8310-5", "Body temperature"};
inline constexpr Code kSnip{sys::kLocal, "snip", "Sniff nasal inspiratory pressure"};
inline constexpr Code kMip{sys::kLocal, "mip", "Maximal inspiratory pressure"};
inline constexpr Code kPeakCoughFlow{sys::kLocal, "peak-cough-flow", "Peak cough flow"};
inline constexpr Code kNocturnalOximetry{sys::kLocal, "nocturnal-oximetry-t88",
                                         "Nocturnal oximetry: continuous minutes with SpO2 <= 88%"};
inline constexpr Code kPaco2{sys::kLoinc, "2019-8", "Carbon dioxide [Partial pressure] in Arterial blood"};
inline constexpr Code kNfl{sys::kLoinc, "101281-4", "Neurofilament light chain [Mass/volume] in Plasma"};
inline constexpr Code kAlsfrsPanel{sys::kLoinc, "82954-9", "ALSFRS-R panel"};
inline constexpr Code kAlsfrsTotal{sys::kLoinc, "82953-1", "ALSFRS-R total score"};
inline constexpr Code kAlsfrsSpeech{sys::kLocal, "alsfrs-r-speech", "ALSFRS-R item 1: speech"};
inline constexpr Code kAlsfrsSalivation{sys::kLocal, "alsfrs-r-salivation", "ALSFRS-R item 2: salivation"};
inline constexpr Code kAlsfrsSwallowing{sys::kLocal, "alsfrs-r-swallowing", "ALSFRS-R item 3: swallowing"};
inline constexpr Code kAlsfrsDyspnea{sys::kLocal, "alsfrs-r-dyspnea", "ALSFRS-R item 10: dyspnoea"};
inline constexpr Code kAlsfrsOrthopnea{sys::kLocal, "alsfrs-r-orthopnea", "ALSFRS-R item 11: orthopnoea"};
inline constexpr Code kAlsfrsRespiratory{sys::kLocal, "alsfrs-r-respiratory-insufficiency",
                                         "ALSFRS-R item 12: respiratory insufficiency"};
inline constexpr Code kEcas{sys::kLocal, "ecas-total", "ECAS total score"};
inline constexpr Code kMoca{sys::kLoinc, "72172-0", "Total score [MoCA]"};
inline constexpr Code kPhq9{sys::kLoinc, "44261-6",
                            "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"};
inline constexpr Code kCnsLs{sys::kLocal, "cns-ls-total", "CNS-LS total score"};
inline constexpr Code kCaregiverStrain{sys::kLocal, "caregiver-strain", "Caregiver strain"};
inline constexpr Code kDistress{sys::kLocal, "distress", "Patient distress"};
inline constexpr Code kAcpRequested{sys::kLocal, "acp-discussion-requested", "Patient requests end-of-life discussion"};
inline constexpr Code kNivDeclined{sys::kLocal, "niv-declined", "NIV declined"};
inline constexpr Code kGastrostomyDeclined{sys::kLocal, "gastrostomy-declined", "Gastrostomy declined"};
inline constexpr Code kGastrostomyAgreed{sys::kLocal, "gastrostomy-agreed", "Patient agrees to gastrostomy"};
// Genomics (HL7 Genomics Reporting)
inline constexpr Code kVariantAssessment{sys::kLoinc, "69548-6", "Genetic variant assessment"};
inline constexpr Code kGeneStudied{sys::kLoinc, "48018-6", "Gene studied [ID]"};
inline constexpr Code kClinicalSignificance{sys::kLoinc, "53037-8", "Genetic variation clinical significance [Imp]"};
inline constexpr Code kSod1Gene{sys::kHgnc, "HGNC:11179", "SOD1"};
inline constexpr Code kVariantPresent{sys::kLoinc, "LA9633-4", "Present"};
inline constexpr Code kVariantAbsent{sys::kLoinc, "LA9634-2", "Absent"};
inline constexpr Code kPathogenic{sys::kLoinc, "LA6668-3", "Pathogenic"};
inline constexpr Code kLikelyPathogenic{sys::kLoinc, "LA26332-9", "Likely pathogenic"};
inline constexpr Code kUncertainSignificance{sys::kLoinc, "LA26333-7", "Uncertain significance"};

// Medications (RxNorm ingredients, products; project code for the Relyvrio combination)
inline constexpr Code kRiluzole{sys::kRxNorm, "35623", "riluzole"};
inline constexpr Code kRiluzoleTablet{sys::kRxNorm, "199206", "riluzole 50 MG Oral Tablet"};
inline constexpr Code kRiluzoleSuspension{sys::kRxNorm, "2058147", "riluzole 5 MG/ML Oral Suspension"};
inline constexpr Code kEdaravone{sys::kRxNorm, "1921877", "edaravone"};
inline constexpr Code kTofersen{sys::kRxNorm, "2634995", "tofersen"};
inline constexpr Code kGlycopyrronium{sys::kRxNorm, "1546438", "glycopyrronium"};
inline constexpr Code kAmitriptyline{sys::kRxNorm, "704", "amitriptyline"};
inline constexpr Code kDextromethorphanQuinidine{sys::kRxNorm, "1040053", "dextromethorphan / quinidine"};
inline constexpr Code kNuedexta{sys::kRxNorm, "1040054",
                                "dextromethorphan hydrobromide 20 MG / quinidine sulfate 10 MG Oral Capsule"};
inline constexpr Code kSertraline{sys::kRxNorm, "36437", "sertraline"};
inline constexpr Code kBaclofen{sys::kRxNorm, "1292", "baclofen"};
inline constexpr Code kMetformin{sys::kRxNorm, "6809", "metformin"};
inline constexpr Code kLisinopril{sys::kRxNorm, "29046", "lisinopril"};
// Dose forms and routes
inline constexpr Code kFormTablet{sys::kSnomed, "385055001", "Tablet"};
inline constexpr Code kFormOralSuspension{sys::kSnomed, "385024007", "Oral suspension"};
inline constexpr Code kRouteOral{sys::kSnomed, "26643006", "Oral route"};
inline constexpr Code kRouteIntravenous{sys::kSnomed, "47625008", "Intravenous route"};
inline constexpr Code kRouteIntrathecal{sys::kSnomed, "72607000", "Intrathecal route"};
inline constexpr Code kStoppedAdverseReaction{sys::kLocal, "stopped-adverse-reaction",
                                              "Stopped because of an adverse reaction or intolerance"};

// Allergies
inline constexpr Code kNoKnownAllergy{sys::kSnomed, "716186003", "No known allergy"};
inline constexpr Code kSulfiteAllergy{sys::kSnomed, "419421008", "Allergy to sulfite based food preservative"};
inline constexpr Code kSulfamethoxazole{sys::kRxNorm, "10180", "sulfamethoxazole"};
inline constexpr Code kAmoxicillin{sys::kRxNorm, "723", "amoxicillin"};
inline constexpr Code kRiluzoleIntolerance{sys::kLocal, "riluzole-intolerance", "Riluzole intolerance"};

// Procedures, referrals, encounters, devices
inline constexpr Code kMdtVisit{sys::kLocal, "mdt-clinic-visit", "Multidisciplinary ALS clinic visit"};
inline constexpr Code kNeurologyVisit{sys::kHospital, "NEURO-FU", "Neurology follow-up visit"};
inline constexpr Code kPalliativeReferral{sys::kSnomed, "306237005", "Referral to palliative care service"};
inline constexpr Code kPalliativeEncounter{sys::kLocal, "palliative-care-encounter", "Palliative care encounter"};
inline constexpr Code kMdtReferral{sys::kLocal, "mdt-clinic-referral", "Referral to multidisciplinary ALS clinic"};
inline constexpr Code kDietitianEncounter{sys::kLocal, "dietitian-encounter", "Dietitian encounter"};
inline constexpr Code kDysphagiaManagement{sys::kLocal, "dysphagia-management",
                                           "Dysphagia management plan / education"};
inline constexpr Code kPsychologyReferral{sys::kLocal, "psychology-referral", "Referral to psychologist"};
inline constexpr Code kHospitalAdmission{sys::kHospital, "ADM-INPT", "Inpatient admission"};
inline constexpr Code kDietitianReferral{sys::kSnomed, "103699006", "Referral to dietitian"};
inline constexpr Code kNutritionAssessment{sys::kSnomed, "1759002", "Assessment of nutritional status"};
inline constexpr Code kSwallowEvaluation{sys::kCpt, "92610", "Evaluation of oral and pharyngeal swallowing function"};
inline constexpr Code kCommunicationAssessment{sys::kLocal, "slp-communication-assessment",
                                               "SLP communication assessment"};
inline constexpr Code kSocialWorkReferral{sys::kSnomed, "428481000124106", "Referral to clinical social worker"};
inline constexpr Code kSymptomReview{sys::kLocal, "symptom-review", "Structured ALS symptom review"};
inline constexpr Code kCaregiverSupport{sys::kLocal, "caregiver-support", "Caregiver support"};
inline constexpr Code kGeneticCounselling{sys::kLocal, "genetic-counselling", "Genetic counselling for ALS"};
inline constexpr Code kGastrostomy{sys::kSnomed, "235159007", "Percutaneous endoscopic gastrostomy"};
inline constexpr Code kGastrostomyDiscussion{sys::kLocal, "gastrostomy-discussion", "Gastrostomy discussion"};
inline constexpr Code kNivInitiation{sys::kLocal, "niv-initiation", "NIV initiation"};
inline constexpr Code kPatientDeclined{sys::kLocal, "patient-declined", "Patient declined"};
inline constexpr Code kAdvanceCarePlanning{sys::kSnomed, "713603004", "Advance care planning"};
inline constexpr Code kAdvanceDirective{sys::kLoinc, "42348-3", "Advance directives"};
inline constexpr Code kPolst{sys::kLoinc, "93037-0", "Portable medical order form"};
inline constexpr Code kConsentAdvanceDirective{sys::kConsentScope, "adr", "Advanced Care Directive"};
inline constexpr Code kConsentCategoryAcd{sys::kConsentCategory, "acd", "Advance Directive"};
inline constexpr Code kBilevelDevice{
    sys::kHcpcs, "E0471",
    "Respiratory assist device, bi-level pressure capability, with back-up rate, non-invasive interface"};
inline constexpr Code kBilevelDeviceNoBackup{
    sys::kHcpcs, "E0470",
    "Respiratory assist device, bi-level pressure capability, without back-up rate, non-invasive interface"};
inline constexpr Code kCoughAssist{sys::kHcpcs, "E0482",
                                   "Cough stimulating device, alternating positive and negative airway pressure"};
inline constexpr Code kWheelchair{sys::kHcpcs, "K0001", "Standard wheelchair"};
inline constexpr Code kHospitalBed{sys::kHcpcs, "E0250",
                                   "Hospital bed, fixed height, with any type side rails, with mattress"};
inline constexpr Code kSpeechDevice{sys::kHcpcs, "E2510", "Speech generating device, synthesized speech"};
inline constexpr Code kRespiratoryAdmission{sys::kLocal, "respiratory-admission", "Respiratory hospital admission"};
inline constexpr Code kInpatientClass{sys::kActCode, "IMP", "inpatient encounter"};
inline constexpr Code kAmbulatoryClass{sys::kActCode, "AMB", "ambulatory"};
inline constexpr Code kSpouse{sys::kRoleCode, "SPS", "spouse"};
inline constexpr Code kChild{sys::kRoleCode, "CHILD", "child"};
inline constexpr Code kFriend{sys::kRoleCode, "FRND", "unrelated friend"};
inline constexpr Code kFather{sys::kRoleCode, "FTH", "father"};
inline constexpr Code kMother{sys::kRoleCode, "MTH", "mother"};
}  // namespace codes

}  // namespace als::generator

#endif  // ALS_GENERATOR_CODES_H_
