/**
 * A whole visit for the grounding case set (groundingCases.testkit.ts): cough, right-sided
 * pleuritic pain, fever and a penicillin allergy, unlabelled as Whisper writes it. Its faithful note
 * must pass item by item, alone and beside the mistakes a small model makes.
 */
import type { ClinicalNote } from './noteSchema';
import { med, noVitals, type GroundingCase } from './groundingCases.testkit';

const VISIT = [
  'Buenas tardes, pase. ¿Qué la trae por acá?',
  'Hace cuatro días que tengo tos y me duele el pecho del lado derecho cuando respiro hondo.',
  '¿Tuvo fiebre?',
  'Sí, anoche treinta y ocho con cinco.',
  '¿Falta de aire?',
  'No, eso no.',
  '¿Es alérgica a algún medicamento?',
  'A la penicilina, me hinché toda la cara una vez.',
  '¿Toma algo para la presión?',
  'Enalapril de diez, a la mañana, y tomé ibuprofeno de cuatrocientos para el dolor.',
  'Bueno, la presión te da trece ocho, saturando noventa y seis, y tenés treinta y siete con ocho.',
  'Escucho unos crepitantes en la base derecha, el pulmón izquierdo está bien.',
  'Me parece que es una neumonía, no creo que sea una gripe.',
  'Te pido una placa de tórax de frente y perfil y un hemograma.',
  'Como sos alérgica a la penicilina, te indico claritromicina de quinientos cada doce horas por siete días.',
  'El ibuprofeno lo dejamos, y para la fiebre tomá paracetamol de un gramo cada ocho horas si hace falta.',
  'El enalapril seguilo igual.',
  'Si te falta el aire o la fiebre pasa de treinta y ocho y medio, venís a la guardia. Si no, control en cuarenta y ocho horas.',
];

const VISIT_NOTE: Partial<ClinicalNote> = {
  sections: {
    motivo: {
      text: 'Tos de 4 días con dolor torácico derecho al respirar hondo y fiebre de 38,5 °C. Niega disnea.',
      evidence: ['s2', 's3', 's4', 's5', 's6'],
    },
    plan: {
      text: 'Claritromicina 500 mg cada 12 horas por 7 días. Suspende ibuprofeno. Paracetamol 1 g cada 8 horas si fiebre. Control en 48 horas.',
      evidence: ['s15', 's16', 's18'],
    },
  },
  medications: [
    med('Claritromicina', { dose: '500 mg', frequency: 'cada 12 horas', duration: '7 días', action: 'inicia', evidence: ['s15'] }),
    med('Ibuprofeno', { dose: '400 mg', action: 'suspende', evidence: ['s10', 's16'] }),
    med('Paracetamol', { dose: '1 g', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s16'] }),
    med('Enalapril', { dose: '10 mg', frequency: 'a la mañana', action: 'continúa', evidence: ['s10', 's17'] }),
  ],
  allergies: [{ substance: 'Penicilina', reaction: 'Edema facial', evidence: ['s7', 's8', 's15'] }],
  diagnoses: [
    { text: 'Neumonía basal derecha', cie10: 'J18.9', certainty: 'presuntivo', evidence: ['s12', 's13'] },
    { text: 'Gripe', cie10: null, certainty: 'descartado', evidence: ['s13'] },
  ],
  vitals: {
    ...noVitals,
    bloodPressure: { systolic: 130, diastolic: 80, evidence: ['s11'] },
    spo2: { value: 96, evidence: ['s11'] },
    temperature: { value: 37.8, evidence: ['s11'] },
  },
  orders: [
    { text: 'Radiografía de tórax frente y perfil', evidence: ['s14'] },
    { text: 'Hemograma', evidence: ['s14'] },
  ],
  followUp: { text: 'Control en 48 horas; guardia si falta el aire o fiebre mayor a 38,5 °C.', evidence: ['s18'] },
  patientInstructions: [{ text: 'Consultar por guardia si le falta el aire o la fiebre pasa de 38,5 °C.', evidence: ['s18'] }],
};

const VISIT_CORRECT = [
  'sections.motivo',
  'sections.plan',
  'medications.0',
  'medications.1',
  'medications.2',
  'medications.3',
  'allergies.0',
  'diagnoses.0',
  'diagnoses.1',
  'vitals.bloodPressure',
  'vitals.spo2',
  'vitals.temperature',
  'orders.0',
  'orders.1',
  'followUp',
  'patientInstructions.0',
];

/** The same visit with the mistakes a small model makes, one of each kind, beside the faithful items. */
const VISIT_WITH_MISTAKES: Partial<ClinicalNote> = {
  ...VISIT_NOTE,
  medications: [
    ...(VISIT_NOTE.medications ?? []),
    med('Paracetamol', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s10', 's16'] }),
    med('Ibuprofeno', { dose: '400 mg', action: 'continúa', evidence: ['s10', 's16'] }),
  ],
  allergies: [...(VISIT_NOTE.allergies ?? []), { substance: 'Ibuprofeno', reaction: null, evidence: ['s8', 's10'] }],
  diagnoses: [
    ...(VISIT_NOTE.diagnoses ?? []),
    { text: 'Disnea', cie10: null, certainty: 'confirmado', evidence: ['s5', 's6'] },
    { text: 'Neumonía izquierda', cie10: null, certainty: 'presuntivo', evidence: ['s12', 's13'] },
    { text: 'Gripe', cie10: null, certainty: 'confirmado', evidence: ['s13'] },
  ],
};

export const VISIT_CASES: readonly GroundingCase[] = [
  {
    kind: 'consulta completa',
    name: 'a faithful note of a whole visit',
    segments: VISIT,
    note: VISIT_NOTE,
    dangerous: [],
    correct: VISIT_CORRECT,
  },
  {
    kind: 'consulta completa',
    name: 'the same visit with a model\'s mistakes beside the faithful items',
    segments: VISIT,
    note: VISIT_WITH_MISTAKES,
    dangerous: ['medications.4', 'medications.5', 'allergies.1', 'diagnoses.2', 'diagnoses.3', 'diagnoses.4'],
    correct: VISIT_CORRECT,
  },
];
