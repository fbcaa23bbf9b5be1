/** Notes and export inputs for the FHIR tests: one note with every field, one that denies allergies. */
import { emptyNote, type ClinicalNote } from '../../notes/noteSchema';
import type { NoteExportInput } from './bundle';

export const SOAP = {
  id: 'soap',
  name: 'SOAP',
  sections: [
    { id: 'subjetivo', title: 'Subjetivo', guidance: '' },
    { id: 'objetivo', title: 'Objetivo', guidance: '' },
    { id: 'evaluacion', title: 'Evaluación', guidance: '' },
    { id: 'plan', title: 'Plan', guidance: '' },
  ],
};

const ev = (...ids: string[]) => ids;

/** Every list filled, every vital sign, every medication action and diagnosis certainty. */
export const FULL_NOTE: ClinicalNote = {
  sections: {
    subjetivo: { text: 'Odinofagia de tres días.\nNiega tos.', evidence: ev('s1') },
    objetivo: { text: 'Fauces eritematosas <sin exudado> & adenopatías.', evidence: ev('s2') },
    evaluacion: { text: '', evidence: [] },
    plan: { text: 'Ibuprofeno y control.', evidence: ev('s3') },
  },
  medications: [
    { name: 'Ibuprofeno', dose: '600 mg', route: 'oral', frequency: 'cada 8 horas', duration: '5 días', action: 'inicia', evidence: ev('s3') },
    { name: 'Enalapril', dose: '10 mg', route: null, frequency: 'cada 12 horas', duration: null, action: 'continúa', evidence: ev('s4') },
    { name: 'Amoxicilina', dose: null, route: null, frequency: null, duration: null, action: 'suspende', evidence: ev('s4') },
    { name: 'Losartán', dose: '50 mg', route: null, frequency: 'por día', duration: null, action: 'modifica', evidence: ev('s4') },
    { name: 'Paracetamol', dose: null, route: null, frequency: null, duration: null, action: 'mencionada', evidence: ev('s1') },
  ],
  allergies: [
    { substance: 'Penicilina', reaction: 'urticaria', evidence: ev('s1') },
    { substance: 'Látex', reaction: null, evidence: ev('s1') },
  ],
  diagnoses: [
    { text: 'Faringitis aguda', cie10: 'J02.9', certainty: 'presuntivo', evidence: ev('s2') },
    { text: 'Hipertensión arterial', cie10: 'I10', certainty: 'confirmado', evidence: ev('s4') },
    { text: 'Amigdalitis estreptocócica', cie10: null, certainty: 'descartado', evidence: ev('s2') },
  ],
  vitals: {
    bloodPressure: { systolic: 140, diastolic: 90, evidence: ev('s2') },
    heartRate: { value: 88, evidence: ev('s2') },
    respiratoryRate: { value: 16, evidence: ev('s2') },
    temperature: { value: 38.5, evidence: ev('s2') },
    spo2: { value: 97, evidence: ev('s2') },
    weight: { value: 72.4, evidence: ev('s2') },
    height: { value: 170, evidence: ev('s2') },
  },
  orders: [{ text: 'Hemograma', evidence: ev('s3') }, { text: 'Radiografía de tórax', evidence: ev('s3') }],
  referrals: [
    { specialty: 'Cardiología', reason: 'Control de la presión', evidence: ev('s4') },
    { specialty: 'Kinesiología', reason: null, evidence: ev('s4') },
  ],
  followUp: { text: 'Control en 7 días.', evidence: ev('s3') },
  patientInstructions: [{ text: 'Hidratación abundante.', evidence: ev('s3') }],
  pertinentNegatives: [{ text: 'Sin tos.', evidence: ev('s1') }],
};

/** No allergy listed; the patient denied having any. */
export const DENIED_ALLERGIES_NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  sections: { ...emptyNote(SOAP).sections, subjetivo: { text: 'Control de rutina.', evidence: ev('s1') } },
  pertinentNegatives: [
    { text: 'Sin fiebre.', evidence: ev('s1') },
    { text: 'Niega alergias.', evidence: ev('s2') },
  ],
};

export const VERSION_ID = '2b1f7c1e-5d3a-4c8e-9f0a-7e6d5c4b3a21';
export const ENCOUNTER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const SIGNED_AT = Date.UTC(2026, 2, 14, 15, 42, 0);

export function exportInput(note: ClinicalNote, overrides: Partial<NoteExportInput> = {}): NoteExportInput {
  return {
    note,
    version: { id: VERSION_ID, version: 2, signedAt: SIGNED_AT },
    template: SOAP,
    encounter: { id: ENCOUNTER_ID, patientLabel: 'Juan Pérez', reason: 'Dolor de garganta', createdAt: SIGNED_AT - 20 * 60_000 },
    durationMs: 12 * 60_000,
    professional: { name: 'Dra. Ana Gómez', license: 'MN 123456' },
    ...overrides,
  };
}
