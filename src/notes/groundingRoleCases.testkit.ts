/**
 * Cases where who spoke decides: unlabelled segments as Whisper writes them, given roles by
 * Escriba's classifier (speech/roles) exactly as the app does, and where `corrections` says so,
 * the role the doctor chose for a segment. groundingCases.test.ts runs them with the other cases.
 */
import type { SpeakerRole } from '../storage/types';
import { med, type GroundingCase } from './groundingCases.testkit';

export interface RoleGroundingCase extends Omit<GroundingCase, 'kind'> {
  kind: 'hablantes' | 'corrección del médico';
  /** The doctor's choices, by segment id ("s2"): they win over the classifier's guess. */
  corrections?: Readonly<Record<string, SpeakerRole>>;
}

const sections = (motivo: string, evidence: string[]) => ({ motivo: { text: motivo, evidence }, plan: { text: '', evidence: [] } });

export const ROLE_CASES: readonly RoleGroundingCase[] = [
  {
    kind: 'hablantes',
    name: 'the doctor asks about allergies and, with no answer heard, prescribes: no allergy to that drug',
    segments: ['¿Es alérgico a algún medicamento?', 'Te voy a indicar amoxicilina de quinientos cada ocho horas, tomala con comida.'],
    note: {
      allergies: [{ substance: 'Amoxicilina', reaction: null, evidence: ['s1', 's2'] }],
      medications: [med('Amoxicilina', { dose: '500 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'hablantes',
    name: 'a question Whisper wrote without marks, denied: «Desde cuándo tiene fiebre» / «No, fiebre no tuve»',
    segments: ['Desde cuándo tiene fiebre', 'No, fiebre no tuve, lo que tengo es tos.'],
    note: { sections: sections('Fiebre y tos.', ['s1', 's2']) },
    dangerous: ['sections.motivo'],
    correct: [],
  },
  {
    kind: 'hablantes',
    name: 'an unmarked question answered with the allergy grounds it',
    segments: ['Qué alergias tiene', 'A la penicilina, me brota todo el cuerpo.'],
    note: { allergies: [{ substance: 'Penicilina', reaction: 'Brote en todo el cuerpo', evidence: ['s1', 's2'] }] },
    dangerous: [],
    correct: ['allergies.0'],
  },
  {
    kind: 'hablantes',
    name: 'the patient denied fever; the doctor naming it does not ground it',
    segments: ['Me duele la garganta, doctora, pero fiebre no tuve.', 'Para la fiebre y el dolor tomá paracetamol de quinientos cada ocho horas.'],
    note: {
      sections: sections('Odinofagia y fiebre.', ['s1', 's2']),
      medications: [med('Paracetamol', { dose: '500 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] })],
    },
    dangerous: ['sections.motivo'],
    correct: ['medications.0'],
  },
  {
    kind: 'hablantes',
    name: 'the patient denied the allergy the doctor named',
    segments: ['Como sos alérgica a la penicilina te doy azitromicina de quinientos.', 'No, doctora, alérgica a la penicilina no soy, es mi hermana.'],
    note: {
      allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['s1', 's2'] }],
      medications: [med('Azitromicina', { dose: '500 mg', action: 'inicia', evidence: ['s1'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'hablantes',
    name: 'a drug only asked about and denied is not one the patient takes',
    segments: ['¿Toma enalapril o algo para la presión?', 'No, nada.', '¿Y aspirina?', 'Sí, una por día.'],
    note: {
      medications: [
        med('Enalapril', { action: 'continúa', evidence: ['s1', 's2'] }),
        med('Aspirina', { action: 'continúa', evidence: ['s3', 's4'] }),
        med('Enalapril', { action: 'mencionada', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1', 'medications.2'],
  },
  {
    kind: 'hablantes',
    name: 'a drug asked about with no answer confirming it',
    segments: ['¿Te dieron amoxicilina en la guardia?', 'Me dieron algo, no me acuerdo qué era.'],
    note: { medications: [med('Amoxicilina', { action: 'continúa', evidence: ['s1', 's2'] })] },
    dangerous: ['medications.0'],
    correct: [],
  },
  {
    kind: 'hablantes',
    name: 'a companion’s account and a companion’s answer ground what they say',
    segments: ['¿Qué le pasó al nene?', 'Mire, mi hijo tiene fiebre desde anoche, le di ibuprofeno.', '¿Vomitó?', 'No, vómitos no.'],
    note: {
      sections: sections('Fiebre desde anoche, sin vómitos.', ['s2', 's3', 's4']),
      pertinentNegatives: [{ text: 'Sin vómitos.', evidence: ['s3', 's4'] }],
    },
    dangerous: [],
    correct: ['sections.motivo', 'pertinentNegatives.0'],
  },
  // The doctor's choice of role is what grounding reads.
  {
    kind: 'corrección del médico',
    name: 'the «Sí» after «¿Tiene fiebre?» was the doctor answering someone else',
    segments: ['¿Tiene fiebre?', 'Sí.', 'Me duele la cabeza nada más.'],
    corrections: { s2: 'médico' },
    note: { sections: sections('Fiebre y cefalea.', ['s1', 's2', 's3']) },
    dangerous: ['sections.motivo'],
    correct: [],
  },
  {
    kind: 'corrección del médico',
    name: 'the doctor marks the allergy answer as the companion’s: it still grounds',
    segments: ['¿Es alérgico a algo?', 'A la penicilina, le salen ronchas.'],
    corrections: { s2: 'acompañante' },
    note: { allergies: [{ substance: 'Penicilina', reaction: 'Urticaria', evidence: ['s1', 's2'] }] },
    dangerous: [],
    correct: ['allergies.0'],
  },
  {
    kind: 'corrección del médico',
    name: 'the doctor says the prescription after «¿Alergias?» was theirs: no allergy to it',
    segments: ['¿Alergias?', 'Ibuprofeno de cuatrocientos cada ocho horas.'],
    corrections: { s1: 'médico', s2: 'médico' },
    note: {
      allergies: [{ substance: 'Ibuprofeno', reaction: null, evidence: ['s1', 's2'] }],
      medications: [med('Ibuprofeno', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
];
