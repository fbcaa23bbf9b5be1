/**
 * Code systems and the few codes the export uses, in one place. Displays are each system's own
 * (English) display, so a terminology server accepts them; the Spanish a reader sees goes in
 * `CodeableConcept.text` and in the narrative. Only codes from systems whose use needs no licence
 * here: LOINC (free licence), SNOMED CT (Argentina is a member country; the few IPS codes used are
 * in the IPS free set), UCUM and HL7's own. No ICD-10 code is shipped: a diagnosis carries the
 * CIE-10 code only as the doctor's note wrote it (WHO does not licence redistributing the list).
 */
import type { Coding } from '@medplum/fhirtypes';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /** HL7 Argentina's FHIR_CORE_AR uses RENAPER's URI for the DNI. */
  dni: 'http://www.renaper.gob.ar/dni',
  rfc3986: 'urn:ietf:rfc:3986',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
} as const;

const loinc = (code: string, display: string): Coding => ({ system: SYSTEM.loinc, code, display });
const snomed = (code: string, display: string): Coding => ({ system: SYSTEM.snomed, code, display });

/** The document's kind: a visit's progress note (in Argentina, the «evolución» of a consultation). */
export const NOTE_TYPE = loinc('11506-3', 'Progress note');

/** Section codes of the International Patient Summary where a section means the same thing here. */
export const SECTION_CODE = {
  medications: loinc('10160-0', 'History of Medication use Narrative'),
  allergies: loinc('48765-2', 'Allergies and adverse reactions Document'),
  diagnoses: loinc('29548-5', 'Diagnosis Narrative'),
  vitals: loinc('8716-3', 'Vital signs'),
  orders: loinc('18776-5', 'Plan of care note'),
  referrals: loinc('57133-1', 'Referral note'),
  instructions: loinc('69730-0', 'Instructions'),
} as const;

/** IPS «absent or unknown allergies» codes (SNOMED CT, IPS free set). */
export const NO_KNOWN_ALLERGY = {
  any: snomed('716186003', 'No known allergy'),
  drug: snomed('409137002', 'No known history of drug allergy'),
  food: snomed('429625007', 'No known food allergy'),
} as const;

/** ServiceRequest.category of a referral. */
export const REFERRAL_CATEGORY = snomed('3457005', 'Patient referral');

export const VITAL_SIGNS_CATEGORY: Coding = { system: SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' };

/** LOINC code, base R4 vital-sign profile and UCUM unit of each vital sign of the note. */
export const VITAL_CODES = {
  bloodPressure: { codings: [loinc('85354-9', 'Blood pressure panel with all children optional')], profile: 'bp', ucum: 'mm[Hg]' },
  heartRate: { codings: [loinc('8867-4', 'Heart rate')], profile: 'heartrate', ucum: '/min' },
  respiratoryRate: { codings: [loinc('9279-1', 'Respiratory rate')], profile: 'resprate', ucum: '/min' },
  temperature: { codings: [loinc('8310-5', 'Body temperature')], profile: 'bodytemp', ucum: 'Cel' },
  // R4's oxygensat profile requires 2708-6; 59408-5 says it was measured by pulse oximetry, as in a visit.
  spo2: {
    codings: [loinc('2708-6', 'Oxygen saturation in Arterial blood'), loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry')],
    profile: 'oxygensat',
    ucum: '%',
  },
  weight: { codings: [loinc('29463-7', 'Body weight')], profile: 'bodyweight', ucum: 'kg' },
  height: { codings: [loinc('8302-2', 'Body height')], profile: 'bodyheight', ucum: 'cm' },
} as const;

export const BLOOD_PRESSURE_COMPONENTS = {
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
} as const;

export const vitalSignsProfile = (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`;
