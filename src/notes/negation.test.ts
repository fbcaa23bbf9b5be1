import { describe, expect, it } from 'vitest';
import { isAffirmation, isBareDenial, negatedAt } from './negation';
import { normalizeSpanish } from './spanishNumbers';

/** Whether `word` is negated in `text` (one clause). */
function negated(text: string, word: string): boolean {
  const tokens = normalizeSpanish(text).split(' ');
  const position = tokens.indexOf(word);
  if (position < 0) throw new Error(`${word} not in ${text}`);
  return negatedAt(tokens, position);
}

describe('negatedAt', () => {
  it.each([
    ['no tengo fiebre', 'fiebre'],
    ['sin fiebre', 'fiebre'],
    ['niega alergias', 'alergias'],
    ['nunca tuve asma', 'asma'],
    ['ni fiebre ni tos', 'tos'],
    ['no creo que sea una apendicitis', 'apendicitis'],
    ['descartamos neumonia', 'neumonia'],
    ['se descarta trombosis', 'trombosis'],
    ['fiebre no tuve', 'fiebre'],
    ['dolor de pecho no tuvo', 'dolor'],
    ['vomitos no', 'vomitos'],
    ['alergias ninguna', 'alergias'],
    ['a la penicilina alergico no soy', 'penicilina'],
    ['neumonia descartada', 'neumonia'],
  ])('«%s» negates «%s»', (text, word) => {
    expect(negated(text, word)).toBe(true);
  });

  it.each([
    ['tengo fiebre desde ayer', 'fiebre'],
    ['no se me pasa la fiebre', 'fiebre'],
    ['no me baja la fiebre', 'fiebre'],
    ['no es viral sino bacteriana', 'bacteriana'],
    ['vamos a descartar una neumonia', 'neumonia'],
    ['para descartar apendicitis', 'apendicitis'],
    ['el ibuprofeno no me hizo nada', 'ibuprofeno'],
    ['diarrea si como cinco veces', 'diarrea'],
  ])('«%s» does not negate «%s»', (text, word) => {
    expect(negated(text, word)).toBe(false);
  });
});

describe('bare answers', () => {
  const tokens = (text: string) => normalizeSpanish(text).split(' ');
  it('reads denials', () => {
    for (const text of ['No', 'No, ninguna', 'Que sepamos no', 'que yo sepa no', 'Eso no', 'Nunca', 'No, doctora', 'Nada']) {
      expect(isBareDenial(tokens(text)), text).toBe(true);
    }
    for (const text of ['No tengo fiebre pero sí tos', 'la aspirina la tomo', 'Sí']) expect(isBareDenial(tokens(text)), text).toBe(false);
  });
  it('reads affirmations', () => {
    expect(isAffirmation(tokens('Sí, me salen ronchas'))).toBe(true);
    expect(isAffirmation(tokens('Claro'))).toBe(true);
    expect(isAffirmation(tokens('No'))).toBe(false);
  });
});
