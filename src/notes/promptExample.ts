/**
 * The worked example in every prompt: a short rioplatense consultation and the note it should
 * give. It uses its own two-section template so the model learns the format and the evidence
 * habit without copying text into the real template's sections. Its note is a valid note for
 * that template and passes the grounding check (prompt.test.ts proves both), so the example never
 * teaches something the app would then flag.
 *
 * Its transcript is what the app writes: Whisper's words with no speaker in them, and the role
 * Escriba's classifier gives each segment (prompt.test.ts checks they are the classifier's own).
 */
import type { NoteTemplate } from '../storage/types';
import type { ClinicalNote } from './noteSchema';
import type { PromptSegment } from './segmentRefs';

export const EXAMPLE_TEMPLATE: Pick<NoteTemplate, 'sections'> = {
  sections: [
    { id: 'motivo', title: 'Motivo de consulta', guidance: 'Por qué consulta.' },
    { id: 'plan', title: 'Plan', guidance: 'Tratamiento e indicaciones.' },
  ],
};

export const EXAMPLE_SEGMENTS: readonly Required<Pick<PromptSegment, 'ref' | 'role' | 'text'>>[] = [
  { ref: 's1', role: 'médico', text: 'Buen día, ¿qué la trae por acá?' },
  { ref: 's2', role: 'paciente', text: 'Hace tres días que me agarró fiebre y me duele mucho la garganta, pero tos no tengo.' },
  { ref: 's3', role: 'paciente', text: 'Soy alérgica a la penicilina, me salen ronchas.' },
  { ref: 's4', role: 'médico', text: 'Tenés treinta y ocho coma cinco y la garganta con placas, es una amigdalitis.' },
  { ref: 's5', role: 'médico', text: 'Te indico azitromicina de quinientos, una vez por día durante tres días.' },
  { ref: 's6', role: 'médico', text: 'Tomá mucho líquido, y si en 48 horas seguís con fiebre, volvé.' },
];

export const EXAMPLE_NOTE: ClinicalNote = {
  sections: {
    motivo: { text: 'Fiebre y dolor de garganta de 3 días de evolución.', evidence: ['s2'] },
    plan: {
      text: 'Azitromicina 500 mg una vez por día durante 3 días (alergia a penicilina). Abundante líquido. Control si persiste la fiebre a las 48 horas.',
      evidence: ['s3', 's5', 's6'],
    },
  },
  medications: [
    {
      name: 'Azitromicina',
      dose: '500 mg',
      route: null,
      frequency: 'una vez por día',
      duration: '3 días',
      action: 'inicia',
      evidence: ['s5'],
    },
  ],
  allergies: [{ substance: 'Penicilina', reaction: 'Urticaria', evidence: ['s3'] }],
  diagnoses: [{ text: 'Amigdalitis', cie10: null, certainty: 'presuntivo', evidence: ['s4'] }],
  vitals: {
    bloodPressure: null,
    heartRate: null,
    respiratoryRate: null,
    temperature: { value: 38.5, evidence: ['s4'] },
    spo2: null,
    weight: null,
    height: null,
  },
  orders: [],
  referrals: [],
  followUp: { text: 'Volver si persiste la fiebre a las 48 horas.', evidence: ['s6'] },
  patientInstructions: [{ text: 'Tomar abundante líquido.', evidence: ['s6'] }],
  pertinentNegatives: [{ text: 'Niega tos.', evidence: ['s2'] }],
};
