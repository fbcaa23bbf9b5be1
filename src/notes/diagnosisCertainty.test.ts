import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { certaintyCheck } from './diagnosisCertainty';
import { formsOfTerms, mentionsOf } from './mentions';
import type { DiagnosisCertainty } from './noteSchema';

const check = (certainty: DiagnosisCertainty, term: string, ...segments: string[]) => {
  const { transcript, cited } = transcriptOf(...segments);
  return certaintyCheck(certainty, mentionsOf(formsOfTerms([term]), cited(...segments.map((_, i) => `s${i + 1}`)), transcript));
};

describe('certaintyCheck', () => {
  it('flags a ruled-out diagnosis written as confirmed or presumptive', () => {
    expect(check('presuntivo', 'apendicitis', 'No creo que sea una apendicitis, el abdomen está blando.')).toEqual([
      'En s1 se descarta: "No creo que sea una apendicitis"; la nota dice «presuntivo».',
    ]);
    expect(check('confirmado', 'neumonia', 'La placa está limpia, descartamos neumonía.')).toHaveLength(1);
    expect(check('confirmado', 'angina', 'Esto no es una angina, es viral.')).toHaveLength(1);
  });

  it('says a denied symptom is denied, not ruled out', () => {
    expect(check('presuntivo', 'febril', 'Me duele la garganta, fiebre no tuve.')).toEqual(['En s1 se niega: "fiebre no tuve"; la nota dice «presuntivo».']);
  });

  it('passes a ruled-out one written as descartado, and a suspected one written as presuntivo', () => {
    expect(check('descartado', 'apendicitis', 'No creo que sea una apendicitis.')).toEqual([]);
    expect(check('presuntivo', 'neumonia', 'Me parece que es una neumonía.')).toEqual([]);
    expect(check('presuntivo', 'neumonia', 'Vamos a descartar una neumonía con la placa.')).toEqual([]);
    expect(check('confirmado', 'neumonia', 'Es una neumonía.')).toEqual([]);
  });

  it('flags a suspicion written as confirmed, and a descartado that was never ruled out', () => {
    expect(check('confirmado', 'neumonia', 'Probablemente sea una neumonía.')).toHaveLength(1);
    expect(check('descartado', 'neumonia', 'Vamos a descartar una neumonía con la placa.')).toHaveLength(1);
    expect(check('descartado', 'gripe', 'Es una gripe.')).toEqual(['En s1 no se descarta: "Es una gripe"; la nota dice «descartado».']);
  });
});
