/**
 * Realistic rioplatense cases for the grounding check, written the way Whisper writes them: no
 * speaker labels, one utterance per segment (ids s1…sn in transcript order). Each case lists the
 * note items that must be flagged (dangerous: they say something the transcript contradicts) and
 * the items that must pass (correct, often in the same consultation); a whole visit is in
 * groundingVisit.testkit.ts. groundingCases.test.ts runs them all and measures both rates.
 */
import { emptyNote, type ClinicalNote, type Medication } from './noteSchema';

export type CaseKind =
  | 'alergia negada'
  | 'pregunta sin respuesta afirmativa'
  | 'fiebre negada'
  | 'lateralidad'
  | 'dosis de otro fármaco'
  | 'fármaco suspendido'
  | 'diagnóstico descartado'
  | 'sección con hallazgo negado'
  | 'números rioplatenses'
  | 'consulta completa'
  | 'indicación no dicha'
  | 'descartado tras conector'
  | 'negación en lista'
  | 'dosis por comprimido'
  | 'talla hablada'
  | 'marca comercial'
  | 'suspensión condicional';

export interface GroundingCase {
  kind: CaseKind;
  name: string;
  segments: readonly string[];
  note: Partial<ClinicalNote>;
  /** Paths that must be «Revisar». */
  dangerous: readonly string[];
  /** Paths that must pass. */
  correct: readonly string[];
}

export function med(name: string, fields: Partial<Medication> & Pick<Medication, 'action' | 'evidence'>): Medication {
  return { name, dose: null, route: null, frequency: null, duration: null, ...fields };
}

const TEMPLATE = { sections: [{ id: 'motivo', title: 'Motivo de consulta', guidance: '' }, { id: 'plan', title: 'Plan', guidance: '' }] };

/** A full note for `caseNote`: the empty note of a two-section template with `parts` laid over it. */
export function caseNote(parts: Partial<ClinicalNote>): ClinicalNote {
  const base = emptyNote(TEMPLATE);
  return { ...base, ...parts, sections: { ...base.sections, ...parts.sections }, vitals: { ...base.vitals, ...parts.vitals } };
}

export const noVitals = emptyNote(TEMPLATE).vitals;

