import { describe, expect, it } from 'vitest';
import { groundNote, toReview, type GroundingFinding, type GroundingSegment } from './grounding';
import { emptyNote, type ClinicalNote, type Medication } from './noteSchema';
import { classifyTranscript } from '../speech/roles/roleClassifier';

/** A medication with nothing but what the test states. */
function med(name: string, fields: Partial<Medication> & Pick<Medication, 'action' | 'evidence'>): Medication {
  return { name, dose: null, route: null, frequency: null, duration: null, ...fields };
}

/** A rioplatense consultation, as Whisper would write it. */
const SEGMENTS: GroundingSegment[] = [
  'Médica: Buenas tardes, ¿qué le anda pasando?',
  'Paciente: Hace una semana que me agarró fiebre y me duele mucho la garganta.',
  'Paciente: Estuve tomando un ibuprofeno de 600 cada ocho horas, pero no se me pasa.',
  'Paciente: Ah, y soy alérgico a la penicilina, me brotó todo con ronchas.',
  'Médica: Bueno, la presión te da catorce nueve, y tenés treinta y ocho y medio de temperatura.',
  'Médica: Saturando noventa y siete por ciento, pulso de noventa y dos.',
  'Médica: Tenés las amígdalas con placas, es una angina bacteriana.',
  'Médica: Como sos alérgico a la penicilina te voy a dar azitromicina de quinientos, una vez por día durante tres días.',
  'Médica: Seguí con el ibuprofeno 600 miligramos cada 8 horas si tenés dolor.',
  'Médica: Y te pido un hemograma y una placa de tórax.',
  'Médica: Además tenés la presión alta, así que te mando al cardiólogo.',
  'Médica: Volvé en 48 horas si seguís con fiebre.',
  'Paciente: ¿Y puedo tomar mate?',
  'Médica: Pesás 72 kilos y medís 1,70, ¿no?',
].map((text, i) => ({ id: `s${i + 1}`, text }));

function trueNote(): ClinicalNote {
  return {
    ...emptyNote({ sections: [{ id: 'plan', title: 'Plan', guidance: '' }] }),
    sections: {
      plan: {
        text: 'Azitromicina 500 mg una vez por día durante 3 días. Ibuprofeno 600 mg cada 8 horas si hay dolor.',
        evidence: ['s8', 's9'],
      },
    },
    medications: [
      med('Ibuprofeno', { dose: '600 mg', route: 'oral', frequency: 'cada 8 h', action: 'continúa', evidence: ['s3', 's9'] }),
      med('Azitromicina', { dose: '500 mg', frequency: '1 vez por día', duration: '3 días', action: 'inicia', evidence: ['s8'] }),
    ],
    allergies: [{ substance: 'Penicilina', reaction: 'Urticaria', evidence: ['s4'] }],
    diagnoses: [
      { text: 'Amigdalitis bacteriana', cie10: 'J03.9', certainty: 'presuntivo', evidence: ['s7'] },
      { text: 'Hipertensión arterial', cie10: null, certainty: 'presuntivo', evidence: ['s11'] },
    ],
    vitals: {
      bloodPressure: { systolic: 140, diastolic: 90, evidence: ['s5'] },
      heartRate: { value: 92, evidence: ['s6'] },
      respiratoryRate: null,
      temperature: { value: 38.5, evidence: ['s5'] },
      spo2: { value: 97, evidence: ['s6'] },
      weight: { value: 72, evidence: ['s14'] },
      height: { value: 170, evidence: ['s14'] },
    },
    orders: [
      { text: 'Hemograma', evidence: ['s10'] },
      { text: 'Radiografía de tórax', evidence: ['s10'] },
    ],
    referrals: [{ specialty: 'Cardiología', reason: 'Hipertensión arterial', evidence: ['s11'] }],
    followUp: { text: 'Control en 48 horas si persiste la fiebre.', evidence: ['s12'] },
    patientInstructions: [],
  };
}

function finding(findings: GroundingFinding[], path: string): GroundingFinding {
  const found = findings.find((f) => f.path === path);
  if (!found) throw new Error(`no finding for ${path}`);
  return found;
}

