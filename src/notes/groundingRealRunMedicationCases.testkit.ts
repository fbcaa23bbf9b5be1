/**
 * The real-run grounding cases about medications said by brand or stopped only under a condition
 * (groundingRealRunCases.testkit.ts has the rest and runs them all together).
 */
import { med, type GroundingCase } from './groundingCases.testkit';

/** A brand said for its generic, or the generic for its brand. */
export const BRAND_CASES: readonly GroundingCase[] = [
  {
    kind: 'marca comercial',
    name: '«Le doy Amoxidal de quinientos» grounds «Amoxicilina 500 mg», and «amoxicilina» grounds «Amoxidal»',
    segments: ['Tenés una otitis media.', 'Le doy Amoxidal de quinientos cada ocho horas por siete días.', 'Seguí con la amoxicilina de quinientos hasta terminar.'],
    note: {
      medications: [
        med('Amoxicilina', { dose: '500 mg', frequency: 'cada 8 horas', duration: '7 días', action: 'inicia', evidence: ['s2'] }),
        med('Amoxidal', { dose: '500 mg', action: 'continúa', evidence: ['s3'] }),
        med('Amoxicilina + ácido clavulánico', { dose: '500 mg', action: 'inicia', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.2'],
    correct: ['medications.0', 'medications.1'],
  },
  {
    kind: 'marca comercial',
    name: 'ibuprofen does not borrow the dose said for Amoxidal in the next segment',
    segments: ['Para el dolor, ibuprofeno de cuatrocientos cada ocho horas.', 'Amoxidal de quinientos cada doce horas por diez días.'],
    note: {
      medications: [
        med('Ibuprofeno', { dose: '500 mg', frequency: 'cada 12 horas', action: 'inicia', evidence: ['s1', 's2'] }),
        med('Ibuprofeno', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1', 's2'] }),
        med('Amoxicilina', { dose: '500 mg', frequency: 'cada 12 horas', duration: '10 días', action: 'inicia', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1', 'medications.2'],
  },
  {
    kind: 'marca comercial',
    name: '«Tafirol de un gramo», «el Lotrial de diez»',
    segments: ['Para la fiebre, Tafirol de un gramo cada ocho horas.', 'El Lotrial de diez seguilo igual, y el ibuprofeno de seiscientos lo dejamos.'],
    note: {
      medications: [
        med('Paracetamol', { dose: '1 g', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1'] }),
        med('Enalapril', { dose: '10 mg', action: 'continúa', evidence: ['s2'] }),
        med('Enalapril', { dose: '600 mg', action: 'continúa', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.2'],
    correct: ['medications.0', 'medications.1'],
  },
  {
    kind: 'marca comercial',
    name: 'an allergy said by the brand («al Amoxidal») grounds the generic, and its denial is still a denial',
    segments: ['¿Es alérgico a algún remedio?', 'Sí, al Amoxidal, me brotó todo.', '¿Y al Tafirol?', 'No, nunca.'],
    note: {
      allergies: [
        { substance: 'Amoxicilina', reaction: null, evidence: ['s1', 's2'] },
        { substance: 'Paracetamol', reaction: null, evidence: ['s3', 's4'] },
      ],
    },
    dangerous: ['allergies.1'],
    correct: ['allergies.0'],
  },
];

/** A stop said only as a condition: the drug is still taken. */
export const CONDITIONAL_STOP_CASES: readonly GroundingCase[] = [
  {
    kind: 'suspensión condicional',
    name: '«si aparecen ronchas o picazón, la suspendemos»',
    segments: ['Te doy amoxicilina de quinientos cada ocho horas por siete días.', 'Si aparecen ronchas o picazón, la suspendemos y me avisás.'],
    note: {
      medications: [
        med('Amoxicilina', { dose: '500 mg', frequency: 'cada 8 horas', duration: '7 días', action: 'inicia', evidence: ['s1', 's2'] }),
        med('Amoxicilina', { dose: '500 mg', action: 'suspende', evidence: ['s1', 's2'] }),
      ],
    },
    dangerous: ['medications.1'],
    correct: ['medications.0'],
  },
  {
    kind: 'suspensión condicional',
    name: '«si te cae mal, la dejás»',
    segments: ['La metformina seguila igual, con las comidas.', 'Si te cae mal, la dejás y me llamás.'],
    note: {
      medications: [
        med('Metformina', { action: 'continúa', evidence: ['s1', 's2'] }),
        med('Metformina', { action: 'suspende', evidence: ['s1', 's2'] }),
      ],
    },
    dangerous: ['medications.1'],
    correct: ['medications.0'],
  },
  {
    kind: 'suspensión condicional',
    name: '«si te da mucha náusea, suspendela»; «suspendelo si te duele el estómago»',
    segments: ['Arrancás con sertralina de cincuenta; si te da mucha náusea, suspendela y me consultás.', 'El ibuprofeno tomalo con comida, suspendelo si te duele el estómago.'],
    note: {
      medications: [
        med('Sertralina', { dose: '50 mg', action: 'inicia', evidence: ['s1'] }),
        med('Sertralina', { dose: '50 mg', action: 'suspende', evidence: ['s1'] }),
        med('Ibuprofeno', { action: 'suspende', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.1', 'medications.2'],
    correct: ['medications.0'],
  },
  {
    kind: 'suspensión condicional',
    name: 'a stop said plainly is still a stop: «el ibuprofeno ya no, lo dejás»',
    segments: ['El ibuprofeno ya no, lo dejás, que te hace mal.'],
    note: {
      medications: [
        med('Ibuprofeno', { action: 'continúa', evidence: ['s1'] }),
        med('Ibuprofeno', { action: 'suspende', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  {
    kind: 'suspensión condicional',
    name: 'a condition cut by Whisper into two segments: «Si te cae mal,» / «la dejás.»',
    segments: ['Te doy amoxicilina de quinientos cada ocho horas.', 'Si te cae mal,', 'la dejás y me avisás.'],
    note: {
      medications: [
        med('Amoxicilina', { dose: '500 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1', 's2', 's3'] }),
        med('Amoxicilina', { action: 'suspende', evidence: ['s1', 's2', 's3'] }),
      ],
    },
    dangerous: ['medications.1'],
    correct: ['medications.0'],
  },
  {
    kind: 'dosis por comprimido',
    name: '«medio de cuarenta», the tablet left unsaid',
    segments: ['Del enalapril tomá medio de cuarenta a la noche.'],
    note: { medications: [med('Enalapril', { dose: '20 mg', frequency: 'a la noche', action: 'modifica', evidence: ['s1'] })] },
    dangerous: [],
    correct: ['medications.0'],
  },
  {
    kind: 'suspensión condicional',
    name: 'the «sí» of agreement written without its accent conditions nothing: «Si, el ibuprofeno lo dejamos»',
    segments: ['El estómago me sigue molestando.', 'Si, el ibuprofeno lo dejamos y te doy omeprazol de veinte.'],
    note: {
      medications: [
        med('Ibuprofeno', { action: 'continúa', evidence: ['s2'] }),
        med('Ibuprofeno', { action: 'suspende', evidence: ['s2'] }),
        med('Omeprazol', { dose: '20 mg', action: 'inicia', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1', 'medications.2'],
  },
];
