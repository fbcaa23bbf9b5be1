import { describe, expect, it } from 'vitest';
import { splitClauses } from './clauses';
import { isAffirmation, isBareDenial, negatedAt, negatedByList } from './negation';
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
    ['asi que descartamos una pielonefritis', 'pielonefritis'],
    ['por lo que descartamos infeccion urinaria', 'infeccion'],
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
    ['hay que descartar una neumonia', 'neumonia'],
    ['si descartamos la apendicitis', 'apendicitis'],
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

describe('negatedByList', () => {
  /** The clauses of `text` that a list denial reaches. */
  const deniedItems = (text: string) => {
    const clauses = splitClauses(text);
    return clauses.filter((_, i) => negatedByList(clauses, i)).map((c) => c.text);
  };

  it('reaches the next items of a denied list in the same sentence', () => {
    expect(deniedItems('Descartamos un infarto, un síndrome coronario agudo.')).toEqual(['un síndrome coronario agudo.']);
    expect(deniedItems('No tiene fiebre, tos ni mocos, solo el dolor de oído.')).toEqual(['tos ni mocos']);
    expect(deniedItems('No tiene fiebre, tos, ni mocos.')).toEqual(['tos', 'ni mocos.']);
    expect(deniedItems('Niega fiebre, vómitos, diarrea. Tiene dolor abdominal.')).toEqual(['vómitos', 'diarrea.']);
  });

  it('stops where a clause states something of its own, at a bare item after «no» or «sin», and at the sentence end', () => {
    expect(deniedItems('No tengo fiebre, tos un poco a la noche.')).toEqual([]);
    expect(deniedItems('Sin fiebre, con tos seca.')).toEqual([]);
    expect(deniedItems('Sin fiebre, tos.')).toEqual([]);
    expect(deniedItems('No tiene fiebre, tiene tos desde ayer.')).toEqual([]);
    expect(deniedItems('No tiene fiebre. La tos sigue.')).toEqual([]);
    expect(deniedItems('No se me pasa la fiebre, la tos tampoco mejora.')).toEqual([]);
  });
});
