import { describe, expect, it } from 'vitest';
import { alignWords, werWords, wordErrorRate } from './wordErrorRate';

describe('werWords (normalisation)', () => {
  it('folds case, accents and punctuation', () => {
    expect(werWords('¿Tomó la MEDICACIÓN, señora?')).toEqual(['tomo', 'la', 'medicacion', 'senora']);
  });

  it('writes numbers said in words as digits, as Whisper would write them', () => {
    expect(werWords('treinta y ocho y medio')).toEqual(werWords('38,5'));
    expect(werWords('ciento cuarenta y dos')).toEqual(['142']);
    expect(werWords('mil quinientos')).toEqual(werWords('1.500'));
    expect(werWords('catorce nueve')).toEqual(werWords('14/9'));
  });
});

describe('wordErrorRate', () => {
  it('is zero for the same words however they are written', () => {
    expect(wordErrorRate('Tiene treinta y ocho de fiebre.', 'tiene 38 de fiebre').wer).toBe(0);
  });

  it('counts substitutions, deletions and insertions over the reference words', () => {
    const result = wordErrorRate('tengo dolor de cabeza desde ayer', 'tengo dolor cabeza desde hoy temprano');
    expect(result).toMatchObject({ referenceWords: 6, substitutions: 1, deletions: 1, insertions: 1 });
    expect(result.wer).toBeCloseTo(3 / 6);
  });

  it('is null without reference words, and 1 for an empty transcript', () => {
    expect(wordErrorRate('', 'algo').wer).toBeNull();
    expect(wordErrorRate('dos palabras', '').wer).toBe(1);
  });
});

describe('alignWords', () => {
  it('pairs each transcribed word with the reference word it stands for', () => {
    expect(alignWords(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'ok', ref: 0, hyp: 0 },
      { op: 'sub', ref: 1, hyp: 1 },
      { op: 'ok', ref: 2, hyp: 2 },
      { op: 'ins', hyp: 3 },
    ]);
  });
});
