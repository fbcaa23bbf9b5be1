import { describe, expect, it } from 'vitest';
import { ARGENTINE_BRANDS, drugTerms, genericName, sameDrug } from './drugNames';

describe('brand → generic (Argentine brands)', () => {
  it.each([
    ['Ibupirac', 'ibuprofeno'],
    ['Actron 400', 'Ibuprofeno'],
    ['Tafirol 1 g', 'paracetamol'],
    ['Novemina', 'metamizol'],
    ['Lotrial', 'enalapril'],
    ['Losacor 50', 'losartán'],
    ['T4 Montpellier', 'levotiroxina sódica'],
    ['Deltisona B', 'meprednisona'],
    ['Buscapina', 'butilbromuro de hioscina'],
    ['Aspirineta', 'AAS'],
    ['Amoxidal Duo', 'amoxicilina + ácido clavulánico'],
    ['Glucophage', 'metformina comprimidos'],
    ['Sulfas', 'sulfamidas'],
    ['Sertal Compuesto', 'propinox clonixinato'],
  ])('%s is %s', (brand, generic) => {
    expect(sameDrug(brand, generic)).toBe(true);
  });

  it('keeps different drugs apart', () => {
    expect(sameDrug('Amoxidal Duo', 'amoxicilina')).toBe(false);
    expect(sameDrug('Amoxidal', 'amoxicilina clavulánico')).toBe(false);
    expect(sameDrug('Ibupirac', 'paracetamol')).toBe(false);
    expect(sameDrug('insulina', 'insulina glargina')).toBe(false);
  });

  it('every brand in the table maps to a generic with key terms of its own', () => {
    for (const [brand] of ARGENTINE_BRANDS) {
      expect(drugTerms(brand).length, brand).toBeGreaterThan(0);
      expect(genericName(brand), brand).not.toContain(brand.toLowerCase());
    }
  });
});

describe('names up to accents, case, plural and form words', () => {
  it('ignores accents, case, dose and the pharmaceutical form', () => {
    expect(sameDrug('LOSARTAN 50 mg comprimidos', 'losartán')).toBe(true);
    expect(sameDrug('Penicilinas', 'penicilina')).toBe(true);
    expect(drugTerms('Enalapril 10 mg')).toEqual(['enalapril']);
  });
});
