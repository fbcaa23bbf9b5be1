import { describe, expect, it } from 'vitest';
import { drugTermSaid, genericOfWord, genericTerms } from './drugBrands';
import { saidText } from './terms';

describe('drug brands in grounding', () => {
  it('reads a brand as its generic', () => {
    expect(genericOfWord('amoxidal')).toBe('amoxicilina');
    expect(genericOfWord('tafirol')).toBe('paracetamol');
    expect(genericOfWord('amoxicilina')).toBeNull();
    expect(genericTerms('Amoxidal 500')).toEqual(['amoxicilina']);
    expect(genericTerms('Amoxidal Duo')).toEqual(['amoxicilina', 'clavulanico']);
    expect(genericTerms('Aspirina')).toEqual(['acetilsalicilico']);
  });

  it('finds a generic said by its brand, and never a combination in the brand of one of its parts', () => {
    const said = (term: string, text: string) => drugTermSaid(term, saidText(text));
    expect(said('amoxicilina', 'Le doy Amoxidal de quinientos.')).toBe(true);
    expect(said('amoxicilina', 'Le doy Amoxidal Duo.')).toBe(true);
    expect(said('clavulanico', 'Le doy Amoxidal Duo.')).toBe(true);
    expect(said('clavulanico', 'Le doy Amoxidal de quinientos.')).toBe(false);
    expect(said('acetilsalicilico', 'Una aspirineta por día.')).toBe(true);
    expect(said('ibuprofeno', 'Le doy Amoxidal de quinientos.')).toBe(false);
  });
});
