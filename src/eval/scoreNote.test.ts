import { describe, expect, it } from 'vitest';
import { diagnosis, medication, note, reference } from './evalNote.testkit';
import { scoreNote } from './scoreNote';

const ref = reference({
  chiefComplaint: 'Dolor de garganta',
  medications: [{ name: 'Ibupirac', dose: '600 mg', frequency: 'cada 8 horas', status: 'nuevo' }],
  allergiesDenied: true,
  diagnoses: [
    { text: 'Faringitis aguda', certainty: 'presuntivo' },
    { text: 'Mononucleosis', certainty: 'descartado' },
  ],
  labs: [{ name: 'Hemoglobina', value: 13.2 }],
  negatedFindings: ['fiebre', 'tos'],
  mustNotContain: ['amoxicilina'],
});

describe('scoreNote', () => {
  it('counts what is right, wrong and invented, and where «Revisar» fell', () => {
    const got = note({
      sections: { motivo_consulta: 'Odinofagia: dolor de garganta de 3 días.', enfermedad_actual: 'Refiere fiebre. Hemoglobina de 13,2 en el último análisis.' },
      medications: [medication('Ibuprofeno', '600 mg', 'cada 8 horas', 'inicia'), medication('Amoxicilina', '500 mg', 'cada 8 horas', 'inicia')],
      allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['s1'] }],
      diagnoses: [diagnosis('Faringitis aguda', 'presuntivo'), diagnosis('Mononucleosis infecciosa', 'presuntivo')],
    });
    const score = scoreNote(ref, got, [
      { path: 'medications.1', level: 'revisar' },
      { path: 'allergies.0', level: 'ok' },
      { path: 'medications.0', level: 'revisar' },
    ]);
    expect(score.grounding).toEqual({ invented: 2, inventedFlagged: 1, right: 2, rightFlagged: 1, wrong: 1, wrongFlagged: 0 });
    expect(score.negatedAsPresent).toEqual([
      expect.stringMatching(/^«fiebre» afirmado en Sección «enfermedad_actual»: «Refiere fiebre\.»/),
      'Diagnóstico descartado «Mononucleosis» dado como presuntivo',
      'Alergias negadas, la nota lista: Penicilina',
    ]);
    expect(score.mustNotContain).toEqual(['«amoxicilina» en Medicamento 2']);
    expect(score.chiefComplaint).toBe(true);
    expect(score.labs).toEqual({ found: 1, total: 1 });
    expect(score.fields.medications).toEqual({ correct: 1, noteItems: 2, found: 1, referenceItems: 1 });
  });

  it('no note: every reference item missed, nothing stated', () => {
    const score = scoreNote(ref, null, []);
    expect(score.fields.medications).toEqual({ correct: 0, noteItems: 0, found: 0, referenceItems: 1 });
    expect(score.fields.diagnoses.referenceItems).toBe(2);
    expect(score.negatedAsPresent).toEqual([]);
    expect(score.chiefComplaint).toBeNull();
    expect(score.missed).toContain('Diagnóstico: Faringitis aguda (presuntivo)');
  });
});
