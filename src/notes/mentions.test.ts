import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { formsOfTerms, mentionsOf } from './mentions';

const polarities = (texts: string[], ids: string[], term: string) => {
  const { transcript, cited } = transcriptOf(...texts);
  return mentionsOf(formsOfTerms([term]), cited(...ids), transcript).map((m) => [m.segmentId, m.polarity, m.quoteId]);
};

describe('mentionsOf', () => {
  it('reads a question by its answer in the next segment', () => {
    expect(polarities(['¿Tiene fiebre?', 'No.'], ['s1'], 'fiebre')).toEqual([['s1', 'negado', 's2']]);
    expect(polarities(['¿Tiene fiebre?', 'Sí, anoche.'], ['s1'], 'fiebre')).toEqual([['s1', 'afirmado', 's2']]);
    expect(polarities(['¿Tiene fiebre?', 'Me duele la cabeza.'], ['s1'], 'fiebre')).toEqual([['s1', 'preguntado', 's1']]);
  });

  it('reads an answer inside the same segment, and a bare denial after a clause', () => {
    expect(polarities(['¿Alergias? Que sepamos no.'], ['s1'], 'alergias')).toEqual([['s1', 'negado', 's1']]);
    expect(polarities(['Fiebre, no. Tos sí.'], ['s1'], 'fiebre')).toEqual([['s1', 'negado', 's1']]);
  });

  it('leaves out forms that only measure: a temperature is not a fever', () => {
    expect(polarities(['La temperatura está en treinta y seis.'], ['s1'], 'fiebre')).toEqual([]);
  });
});
