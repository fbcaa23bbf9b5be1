import { describe, expect, it } from 'vitest';
import { foldText, normalizeSpanish } from './spanishNumbers';

describe('foldText', () => {
  it('drops case, accents and the tilde of ñ, and squeezes whitespace', () => {
    expect(foldText('  Ibuprofeno  ÁCIDO   Clavulánico, Niño ')).toBe('ibuprofeno acido clavulanico, nino');
  });
});

describe('normalizeSpanish', () => {
  it.each([
    ['cero', '0'],
    ['ocho', '8'],
    ['quince', '15'],
    ['dieciséis', '16'],
    ['veintidós', '22'],
    ['treinta y ocho', '38'],
    ['noventa y nueve', '99'],
    ['cien', '100'],
    ['ciento cuarenta', '140'],
    ['ciento cuarenta y nueve', '149'],
    ['seiscientos', '600'],
    ['quinientas', '500'],
    ['novecientos noventa y nueve', '999'],
    ['mil', '1000'],
    ['dos mil quinientos', '2500'],
    ['mil doscientos cincuenta', '1250'],
  ])('reads «%s» as %s', (words, digits) => {
    expect(normalizeSpanish(words)).toBe(digits);
  });

  it('reads decimals said with "coma" and halves', () => {
    expect(normalizeSpanish('treinta y ocho coma cinco')).toBe('38.5');
    expect(normalizeSpanish('treinta y ocho y medio de fiebre')).toBe('38.5 de fiebre');
    expect(normalizeSpanish('38 y medio')).toBe('38.5');
    expect(normalizeSpanish('medio comprimido')).toBe('0.5 comprimido');
    expect(normalizeSpanish('una hora y media')).toBe('1.5 hora');
    expect(normalizeSpanish('uno coma cinco gramos')).toBe('1.5 gramos');
  });

  it('writes digits one way: decimal comma, Spanish thousands, glued units, c/8h', () => {
    expect(normalizeSpanish('38,5°C')).toBe('38.5 °c');
    expect(normalizeSpanish('38.5 ºC')).toBe('38.5 °c');
    expect(normalizeSpanish('1.000 mg')).toBe('1000 mg');
    expect(normalizeSpanish('600mg c/8hs.')).toBe('600 mg cada 8 hs');
    expect(normalizeSpanish('TA 140/90mmHg')).toBe('ta 140 / 90 mmhg');
    expect(normalizeSpanish('0.5 mg')).toBe('0.5 mg');
  });

  it('reads "un/una" as 1 only before something counted', () => {
    expect(normalizeSpanish('una vez por día, un comprimido, una semana')).toBe('1 vez por dia 1 comprimido 1 semana');
    expect(normalizeSpanish('consultar ante un empeoramiento')).toBe('consultar ante un empeoramiento');
    expect(normalizeSpanish('treinta y un días')).toBe('31 dias');
  });

  it('ends a number at punctuation: "quinientos, una vez por día" is 500 then 1', () => {
    expect(normalizeSpanish('azitromicina de quinientos, una vez por día')).toBe('azitromicina de 500 1 vez por dia');
    expect(normalizeSpanish('quinientos una vez')).toBe('500 1 vez');
    expect(normalizeSpanish('ciento uno')).toBe('101');
  });

  it('keeps two numbers said in a row apart (the Argentine "catorce nueve")', () => {
    expect(normalizeSpanish('la presión catorce nueve')).toBe('la presion 14 9');
    expect(normalizeSpanish('ciento cuarenta y noventa')).toBe('140 y 90');
  });

  it('leaves words that are not numbers alone, including "coma" without a number before it', () => {
    expect(normalizeSpanish('Me agarró fiebre, estuvo en coma')).toBe('me agarro fiebre estuvo en coma');
    expect(normalizeSpanish('en medio de la noche')).toBe('en medio de la noche');
  });

  it('reads a whole rioplatense sentence', () => {
    expect(normalizeSpanish('Tomá un ibuprofeno de seiscientos cada ocho horas, por cinco días.')).toBe(
      'toma un ibuprofeno de 600 cada 8 horas por 5 dias',
    );
  });
});
