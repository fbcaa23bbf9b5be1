import { describe, expect, it } from 'vitest';
import { splitClauses } from './clauses';

const texts = (text: string) => splitClauses(text).map((c) => c.text);

describe('splitClauses', () => {
  it('cuts at punctuation, commas and conjunctions', () => {
    expect(texts('Me duele la garganta hace tres días, fiebre no tuve.')).toEqual(['Me duele la garganta hace tres días', 'fiebre no tuve.']);
    expect(texts('Suspendemos la amoxicilina y arrancamos con azitromicina de quinientos.')).toEqual([
      'Suspendemos la amoxicilina',
      'arrancamos con azitromicina de quinientos.',
    ]);
    expect(texts('Estuve tomando ibuprofeno, pero no se me pasa')).toEqual(['Estuve tomando ibuprofeno', 'no se me pasa']);
  });

  it('does not cut at the connective "o sea"', () => {
    expect(texts('La troponina negativa, o sea que descartamos un infarto.')).toEqual(['La troponina negativa', 'o sea que descartamos un infarto.']);
  });

  it('keeps numbers whole: "treinta y ocho", "catorce y nueve", "ocho y media", "38,5", "una o dos"', () => {
    expect(texts('Tenés treinta y ocho y medio, la presión catorce y nueve.')).toEqual(['Tenés treinta y ocho y medio', 'la presión catorce y nueve.']);
    expect(texts('Tiene 38,5 y tos')).toEqual(['Tiene 38,5', 'tos']);
    expect(texts('Una o dos veces por día')).toEqual(['Una o dos veces por día']);
  });

  it('marks questions, the tag "¿no?" included, and keeps the statement before it a statement', () => {
    const clauses = splitClauses('Pesás 72 kilos, ¿no? ¿Tiene fiebre?');
    expect(clauses.map((c) => [c.text, c.question])).toEqual([
      ['Pesás 72 kilos', false],
      ['¿no?', true],
      ['¿Tiene fiebre?', true],
    ]);
    expect(splitClauses('Que sepamos no. ¿Y alergias?')[1]?.question).toBe(true);
  });

  it('gives normalized tokens', () => {
    expect(splitClauses('Paracetamol de un gramo')[0]?.tokens).toEqual(['paracetamol', 'de', '1', 'gramo']);
  });
});
