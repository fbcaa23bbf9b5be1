import { describe, expect, it } from 'vitest';
import { noKnownAllergy } from './noKnownAllergy';

describe('noKnownAllergy', () => {
  const said = (...texts: string[]) => texts.map((text) => ({ text, evidence: ['s1'] }));
  it.each([
    ['Niega alergias.', 'any'],
    ['Sin alergias conocidas', 'any'],
    ['No refiere alergias', 'any'],
    ['Niega antecedentes alérgicos.', 'any'],
    ['Niega alergias medicamentosas.', 'drug'],
    ['Sin alergia a medicamentos', 'drug'],
    ['Niega alergias alimentarias', 'food'],
    ['Niega alergia a la penicilina.', null],
    ['Sin alergia al látex', null],
    ['Sin fiebre.', null],
    ['Niega tos y alergias estacionales', null],
  ])('«%s» → %s', (text, kind) => {
    expect(noKnownAllergy(said(text))).toBe(kind);
  });
  it('prefers a general denial over a narrower one', () => {
    expect(noKnownAllergy(said('Niega alergias medicamentosas.', 'Sin alergias conocidas.'))).toBe('any');
    expect(noKnownAllergy(said('Sin fiebre.', 'Niega alergias alimentarias.'))).toBe('food');
  });
});
