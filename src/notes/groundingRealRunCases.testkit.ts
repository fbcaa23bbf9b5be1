/**
 * More realistic rioplatense cases for the grounding check (groundingCases.testkit.ts has the
 * first set): the misreadings found on real runs with small models. Unlabelled segments, one
 * utterance each, as Whisper writes them; groundingCases.test.ts runs them with the others, on the
 * words alone and with the roles the app guesses.
 */
import { med, noVitals, type GroundingCase } from './groundingCases.testkit';
import { BRAND_CASES, CONDITIONAL_STOP_CASES } from './groundingRealRunMedicationCases.testkit';

const plan = (text: string, evidence: string[]) => ({ motivo: { text: '', evidence: [] }, plan: { text, evidence } });
const motivo = (text: string, evidence: string[]) => ({ motivo: { text, evidence }, plan: { text: '', evidence: [] } });

/** Patient instructions and follow-up the doctor never gave, beside the ones said in other words. */
const INSTRUCTION_CASES: readonly GroundingCase[] = [
  {
    kind: 'indicación no dicha',
    name: '«Tomar abundante líquido» nobody said (a real SmolLM2 note)',
    segments: ['Me duele la garganta desde ayer y tengo un poco de tos.', 'Tenés la garganta colorada, es viral. Tomá paracetamol de quinientos cada ocho horas si te duele.'],
    note: {
      medications: [med('Paracetamol', { dose: '500 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] })],
      patientInstructions: [{ text: 'Tomar abundante líquido.', evidence: ['s2'] }],
    },
    dangerous: ['patientInstructions.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'indicación no dicha',
    name: '«tomá mucho líquido» and «hidratate bien» ground the same instruction',
    segments: ['Es viral, tomá mucho líquido y paracetamol si te duele.', 'Y hidratate bien, sobre todo si levantás fiebre.'],
    note: {
      patientInstructions: [
        { text: 'Tomar abundante líquido.', evidence: ['s1'] },
        { text: 'Hidratación abundante.', evidence: ['s2'] },
        { text: 'Tomar abundante líquido, sobre todo si hay fiebre.', evidence: ['s2'] },
      ],
    },
    dangerous: [],
    correct: ['patientInstructions.0', 'patientInstructions.1', 'patientInstructions.2'],
  },
  {
    kind: 'indicación no dicha',
    name: '«Reposo deportivo» and «Usar aerocámara» invented, «evitá los lácteos» said',
    segments: ['Podés seguir con tu vida normal, el salbutamol dos puff cada cuatro horas si te falta el aire.', 'Evitá los lácteos y las grasas por unos días.'],
    note: {
      patientInstructions: [
        { text: 'Reposo deportivo.', evidence: ['s1'] },
        { text: 'Usar el inhalador con aerocámara.', evidence: ['s1'] },
        { text: 'Evitar lácteos y grasas.', evidence: ['s2'] },
      ],
    },
    dangerous: ['patientInstructions.0', 'patientInstructions.1'],
    correct: ['patientInstructions.2'],
  },
  {
    kind: 'indicación no dicha',
    name: 'voseo imperatives ground infinitives: «volvé a consultar», «hacé reposo»',
    segments: ['Si levanta fiebre o le cuesta respirar, volvé a consultar.', 'Hacé reposo dos días y no hagas fuerza.'],
    note: {
      patientInstructions: [
        { text: 'Volver a consultar si aparece fiebre o dificultad para respirar.', evidence: ['s1'] },
        { text: 'Hacer reposo por 2 días, sin hacer fuerza.', evidence: ['s2'] },
        { text: 'Control de glucemia en ayunas.', evidence: ['s1', 's2'] },
      ],
    },
    dangerous: ['patientInstructions.2'],
    correct: ['patientInstructions.0', 'patientInstructions.1'],
  },
  {
    kind: 'indicación no dicha',
    name: 'a follow-up with a specialist nobody named, and the one said',
    segments: ['Te doy ibuprofeno de cuatrocientos cada ocho horas.', 'Volvé en una semana con los análisis.'],
    note: {
      followUp: { text: 'Control con cardiología en una semana.', evidence: ['s2'] },
      medications: [med('Ibuprofeno', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1'] })],
    },
    dangerous: ['followUp'],
    correct: ['medications.0'],
  },
  {
    kind: 'indicación no dicha',
    name: 'a follow-up said in other words',
    segments: ['Te doy ibuprofeno de cuatrocientos cada ocho horas.', 'Volvé en una semana con los análisis.'],
    note: { followUp: { text: 'Control en una semana con resultados de laboratorio.', evidence: ['s2'] } },
    dangerous: [],
    correct: ['followUp'],
  },
  {
    kind: 'indicación no dicha',
    name: '«Hacer reposo» where the doctor said «no hace falta que hagas reposo»',
    segments: ['No hace falta que hagas reposo, podés ir a trabajar.', 'No te olvides de tomar mucho líquido.'],
    note: {
      patientInstructions: [
        { text: 'Hacer reposo.', evidence: ['s1'] },
        { text: 'No requiere reposo, puede trabajar.', evidence: ['s1'] },
        { text: 'Tomar abundante líquido.', evidence: ['s2'] },
      ],
    },
    dangerous: ['patientInstructions.0'],
    correct: ['patientInstructions.1', 'patientInstructions.2'],
  },
];

/** A ruled-out diagnosis after a connective («así que», «por lo que», «o sea que»). */
const RULED_OUT_CASES: readonly GroundingCase[] = [
  {
    kind: 'descartado tras conector',
    name: '«así que descartamos una pielonefritis»',
    segments: ['Me arde al hacer pis y voy a cada rato.', 'No tenés fiebre ni dolor en la cintura, así que descartamos una pielonefritis. Es una cistitis.'],
    note: {
      diagnoses: [
        { text: 'Pielonefritis', cie10: null, certainty: 'confirmado', evidence: ['s2'] },
        { text: 'Cistitis', cie10: 'N30.0', certainty: 'confirmado', evidence: ['s2'] },
        { text: 'Pielonefritis', cie10: null, certainty: 'descartado', evidence: ['s2'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1', 'diagnoses.2'],
  },
  {
    kind: 'descartado tras conector',
    name: '«por lo que descartamos infección urinaria»',
    segments: ['El urocultivo dio negativo, por lo que descartamos infección urinaria.'],
    note: { diagnoses: [{ text: 'Infección urinaria', cie10: 'N39.0', certainty: 'confirmado', evidence: ['s1'] }] },
    dangerous: ['diagnoses.0'],
    correct: [],
  },
  {
    kind: 'descartado tras conector',
    name: '«o sea que descartamos un infarto»',
    segments: ['El electro está normal y la troponina negativa, o sea que descartamos un infarto.'],
    note: {
      diagnoses: [
        { text: 'Infarto', cie10: null, certainty: 'presuntivo', evidence: ['s1'] },
        { text: 'Infarto', cie10: null, certainty: 'descartado', evidence: ['s1'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1'],
  },
  {
    kind: 'descartado tras conector',
    name: '«hay que descartar», «si descartamos»: still to be ruled out',
    segments: ['Hay que descartar una neumonía, te pido una placa.', 'Si descartamos la apendicitis con la eco, te vas a tu casa.'],
    note: {
      diagnoses: [
        { text: 'Neumonía', cie10: null, certainty: 'presuntivo', evidence: ['s1'] },
        { text: 'Apendicitis', cie10: null, certainty: 'presuntivo', evidence: ['s2'] },
        { text: 'Apendicitis', cie10: null, certainty: 'descartado', evidence: ['s2'] },
      ],
    },
    dangerous: ['diagnoses.2'],
    correct: ['diagnoses.0', 'diagnoses.1'],
  },
];

/** A denial that reaches past a comma to the next items of its list. */
const LIST_CASES: readonly GroundingCase[] = [
  {
    kind: 'negación en lista',
    name: '«descartamos un infarto, un síndrome coronario agudo»',
    segments: ['El electro está normal y la troponina dio negativa, descartamos un infarto, un síndrome coronario agudo.'],
    note: {
      diagnoses: [
        { text: 'Síndrome coronario agudo', cie10: 'I24.9', certainty: 'confirmado', evidence: ['s1'] },
        { text: 'Síndrome coronario agudo', cie10: null, certainty: 'descartado', evidence: ['s1'] },
        { text: 'Infarto', cie10: null, certainty: 'descartado', evidence: ['s1'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1', 'diagnoses.2'],
  },
  {
    kind: 'negación en lista',
    name: '«no tiene fiebre, tos ni mocos»',
    segments: ['Le duele el oído derecho desde anoche.', 'No tiene fiebre, tos ni mocos, solo el dolor de oído.'],
    note: {
      sections: motivo('Otalgia derecha con tos.', ['s1', 's2']),
      pertinentNegatives: [
        { text: 'Sin tos.', evidence: ['s2'] },
        { text: 'Sin fiebre.', evidence: ['s2'] },
      ],
    },
    dangerous: ['sections.motivo'],
    correct: ['pertinentNegatives.0', 'pertinentNegatives.1'],
  },
  {
    kind: 'negación en lista',
    name: '«niega fiebre, vómitos, diarrea»: a dictated list',
    segments: ['Niega fiebre, vómitos, diarrea. Tiene dolor abdominal desde ayer.'],
    note: {
      sections: motivo('Dolor abdominal con vómitos.', ['s1']),
      pertinentNegatives: [{ text: 'Niega diarrea.', evidence: ['s1'] }],
    },
    dangerous: ['sections.motivo'],
    correct: ['pertinentNegatives.0'],
  },
  {
    kind: 'negación en lista',
    name: 'the list ends where the patient affirms: «no tengo fiebre, tos un poco», «sin fiebre, con tos»',
    segments: ['No tengo fiebre, tos un poco a la noche.', 'Sin fiebre, con tos seca.'],
    note: {
      sections: motivo('Tos nocturna, sin fiebre.', ['s1']),
      pertinentNegatives: [
        { text: 'Sin tos.', evidence: ['s1'] },
        { text: 'Niega tos.', evidence: ['s2'] },
      ],
    },
    dangerous: ['pertinentNegatives.0', 'pertinentNegatives.1'],
    correct: ['sections.motivo'],
  },
];

/** Doses said per tablet, heights said in metres. */
const NUMBER_CASES: readonly GroundingCase[] = [
  {
    kind: 'dosis por comprimido',
    name: '«medio comprimido de cuarenta» is 20 mg',
    segments: ['Del enalapril tomá medio comprimido de cuarenta a la mañana.'],
    note: {
      medications: [
        med('Enalapril', { dose: '20 mg', frequency: 'a la mañana', action: 'modifica', evidence: ['s1'] }),
        med('Enalapril', { dose: 'medio comprimido de 40 mg', action: 'modifica', evidence: ['s1'] }),
        med('Enalapril', { dose: '40 mg', frequency: 'a la mañana', action: 'modifica', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.2'],
    correct: ['medications.0', 'medications.1'],
  },
  {
    kind: 'dosis por comprimido',
    name: '«un comprimido de cuarenta por día», «losartán de cincuenta, medio comprimido»',
    segments: ['La furosemida, un comprimido de cuarenta por día.', 'Losartán de cincuenta, medio comprimido cada doce horas.'],
    note: {
      medications: [
        med('Furosemida', { dose: '40 mg', frequency: '1 vez por día', action: 'continúa', evidence: ['s1'] }),
        med('Losartán', { dose: '25 mg', frequency: 'cada 12 horas', action: 'modifica', evidence: ['s2'] }),
        med('Losartán', { dose: '50 mg', frequency: 'cada 12 horas', action: 'modifica', evidence: ['s2'] }),
        med('Furosemida', { dose: '40 mg', frequency: '2 veces por día', action: 'continúa', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.2', 'medications.3'],
    correct: ['medications.0', 'medications.1'],
  },
  {
    kind: 'talla hablada',
    name: '«un metro cincuenta y ocho» is 158 cm',
    segments: ['Te mido: un metro cincuenta y ocho.', 'Y pesás sesenta y dos kilos.'],
    note: { vitals: { ...noVitals, height: { value: 158, evidence: ['s1'] }, weight: { value: 62, evidence: ['s2'] } } },
    dangerous: [],
    correct: ['vitals.height', 'vitals.weight'],
  },
  {
    kind: 'talla hablada',
    name: 'a height misread from «mide uno setenta y dos» or «un metro cincuenta y ocho»',
    segments: ['La nena mide uno setenta y dos, creció un montón.', 'Te mido: un metro cincuenta y ocho.'],
    note: {
      vitals: { ...noVitals, height: { value: 72, evidence: ['s1'] } },
      sections: plan('Talla 1,72 m.', ['s1']),
    },
    dangerous: ['vitals.height'],
    correct: ['sections.plan'],
  },
  {
    kind: 'talla hablada',
    name: 'a height of 58 cm where «un metro cincuenta y ocho» was said',
    segments: ['Te mido: un metro cincuenta y ocho.'],
    note: { vitals: { ...noVitals, height: { value: 58, evidence: ['s1'] } } },
    dangerous: ['vitals.height'],
    correct: [],
  },
];


export const REAL_RUN_CASES: readonly GroundingCase[] = [
  ...INSTRUCTION_CASES,
  ...RULED_OUT_CASES,
  ...LIST_CASES,
  ...NUMBER_CASES,
  ...BRAND_CASES,
  ...CONDITIONAL_STOP_CASES,
];
