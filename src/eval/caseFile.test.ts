import { describe, expect, it } from 'vitest';
import { parseCase, parseReference, parseTurns } from './caseFile';

const GOOD_REF = {
  chiefComplaint: 'Dolor de garganta',
  medications: [{ name: 'Ibupirac', dose: '600 mg', frequency: 'cada 8 horas', status: 'nuevo' }],
  allergies: [],
  allergiesDenied: true,
  vitals: { bloodPressure: '120/80', temperatureC: 38.5 },
  diagnoses: [{ text: 'Faringitis aguda', icd10: 'J02.9', certainty: 'presuntivo' }],
  orders: [],
  mustNotContain: ['amoxicilina'],
};

describe('parseTurns', () => {
  it('reads «M: », «P: » and «A: » turns, skipping blank lines and # notes, and keeps line numbers', () => {
    const { turns, problems } = parseTurns('x.txt', '# consulta\nM: Buen día.\n\nP: Hola, doctora.\nA: Yo soy la hija.\n');
    expect(problems).toEqual([]);
    expect(turns).toEqual([
      { speaker: 'M', text: 'Buen día.', line: 2 },
      { speaker: 'P', text: 'Hola, doctora.', line: 4 },
      { speaker: 'A', text: 'Yo soy la hija.', line: 5 },
    ]);
  });

  it('names the file and the line of a turn without a speaker label', () => {
    const { problems } = parseTurns('caso.txt', 'M: Hola.\nDoctor: ¿Qué le pasa?\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^caso\.txt, línea 2: .*«M: ».*«Doctor: ¿Qué le pasa\?»/);
  });

  it('refuses an empty file', () => {
    expect(parseTurns('vacío.txt', '\n# nada\n').problems).toEqual(['vacío.txt: no tiene ningún turno.']);
  });
});

describe('parseReference', () => {
  it('accepts the documented format', () => {
    const { reference, problems } = parseReference('x.ref.json', JSON.stringify(GOOD_REF));
    expect(problems).toEqual([]);
    expect(reference?.medications[0]?.status).toBe('nuevo');
  });

  it('names the file and the field of each problem, in Spanish', () => {
    const bad = {
      ...GOOD_REF,
      medications: [{ name: 'Ibupirac', dose: '600 mg', frequency: 'cada 8 horas', status: 'inicia' }],
      vitals: { bloodPressure: '15/9' },
    };
    const { reference, problems } = parseReference('faringitis.ref.json', JSON.stringify(bad));
    expect(reference).toBeNull();
    expect(problems).toEqual([
      expect.stringMatching(/^faringitis\.ref\.json › medications\[0\]\.status: .*continúa/),
      expect.stringMatching(/^faringitis\.ref\.json › vitals\.bloodPressure: Debe ser «sistólica\/diastólica»/),
    ]);
  });

  it('names a missing field and a misspelt one', () => {
    const { chiefComplaint: _dropped, ...rest } = GOOD_REF;
    const { problems } = parseReference('x.ref.json', JSON.stringify({ ...rest, diagnosis: [] }));
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^x\.ref\.json › chiefComplaint: /), expect.stringMatching(/^x\.ref\.json › diagnosis: /)]),
    );
  });

  it('says when the file is not JSON', () => {
    expect(parseReference('x.ref.json', '{ "chiefComplaint": ').problems[0]).toMatch(/^x\.ref\.json: no es JSON válido/);
  });
});

describe('parseCase', () => {
  it('gathers the problems of both files', () => {
    const parsed = parseCase('x', { text: 'Hola', textFile: 'x.txt', reference: '{}', referenceFile: 'x.ref.json' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.some((p) => p.startsWith('x.txt, línea 1'))).toBe(true);
      expect(parsed.problems.some((p) => p.startsWith('x.ref.json › '))).toBe(true);
    }
  });
});