export const GROUNDING_CASES: readonly GroundingCase[] = [
  // Allergies recorded although the patient denied any; the drug was only mentioned elsewhere.
  {
    kind: 'alergia negada',
    name: '"No, ninguna" and ibuprofen prescribed later',
    segments: ['¿Es alérgico a algún medicamento?', 'No, ninguna.', 'Para el dolor te doy ibuprofeno de cuatrocientos cada ocho horas.'],
    note: {
      allergies: [{ substance: 'Ibuprofeno', reaction: null, evidence: ['s2', 's3'] }],
      medications: [med('Ibuprofeno', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s3'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'alergia negada',
    name: '"Que sepamos no" and amoxicillin prescribed',
    segments: ['¿Alergias a algo, a algún remedio?', 'Que sepamos no, doctora.', 'Bueno, vamos con amoxicilina de quinientos cada ocho horas por siete días.'],
    note: {
      allergies: [{ substance: 'Amoxicilina', reaction: null, evidence: ['s2', 's3'] }],
      medications: [med('Amoxicilina', { dose: '500 mg', frequency: 'cada 8 horas', duration: '7 días', action: 'inicia', evidence: ['s3'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'alergia negada',
    name: '"No, nada" and a drug the patient takes',
    segments: ['¿Tiene alguna alergia?', 'No, nada.', 'Toma enalapril de diez a la mañana.'],
    note: {
      allergies: [{ substance: 'Enalapril', reaction: null, evidence: ['s2', 's3'] }],
      medications: [med('Enalapril', { dose: '10 mg', action: 'continúa', evidence: ['s3'] })],
    },
    dangerous: ['allergies.0'],
    correct: ['medications.0'],
  },
  {
    kind: 'alergia negada',
    name: 'post-posed "eso no" about penicillin',
    segments: ['A la penicilina alérgico no soy, eso no.', 'A veces tomo dipirona para la cabeza.'],
    note: { allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['s1'] }] },
    dangerous: ['allergies.0'],
    correct: [],
  },
  // A doctor's question is not a finding: the answer decides.
  {
    kind: 'pregunta sin respuesta afirmativa',
    name: '"¿Es alérgico a la penicilina?" answered no',
    segments: ['¿Es alérgico a la penicilina?', 'No, que yo sepa no.'],
    note: { allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['s1'] }] },
    dangerous: ['allergies.0'],
    correct: [],
  },
  {
    kind: 'pregunta sin respuesta afirmativa',
    name: 'aspirin asked about, answer says she takes it',
    segments: ['¿Y a la aspirina es alérgica?', 'No, la aspirina la tomo siempre.'],
    note: { allergies: [{ substance: 'Aspirina', reaction: null, evidence: ['s1', 's2'] }] },
    dangerous: ['allergies.0'],
    correct: [],
  },
  {
    kind: 'pregunta sin respuesta afirmativa',
    name: 'a question with no answer about it',
    segments: ['¿Es alérgica al iodo?', 'Me duele acá, en la rodilla.'],
    note: { allergies: [{ substance: 'Iodo', reaction: null, evidence: ['s1'] }] },
    dangerous: ['allergies.0'],
    correct: [],
  },
  {
    kind: 'pregunta sin respuesta afirmativa',
    name: 'a question answered yes grounds the allergy',
    segments: ['¿Es alérgico a la penicilina?', 'Sí, me salen ronchas por todo el cuerpo.', '¿Y al ibuprofeno?', 'Nunca, lo tomo seguido.'],
    note: {
      allergies: [
        { substance: 'Penicilina', reaction: 'Urticaria', evidence: ['s1', 's2'] },
        { substance: 'Ibuprofeno', reaction: null, evidence: ['s3'] },
      ],
    },
    dangerous: ['allergies.1'],
    correct: ['allergies.0'],
  },
  // Fever written as present where it was denied.
  {
    kind: 'fiebre negada',
    name: 'post-posed "fiebre no tuve"',
    segments: ['Me duele la garganta hace tres días, fiebre no tuve.'],
    note: {
      diagnoses: [{ text: 'Síndrome febril', cie10: null, certainty: 'presuntivo', evidence: ['s1'] }],
      sections: { motivo: { text: 'Dolor de garganta de 3 días.', evidence: ['s1'] }, plan: { text: '', evidence: [] } },
    },
    dangerous: ['diagnoses.0'],
    correct: ['sections.motivo'],
  },
  {
    kind: 'fiebre negada',
    name: '"¿Tuvo fiebre?" / "No."',
    segments: ['¿Tuvo fiebre?', 'No.'],
    note: { diagnoses: [{ text: 'Fiebre', cie10: null, certainty: 'confirmado', evidence: ['s1', 's2'] }] },
    dangerous: ['diagnoses.0'],
    correct: [],
  },
  {
    kind: 'fiebre negada',
    name: '"sin fiebre, pero con mucha tos"',
    segments: ['Sin fiebre, pero con mucha tos y mocos.'],
    note: { diagnoses: [{ text: 'Cuadro febril', cie10: null, certainty: 'presuntivo', evidence: ['s1'] }] },
    dangerous: ['diagnoses.0'],
    correct: [],
  },
  {
    kind: 'fiebre negada',
    name: '"no tiene fiebre" with a normal temperature said the rioplatense way',
    segments: ['No tiene fiebre, la temperatura está en treinta y seis con cinco.'],
    note: {
      diagnoses: [{ text: 'Síndrome febril', cie10: null, certainty: 'presuntivo', evidence: ['s1'] }],
      vitals: { ...noVitals, temperature: { value: 36.5, evidence: ['s1'] } },
    },
    dangerous: ['diagnoses.0'],
    correct: ['vitals.temperature'],
  },
  // The other side.
  {
    kind: 'lateralidad',
    name: 'knee x-ray: left said, right written',
    segments: ['Me caí de la bici y me duele mucho la rodilla izquierda.', 'Te pido una placa de la rodilla izquierda, de frente y perfil.'],
    note: { orders: [{ text: 'Radiografía de rodilla derecha', evidence: ['s2'] }] },
    dangerous: ['orders.0'],
    correct: [],
  },
  {
    kind: 'lateralidad',
    name: 'knee x-ray: left said, left written',
    segments: ['Me caí de la bici y me duele mucho la rodilla izquierda.', 'Te pido una placa de la rodilla izquierda, de frente y perfil.'],
    note: { orders: [{ text: 'Radiografía de rodilla izquierda', evidence: ['s2'] }] },
    dangerous: [],
    correct: ['orders.0'],
  },
  {
    kind: 'lateralidad',
    name: 'otitis: right ear, the left one is fine',
    segments: ['Tenés una otitis en el oído derecho, el izquierdo está bien.'],
    note: {
      diagnoses: [
        { text: 'Otitis izquierda', cie10: null, certainty: 'confirmado', evidence: ['s1'] },
        { text: 'Otitis media derecha', cie10: 'H66.9', certainty: 'confirmado', evidence: ['s1'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1'],
  },
  {
    kind: 'lateralidad',
    name: 'shoulder ultrasound, side said in its own clause',
    segments: ['Vamos a hacer una ecografía del hombro, del lado izquierdo.'],
    note: {
      orders: [{ text: 'Ecografía de hombro derecho', evidence: ['s1'] }],
      sections: { motivo: { text: '', evidence: [] }, plan: { text: 'Ecografía de hombro izquierdo.', evidence: ['s1'] } },
    },
    dangerous: ['orders.0'],
    correct: ['sections.plan'],
  },
  {
    kind: 'lateralidad',
    name: 'narrative: left iliac fossa, "no en la derecha"',
    segments: ['El dolor es en la fosa ilíaca izquierda, no en la derecha.'],
    note: { sections: { motivo: { text: 'Dolor en fosa ilíaca derecha.', evidence: ['s1'] }, plan: { text: '', evidence: [] } } },
    dangerous: ['sections.motivo'],
    correct: [],
  },
  // Each number bound to its own drug.
  {
    kind: 'dosis de otro fármaco',
    name: 'paracetamol given ibuprofen\'s 600',
    segments: ['Te doy ibuprofeno de seiscientos cada ocho horas y paracetamol de quinientos cada seis horas si tenés fiebre.'],
    note: {
      medications: [
        med('Ibuprofeno', { dose: '600 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1'] }),
        med('Paracetamol', { dose: '600 mg', frequency: 'cada 6 horas', action: 'inicia', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.1'],
    correct: ['medications.0'],
  },
  {
    kind: 'dosis de otro fármaco',
    name: 'amoxicillin given ibuprofen\'s interval',
    segments: ['Amoxicilina de ochocientos setenta y cinco cada doce horas, y el ibuprofeno de cuatrocientos cada ocho horas.'],
    note: {
      medications: [
        med('Amoxicilina', { dose: '875 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1'] }),
        med('Ibuprofeno', { dose: '400 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  {
    kind: 'dosis de otro fármaco',
    name: 'enalapril given metformin\'s 850 from the next segment',
    segments: ['Enalapril de diez a la mañana.', 'Y la metformina de ochocientos cincuenta, una con el almuerzo y otra con la cena.'],
    note: {
      medications: [
        med('Enalapril', { dose: '850 mg', action: 'continúa', evidence: ['s1', 's2'] }),
        med('Metformina', { dose: '850 mg', action: 'continúa', evidence: ['s2'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  {
    kind: 'dosis de otro fármaco',
    name: 'paracetamol given ibuprofen\'s duration after "pero"',
    segments: ['Tomá paracetamol de un gramo cada ocho horas por cinco días, pero el ibuprofeno solo tres días.'],
    note: {
      medications: [
        med('Paracetamol', { dose: '1000 mg', frequency: 'cada 8 horas', duration: '3 días', action: 'inicia', evidence: ['s1'] }),
        med('Ibuprofeno', { duration: '3 días', action: 'inicia', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  // A drug the doctor stopped, written as continued or started (and the reverse).
  {
    kind: 'fármaco suspendido',
    name: '"el ibuprofeno lo dejamos" written as continúa',
    segments: ['El ibuprofeno lo dejamos, que te está haciendo mal al estómago.'],
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
    kind: 'fármaco suspendido',
    name: '"dejá de tomar el diclofenac" written as inicia',
    segments: ['Dejá de tomar el diclofenac, por favor.'],
    note: { medications: [med('Diclofenac', { action: 'inicia', evidence: ['s1'] })] },
    dangerous: ['medications.0'],
    correct: [],
  },
  {
    kind: 'fármaco suspendido',
    name: '"suspendemos la amoxicilina y arrancamos con azitromicina"',
    segments: ['Suspendemos la amoxicilina y arrancamos con azitromicina de quinientos.'],
    note: {
      medications: [
        med('Amoxicilina', { action: 'continúa', evidence: ['s1'] }),
        med('Azitromicina', { dose: '500 mg', action: 'inicia', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  {
    kind: 'fármaco suspendido',
    name: '"la aspirina no la tome más"',
    segments: ['La aspirina no la tome más hasta la cirugía.'],
    note: { medications: [med('Aspirina', { action: 'continúa', evidence: ['s1'] })] },
    dangerous: ['medications.0'],
    correct: [],
  },
  {
    kind: 'fármaco suspendido',
    name: '"seguí con el enalapril" written as suspende',
    segments: ['Seguí con el enalapril de diez como venías.'],
    note: {
      medications: [
        med('Enalapril', { action: 'suspende', evidence: ['s1'] }),
        med('Enalapril', { dose: '10 mg', action: 'continúa', evidence: ['s1'] }),
      ],
    },
    dangerous: ['medications.0'],
    correct: ['medications.1'],
  },
  // A diagnosis ruled out, written as confirmed or presumptive.
  {
    kind: 'diagnóstico descartado',
    name: '"no creo que sea una apendicitis"',
    segments: ['No creo que sea una apendicitis, el abdomen está blando.'],
    note: {
      diagnoses: [
        { text: 'Apendicitis aguda', cie10: 'K35.8', certainty: 'presuntivo', evidence: ['s1'] },
        { text: 'Apendicitis', cie10: null, certainty: 'descartado', evidence: ['s1'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1'],
  },
  {
    kind: 'diagnóstico descartado',
    name: '"descartamos neumonía"',
    segments: ['La placa está limpia, descartamos neumonía.'],
    note: { diagnoses: [{ text: 'Neumonía', cie10: 'J18.9', certainty: 'confirmado', evidence: ['s1'] }] },
    dangerous: ['diagnoses.0'],
    correct: [],
  },
  {
    kind: 'diagnóstico descartado',
    name: '"esto no es una angina bacteriana, es viral"',
    segments: ['Esto no es una angina bacteriana, es viral.'],
    note: {
      diagnoses: [
        { text: 'Angina bacteriana', cie10: null, certainty: 'confirmado', evidence: ['s1'] },
        { text: 'Faringitis viral', cie10: 'J02.9', certainty: 'presuntivo', evidence: ['s1'] },
      ],
    },
    dangerous: ['diagnoses.0'],
    correct: ['diagnoses.1'],
  },
  {
    kind: 'diagnóstico descartado',
    name: '"se descarta trombosis"',
    segments: ['Se descarta trombosis, el doppler dio normal.'],
    note: { diagnoses: [{ text: 'Trombosis', cie10: null, certainty: 'presuntivo', evidence: ['s1'] }] },
    dangerous: ['diagnoses.0'],
    correct: [],
  },
  // Narrative sections stating a denied finding (or denying a stated one).
  {
    kind: 'sección con hallazgo negado',
    name: '"dolor de pecho no tuvo"',
    segments: ['Dolor de pecho no tuvo, lo que tiene es falta de aire cuando camina.'],
    note: { sections: { motivo: { text: 'Consulta por dolor torácico y disnea de esfuerzo.', evidence: ['s1'] }, plan: { text: '', evidence: [] } } },
    dangerous: ['sections.motivo'],
    correct: [],
  },
  {
    kind: 'sección con hallazgo negado',
    name: '"¿Tuvo fiebre?" / "No, fiebre no, solo tos"',
    segments: ['¿Tuvo fiebre estos días?', 'No, fiebre no, solo tos.'],
    note: { sections: { motivo: { text: 'Tos y fiebre.', evidence: ['s1', 's2'] }, plan: { text: '', evidence: [] } } },
    dangerous: ['sections.motivo'],
    correct: [],
  },
  {
    kind: 'sección con hallazgo negado',
    name: '"vómitos no, diarrea sí"',
    segments: ['Vómitos no, diarrea sí, como cinco veces por día.'],
    note: {
      sections: {
        motivo: { text: 'Vómitos y diarrea.', evidence: ['s1'] },
        plan: { text: 'Diarrea sin vómitos, 5 veces por día.', evidence: ['s1'] },
      },
    },
    dangerous: ['sections.motivo'],
    correct: ['sections.plan'],
  },
  {
    kind: 'sección con hallazgo negado',
    name: 'fever said, the note says "sin fiebre"',
    segments: ['Tuve fiebre toda la noche, treinta y ocho y medio.'],
    note: { sections: { motivo: { text: 'Sin fiebre.', evidence: ['s1'] }, plan: { text: 'Fiebre de 38,5 °C.', evidence: ['s1'] } } },
    dangerous: ['sections.motivo'],
    correct: ['sections.plan'],
  },
  // Correct values said the rioplatense way.
  {
    kind: 'números rioplatenses',
    name: '"treinta y siete con cinco", "catorce nueve"',
    segments: ['Tenés treinta y siete con cinco, no es fiebre.', 'La presión te da catorce nueve.'],
    note: {
      vitals: { ...noVitals, temperature: { value: 37.5, evidence: ['s1'] }, bloodPressure: { systolic: 140, diastolic: 90, evidence: ['s2'] } },
      sections: { motivo: { text: '', evidence: [] }, plan: { text: 'Temperatura 37,5 °C, TA 140/90 mmHg.', evidence: ['s1', 's2'] } },
    },
    dangerous: [],
    correct: ['vitals.temperature', 'vitals.bloodPressure', 'sections.plan'],
  },
  {
    kind: 'números rioplatenses',
    name: '"medio comprimido", "un gramo", "ochocientos cincuenta"',
    segments: [
      'Del enalapril tomá medio comprimido a la noche.',
      'Paracetamol de un gramo cada ocho horas si te duele.',
      'La metformina de ochocientos cincuenta la seguís igual.',
    ],
    note: {
      medications: [
        med('Enalapril', { dose: 'medio comprimido', action: 'modifica', evidence: ['s1'] }),
        med('Paracetamol', { dose: '1 g', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] }),
        med('Paracetamol', { dose: '1000 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s2'] }),
        med('Metformina', { dose: '850 mg', action: 'continúa', evidence: ['s3'] }),
      ],
    },
    dangerous: [],
    correct: ['medications.0', 'medications.1', 'medications.2', 'medications.3'],
  },
  {
    kind: 'números rioplatenses',
    name: '"treinta y ocho con dos" and "ciento veinte ochenta"',
    segments: ['Tiene treinta y ocho con dos de temperatura.', 'Presión ciento veinte ochenta, bien.'],
    note: {
      vitals: { ...noVitals, temperature: { value: 38.2, evidence: ['s1'] }, bloodPressure: { systolic: 120, diastolic: 80, evidence: ['s2'] } },
    },
    dangerous: [],
    correct: ['vitals.temperature', 'vitals.bloodPressure'],
  },
];