describe('groundNote on what was really said', () => {
  it('passes every item of a faithful note: accents, words for numbers, 14/9, "ronchas", "placa", "presión alta"', () => {
    const findings = groundNote(trueNote(), SEGMENTS);
    expect(toReview(findings)).toEqual([]);
    expect(findings.map((f) => f.path)).toEqual([
      'sections.plan',
      'medications.0',
      'medications.1',
      'allergies.0',
      'diagnoses.0',
      'diagnoses.1',
      'vitals.bloodPressure',
      'vitals.heartRate',
      'vitals.temperature',
      'vitals.spo2',
      'vitals.weight',
      'vitals.height',
      'orders.0',
      'orders.1',
      'referrals.0',
      'followUp',
    ]);
    expect(finding(findings, 'medications.1').reason).toBe('Respaldado por s8.');
    expect(finding(findings, 'sections.plan').label).toBe('Sección «plan»');
    const titled = groundNote(trueNote(), SEGMENTS, { sections: [{ id: 'plan', title: 'Plan e indicaciones', guidance: '' }] });
    expect(finding(titled, 'sections.plan').label).toBe('Sección «Plan e indicaciones»');
  });

  it('passes the same faithful note on the transcript as the app writes it, without speaker labels', () => {
    const unlabelled = SEGMENTS.map((s) => ({ ...s, text: s.text.replace(/^(Médica|Paciente): /, '') }));
    expect(unlabelled.some((s) => s.text.includes(':'))).toBe(false);
    expect(toReview(groundNote(trueNote(), unlabelled))).toEqual([]);
    // And with the speaker roles Escriba gives those words, which make the check stricter, not looser.
    const roles = classifyTranscript(unlabelled.map((s) => s.text)).map((g) => g.role);
    expect(roles).toEqual(SEGMENTS.map((s) => (s.text.startsWith('Médica:') ? 'médico' : 'paciente')));
    expect(toReview(groundNote(trueNote(), unlabelled.map((s, i) => ({ ...s, role: roles[i] }))))).toEqual([]);
  });

  it('matches "600 miligramos de ibuprofeno" with Ibuprofeno 600 mg and "ocho horas" with "8 h"', () => {
    const note = trueNote();
    note.medications = [
      med('IBUPROFENO', { dose: '600 mg', frequency: '8 h', action: 'inicia', evidence: ['x'] }),
    ];
    const segments = [{ id: 'x', text: 'Le doy seiscientos miligramos de ibuprofeno cada ocho horas.' }];
    expect(finding(groundNote(note, segments), 'medications.0').level).toBe('ok');
  });

  it('matches 1 g with "mil miligramos", "tres veces al día" with "cada 8 horas", and one week with seven days', () => {
    const note = trueNote();
    note.medications = [
      med('Paracetamol', { dose: '1 g', frequency: 'cada 8 horas', duration: '7 días', action: 'inicia', evidence: ['x'] }),
    ];
    const segments = [{ id: 'x', text: 'Paracetamol de mil miligramos, tres veces al día, por una semana.' }];
    expect(finding(groundNote(note, segments), 'medications.0').level).toBe('ok');
  });
  it('does not take an article for a number: "ante un empeoramiento" needs no "1" in the transcript', () => {
    const note = trueNote();
    note.patientInstructions = [{ text: 'Consultar ante un empeoramiento o si aparece una mancha.', evidence: ['x'] }];
    const segments = [{ id: 'x', text: 'Si empeora o le sale alguna mancha, vuelva.' }];
    expect(finding(groundNote(note, segments), 'patientInstructions.0').level).toBe('ok');
  });
});

