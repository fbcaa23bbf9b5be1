import { describe, expect, it } from 'vitest';
import { doseAmount, frequencyOf, sameDose, sameFrequency, sameQuantities } from './dose';

const med = (dose: string | null, name = 'Droga') => ({ dose, name });

describe('doses', () => {
  it('«medio comprimido de 4 mg» is «2 mg»', () => {
    expect(doseAmount('medio comprimido de 4 mg')).toEqual({ value: 2, unit: 'mg' });
    expect(sameDose(med('2 mg'), med('medio comprimido de 4 mg'))).toBe(true);
  });

  it('converts g, mg and mcg, and reads numbers in words', () => {
    expect(sameDose(med('1 g'), med('1000 mg'))).toBe(true);
    expect(sameDose(med('seiscientos miligramos'), med('600 mg'))).toBe(true);
    expect(sameDose(med('100 mcg'), med('0,1 mg'))).toBe(true);
  });

  it('takes the strength from the name when the dose only counts units', () => {
    expect(sameDose(med('1 g'), med('2 comprimidos', 'Amoxicilina 500 mg'))).toBe(true);
    expect(sameDose(med('10 mg', 'Enalapril'), med(null, 'Enalapril 10 mg'))).toBe(true);
  });

  it('a dose said two ways matches either', () => {
    expect(sameDose(med('6 ml'), med('600 mg (6 ml)'))).toBe(true);
    expect(sameDose(med('600 mg'), med('6 ml'))).toBe(false);
  });

  it('tells different amounts apart', () => {
    expect(sameDose(med('10 mg'), med('5 mg'))).toBe(false);
    expect(sameDose(med('2 mg'), med('medio comprimido'))).toBe(false);
    expect(sameDose(med('20 gotas'), med('20 mg'))).toBe(false);
  });

  it('a dose without an amount is compared by its words', () => {
    expect(sameDose(med('una capa fina'), med('Capa fina'))).toBe(true);
    expect(sameDose(med('una capa fina'), med('abundante'))).toBe(false);
  });

  it('a dose the reference does not give must not be in the note', () => {
    expect(sameDose(med(null), med(null))).toBe(true);
    expect(sameDose(med(null), med('10 mg'))).toBe(false);
    expect(sameDose(med('10 mg'), med(null))).toBe(false);
  });
});

describe('frequencies', () => {
  it('«cada 8 horas» is «3 veces por día», «cada 12 hs» is «dos veces al día»', () => {
    expect(sameFrequency('cada 8 horas', '3 veces por día')).toBe(true);
    expect(sameFrequency('cada 12 hs', 'dos veces al día')).toBe(true);
    expect(sameFrequency('c/8 h', 'cada ocho horas')).toBe(true);
  });

  it('reads once-a-day and weekly forms', () => {
    expect(frequencyOf('una vez al día').perDay).toBe(1);
    expect(frequencyOf('a la noche').perDay).toBe(1);
    expect(frequencyOf('en ayunas').perDay).toBe(1);
    expect(frequencyOf('una vez por semana').perDay).toBeCloseTo(1 / 7);
    expect(frequencyOf('cada 48 horas').perDay).toBe(0.5);
  });

  it('reads counts per day and maxima', () => {
    expect(frequencyOf('máximo 3 por día')).toEqual({ perDay: 3, onDemand: true });
    expect(sameFrequency('hasta 3 veces por día antes de las comidas', 'antes de cada comida, máximo 3 por día')).toBe(true);
    expect(sameFrequency('después de cada deposición', 'luego de cada deposición')).toBe(true);
    expect(sameFrequency('después de cada deposición', 'antes de cada comida')).toBe(false);
  });

  it('on demand must agree, and rates must be equal', () => {
    expect(sameFrequency('cada 8 horas si hay dolor', 'cada 8 horas')).toBe(false);
    expect(sameFrequency('cada 8 horas si hay dolor', 'cada 8 hs según necesidad')).toBe(true);
    expect(sameFrequency('cada 48 horas', 'una vez por día')).toBe(false);
    expect(sameFrequency(null, 'cada 8 horas')).toBe(false);
  });
});

describe('intervals', () => {
  it('«una semana» is «7 días»; «un mes» is not «15 días»', () => {
    expect(sameQuantities('control en una semana', 'Volver en 7 días')).toBe(true);
    expect(sameQuantities('control en un mes', 'en 15 días')).toBe(false);
  });
});
