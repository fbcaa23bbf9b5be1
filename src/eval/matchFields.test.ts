import { describe, expect, it } from 'vitest';
import { diagnosis, medication, note, reference, textItem } from './evalNote.testkit';
import { matchDiagnoses, matchFollowUp, matchMedications, matchOrders, matchReferrals, matchVitals } from './matchFields';

describe('medications', () => {
  const ref = reference({
    medications: [
      { name: 'Ibupirac', dose: '600 mg', frequency: 'cada 8 horas', status: 'nuevo' },
      { name: 'Enalapril', dose: '10 mg', frequency: 'una vez por día', status: 'continúa' },
      { name: 'Amlodipina', dose: '5 mg', frequency: 'una vez por día', status: 'suspende' },
    ],
  });

  it('is right with the same drug, dose, frequency and action (brand, words and «nuevo» = «inicia» aside)', () => {
    const result = matchMedications(
      ref,
      note({
        medications: [
          medication('Ibuprofeno', 'seiscientos miligramos', 'tres veces por día', 'inicia'),
          medication('Enalapril 10 mg', null, 'cada 24 horas', 'continúa'),
          medication('Amlodipina', '5 mg', '1 vez al día', 'suspende'),
        ],
      }),
    );
    expect(result.items.map((i) => i.verdict)).toEqual(['right', 'right', 'right']);
    expect(result.counts).toEqual({ correct: 3, noteItems: 3, found: 3, referenceItems: 3 });
  });

  it('a detail that differs is wrong (with why), another drug is invented, a drug left out is missed', () => {
    const result = matchMedications(
      ref,
      note({
        medications: [
          medication('Ibuprofeno', '400 mg', 'cada 8 horas', 'inicia'),
          medication('Enalapril', '10 mg', 'una vez por día', 'suspende'),
          medication('Amoxicilina', '500 mg', 'cada 8 horas', 'inicia'),
        ],
      }),
    );
    expect(result.items.map((i) => i.verdict)).toEqual(['wrong', 'wrong', 'invented']);
    expect(result.items[0]?.detail).toMatch(/dosis 400 mg, la referencia dice 600 mg/);
    expect(result.items[1]?.detail).toMatch(/acción «suspende», la referencia dice «continúa»/);
    expect(result.missed).toEqual([
      expect.stringMatching(/^Medicamento: Ibupirac/),
      expect.stringMatching(/^Medicamento: Enalapril/),
      expect.stringMatching(/^Medicamento: Amlodipina/),
    ]);
    expect(result.counts).toEqual({ correct: 0, noteItems: 3, found: 0, referenceItems: 3 });
  });

  it('pairs right pairs first, so a duplicate does not steal the right one', () => {
    const result = matchMedications(
      reference({ medications: [{ name: 'Enalapril', dose: '10 mg', frequency: 'cada 12 horas', status: 'continúa' }] }),
      note({ medications: [medication('Enalapril', '5 mg', 'cada 12 horas', 'continúa'), medication('Enalapril', '10 mg', 'cada 12 horas', 'continúa')] }),
    );
    expect(result.items.map((i) => i.verdict)).toEqual(['invented', 'right']);
  });
});

describe('diagnoses', () => {
  it('certainty must agree; a ruled-out diagnosis given as presumptive is wrong', () => {
    const ref = reference({
      diagnoses: [
        { text: 'Neumonía', certainty: 'descartado' },
        { text: 'Bronquitis aguda', certainty: 'presuntivo' },
      ],
    });
    const result = matchDiagnoses(ref, note({ diagnoses: [diagnosis('Neumonía de la comunidad', 'presuntivo'), diagnosis('Bronquitis aguda', 'presuntivo')] }));
    expect(result.items.map((i) => i.verdict)).toEqual(['wrong', 'right']);
    expect(result.items[0]?.detail).toMatch(/certeza «presuntivo», la referencia dice «descartado»/);
  });

  it('the wrong side is wrong, and ICD-10 categories match across wording', () => {
    const ref = reference({ diagnoses: [{ text: 'Otitis media aguda derecha', icd10: 'H66.9' }, { text: 'Infección urinaria baja', icd10: 'N39.0' }] });
    const result = matchDiagnoses(ref, note({ diagnoses: [diagnosis('Otitis media aguda izquierda', 'presuntivo'), diagnosis('Cistitis', 'presuntivo', 'N39')] }));
    expect(result.items.map((i) => i.verdict)).toEqual(['wrong', 'right']);
  });
});

describe('vitals', () => {
  it('compares each sign in its unit; one the reference lacks is invented', () => {
    const ref = reference({ vitals: { bloodPressure: '150/95', temperatureC: 38.5, heartRate: 88 } });
    const got = note();
    got.vitals.bloodPressure = { systolic: 150, diastolic: 95, evidence: ['s1'] };
    got.vitals.temperature = { value: 38, evidence: ['s1'] };
    got.vitals.spo2 = { value: 97, evidence: ['s1'] };
    const result = matchVitals(ref, got);
    expect(Object.fromEntries(result.items.map((i) => [i.path, i.verdict]))).toEqual({
      'vitals.bloodPressure': 'right',
      'vitals.temperature': 'wrong',
      'vitals.spo2': 'invented',
    });
    expect(result.missed).toEqual(['Frecuencia cardíaca: 88', 'Temperatura: 38.5']);
    expect(result.counts).toEqual({ correct: 1, noteItems: 3, found: 1, referenceItems: 3 });
  });
});

describe('orders and referrals (coverage)', () => {
  it('one note line may cover several reference items', () => {
    const ref = reference({ orders: ['Hemograma', 'Glucemia', 'Radiografía de rodilla derecha'] });
    const result = matchOrders(ref, note({ orders: [textItem('Laboratorio: hemograma y glucemia'), textItem('Rx de rodilla izquierda'), textItem('Ecografía renal')] }));
    expect(result.items.map((i) => i.verdict)).toEqual(['right', 'wrong', 'invented']);
    expect(result.counts).toEqual({ correct: 1, noteItems: 3, found: 2, referenceItems: 3 });
    expect(result.missed).toEqual(['Radiografía de rodilla derecha']);
  });

  it('referrals read specialty and reason', () => {
    const ref = reference({ referrals: ['Cardiología'] });
    const got = note({ referrals: [{ specialty: 'Cardiólogo', reason: 'ecocardiograma', evidence: ['s1'] }] });
    expect(matchReferrals(ref, got).counts).toEqual({ correct: 1, noteItems: 1, found: 1, referenceItems: 1 });
  });
});

describe('follow-up', () => {
  it('needs the reference interval, in any unit', () => {
    const ref = reference({ followUp: 'Control en una semana' });
    expect(matchFollowUp(ref, note({ followUp: textItem('Volver en 7 días con resultados') })).items[0]?.verdict).toBe('right');
    expect(matchFollowUp(ref, note({ followUp: textItem('Volver en 15 días') })).items[0]?.verdict).toBe('wrong');
    expect(matchFollowUp(reference(), note({ followUp: textItem('Volver en 15 días') })).items[0]?.verdict).toBe('invented');
  });
});