describe('groundNote catches invented items', () => {
  it('a diabetes type nobody said', () => {
    const note = trueNote();
    note.diagnoses = [{ text: 'Diabetes tipo 1', cie10: null, certainty: 'confirmado', evidence: ['x'] }];
    const result = finding(groundNote(note, [{ id: 'x', text: 'Tiene diabetes tipo dos desde hace diez años.' }]), 'diagnoses.0');
    expect(result.level).toBe('revisar');
    expect(result.reason).toContain('1 no coincide');
  });

  it('a dose nobody said', () => {
    const note = trueNote();
    note.medications[0] = { ...note.medications[0]!, dose: '800 mg' };
    const result = finding(groundNote(note, SEGMENTS), 'medications.0');
    expect(result.level).toBe('revisar');
    expect(result.reason).toContain('la dosis, 800 mg no coincide');
    expect(result.reason).toContain('600');
  });

  it('a frequency or duration nobody said', () => {
    const note = trueNote();
    note.medications[0] = { ...note.medications[0]!, frequency: 'cada 6 horas' };
    note.medications[1] = { ...note.medications[1]!, duration: '7 días' };
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'medications.0').reason).toContain('la frecuencia, 6 h no coincide');
    expect(finding(findings, 'medications.1').reason).toContain('la duración, 7 días no coincide');
  });

  it('a drug never mentioned, and a combination of which only half was said', () => {
    const note = trueNote();
    note.medications.push(med('Amoxicilina', { dose: '500 mg', action: 'inicia', evidence: ['s8'] }));
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'medications.2').level).toBe('revisar');
    expect(finding(findings, 'medications.2').reason).toContain('«amoxicilina» no se menciona en s8');

    const combination = trueNote();
    combination.medications = [
      med('Amoxicilina con ácido clavulánico', { dose: '875 mg', action: 'inicia', evidence: ['x'] }),
    ];
    const said = [{ id: 'x', text: 'Te doy amoxicilina de 875.' }];
    expect(finding(groundNote(combination, said), 'medications.0').reason).toContain('«clavulánico» no se menciona');
  });

  it('evidence that points at an unrelated segment, with a hint to where it was said', () => {
    const note = trueNote();
    note.medications[1] = { ...note.medications[1]!, evidence: ['s2'] };
    note.orders[0] = { text: 'Hemograma', evidence: ['s13'] };
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'medications.1').level).toBe('revisar');
    expect(finding(findings, 'medications.1').reason).toContain('«azitromicina» (sí en s8) no se menciona en s2');
    expect(finding(findings, 'orders.0').reason).toContain('«hemograma» (sí en s10)');
  });

  it('evidence ids that do not exist, or none at all', () => {
    const note = trueNote();
    note.allergies[0] = { ...note.allergies[0]!, evidence: ['s99'] };
    note.diagnoses[0] = { ...note.diagnoses[0]!, evidence: [] };
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'allergies.0')).toMatchObject({ level: 'revisar', reason: 'Cita un fragmento que no existe: s99.' });
    expect(finding(findings, 'diagnoses.0')).toMatchObject({ level: 'revisar', reason: 'No cita ningún fragmento de la transcripción.' });
  });

  it('a blood pressure that differs from the one said', () => {
    const note = trueNote();
    note.vitals.bloodPressure = { systolic: 150, diastolic: 90, evidence: ['s5'] };
    const result = finding(groundNote(note, SEGMENTS), 'vitals.bloodPressure');
    expect(result.level).toBe('revisar');
    expect(result.reason).toBe('La presión 150/90 mmHg no coincide con lo dicho en s5 (140/90).');
  });

  it('a temperature that differs, and a number said about something else', () => {
    const note = trueNote();
    note.vitals.temperature = { value: 39, evidence: ['s5'] };
    note.vitals.heartRate = { value: 72, evidence: ['s14'] };
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'vitals.temperature').reason).toContain('39 °C no coincide con lo dicho en s5');
    // s14 says "72 kilos": a weight, never a heart rate.
    expect(finding(findings, 'vitals.heartRate').reason).toContain('72 lpm no coincide con lo dicho en s14');

    note.vitals.heartRate = { value: 72, evidence: ['x'] };
    const bare = groundNote(note, [...SEGMENTS, { id: 'x', text: 'Médica: Dale, anotá setenta y dos.' }]);
    expect(finding(bare, 'vitals.heartRate').reason).toBe('x dice 72 pero no habla de la frecuencia cardíaca.');

    note.vitals.temperature = { value: 38, evidence: ['y'] };
    const withoutTopic = groundNote(note, [...SEGMENTS, { id: 'y', text: 'Médica: Dale, anotá 38.' }, { id: 'z', text: 'Tenés 38,5.' }]);
    expect(finding(withoutTopic, 'vitals.temperature').reason).toBe('y dice 38 pero no habla de la temperatura.');
    note.vitals.temperature = { value: 38.5, evidence: ['z'] };
    const decimal = groundNote(note, [...SEGMENTS, { id: 'z', text: 'Tenés 38,5.' }]);
    expect(finding(decimal, 'vitals.temperature').level).toBe('ok');
  });

  it('a diagnosis and an allergy nobody said', () => {
    const note = trueNote();
    note.diagnoses.push({ text: 'Neumonía', cie10: null, certainty: 'presuntivo', evidence: ['s7'] });
    note.allergies.push({ substance: 'Aspirina', reaction: null, evidence: ['s4'] });
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'diagnoses.2').level).toBe('revisar');
    expect(finding(findings, 'allergies.1').level).toBe('revisar');
  });

  it('an allergic reaction that was not the one described', () => {
    const note = trueNote();
    note.allergies[0] = { ...note.allergies[0]!, reaction: 'Anafilaxia' };
    expect(finding(groundNote(note, SEGMENTS), 'allergies.0').level).toBe('revisar');
  });

  it('a number in narrative text that nobody said', () => {
    const note = trueNote();
    note.sections.plan = { text: 'Fiebre de 40 °C desde hace una semana.', evidence: ['s2'] };
    const result = finding(groundNote(note, SEGMENTS), 'sections.plan');
    expect(result.level).toBe('revisar');
    expect(result.reason).toContain('40 °C');
  });

  it('narrative text with no evidence, while an empty section needs none', () => {
    const note = trueNote();
    note.sections = { plan: { text: 'Reposo.', evidence: [] }, examen: { text: '  ', evidence: [] } };
    const findings = groundNote(note, SEGMENTS);
    expect(finding(findings, 'sections.plan').level).toBe('revisar');
    expect(findings.some((f) => f.path === 'sections.examen')).toBe(false);
  });
});
