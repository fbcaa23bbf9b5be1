import { describe, expect, it } from 'vitest';
import { pressuresIn, quantitiesIn, quantitiesSaid, sameQuantity, unmatchedQuantities } from './quantities';

describe('quantitiesIn', () => {
  it('pairs each number with the unit that follows it, in any spelling', () => {
    expect(quantitiesIn('600 miligramos de ibuprofeno')).toEqual([{ value: 600, unit: 'mg' }]);
    expect(quantitiesIn('un gramo')).toEqual([{ value: 1, unit: 'g' }]);
    expect(quantitiesIn('20 gotitas')).toEqual([{ value: 20, unit: 'gota' }]);
    expect(quantitiesIn('saturando 97 por ciento')).toEqual([{ value: 97, unit: '%' }]);
    expect(quantitiesIn('ibuprofeno de 600')).toEqual([{ value: 600, unit: null }]);
  });

  it('derives "veces por día" from "cada N horas" and back, marked as implied', () => {
    expect(quantitiesIn('cada ocho horas')).toEqual([
      { value: 8, unit: 'h' },
      { value: 3, unit: 'vez/d', derived: true },
    ]);
    expect(quantitiesIn('dos veces al día')).toEqual([
      { value: 2, unit: 'vez/d' },
      { value: 12, unit: 'h', derived: true },
    ]);
  });
});

describe('sameQuantity', () => {
  it('converts between units of one dimension', () => {
    expect(sameQuantity({ value: 1, unit: 'g' }, { value: 1000, unit: 'mg' })).toBe(true);
    expect(sameQuantity({ value: 1000, unit: 'mg' }, { value: 1, unit: 'g' })).toBe(true);
    expect(sameQuantity({ value: 1, unit: 'sem' }, { value: 7, unit: 'd' })).toBe(true);
  });

  it('lets a number said without a unit match, but never two different units', () => {
    expect(sameQuantity({ value: 600, unit: 'mg' }, { value: 600, unit: null })).toBe(true);
    expect(sameQuantity({ value: 8, unit: 'h' }, { value: 8, unit: 'd' })).toBe(false);
    expect(sameQuantity({ value: 600, unit: 'mg' }, { value: 600, unit: 'ml' })).toBe(false);
    expect(sameQuantity({ value: 800, unit: 'mg' }, { value: 600, unit: 'mg' })).toBe(false);
  });
});

describe('unmatchedQuantities', () => {
  it('matches "cada 8 horas" with "tres veces por día" and "8 h" with "ocho horas"', () => {
    expect(unmatchedQuantities(quantitiesIn('cada 8 h'), quantitiesSaid('tres veces por día'))).toEqual([]);
    expect(unmatchedQuantities(quantitiesIn('8 h'), quantitiesSaid('cada ocho horas'))).toEqual([]);
    expect(unmatchedQuantities(quantitiesIn('3 veces por día'), quantitiesSaid('cada 8 horas'))).toEqual([]);
  });

  it('reports what was written and never said', () => {
    expect(unmatchedQuantities(quantitiesIn('cada 6 horas'), quantitiesSaid('cada ocho horas'))).toEqual([{ value: 6, unit: 'h' }]);
    expect(unmatchedQuantities(quantitiesIn('cada 8 horas'), quantitiesSaid('durante 8 días'))).toEqual([{ value: 8, unit: 'h' }]);
  });
});

describe('pressuresIn', () => {
  it.each([
    ['tiene 140/90', 140, 90],
    ['la presión da ciento cuarenta sobre noventa', 140, 90],
    ['140 y 90', 140, 90],
    ['ciento treinta con ochenta', 130, 80],
    ['ciento veinte, ochenta', 120, 80],
    ['140 de máxima y 90 de mínima', 140, 90],
    ['me dio 14/9', 140, 90],
    ['la tenía catorce nueve', 140, 90],
    ['13 y 8', 130, 80],
  ])('reads «%s» as %i/%i', (text, systolic, diastolic) => {
    expect(pressuresIn(text)).toContainEqual({ systolic, diastolic });
  });

  it('ignores pairs that cannot be a pressure and numbers far apart', () => {
    expect(pressuresIn('ibuprofeno 600 cada 8 horas')).toEqual([]);
    expect(pressuresIn('tiene 90 y 140')).toEqual([]);
    expect(pressuresIn('pesa 140 kilos y camina mucho, unos 90 minutos')).toEqual([]);
  });
});

describe('quantitiesSaid', () => {
  it('adds the readings Argentine speech implies', () => {
    expect(quantitiesSaid('catorce nueve')).toContainEqual({ value: 140, unit: 'mmhg', derived: true });
    expect(quantitiesSaid('tiene treinta y ocho cinco')).toContainEqual({ value: 38.5, unit: 'C', derived: true });
    expect(quantitiesSaid('pesó tres kilos doscientos')).toContainEqual({ value: 3.2, unit: 'kg', derived: true });
  });

  it('reads the rioplatense "treinta y siete con cinco" as 37,5 °C, and still "ciento cuarenta con noventa" as a pressure', () => {
    expect(quantitiesSaid('tenés treinta y siete con cinco')).toContainEqual({ value: 37.5, unit: 'C', derived: true });
    expect(quantitiesSaid('treinta y ocho con dos de temperatura')).toContainEqual({ value: 38.2, unit: 'C', derived: true });
    expect(quantitiesSaid('ciento cuarenta con noventa')).not.toContainEqual(expect.objectContaining({ unit: 'C' }));
    expect(quantitiesSaid('ciento cuarenta con noventa')).toContainEqual({ value: 90, unit: 'mmhg', derived: true });
  });

  it('reads "catorce nueve", "medio comprimido", "un gramo" and "ochocientos cincuenta" as said', () => {
    expect(quantitiesSaid('la presión te da catorce nueve')).toContainEqual({ value: 140, unit: 'mmhg', derived: true });
    expect(quantitiesSaid('tomá medio comprimido a la noche')).toContainEqual({ value: 0.5, unit: 'comp' });
    expect(quantitiesSaid('paracetamol de un gramo')).toContainEqual({ value: 1, unit: 'g' });
    expect(quantitiesSaid('metformina de ochocientos cincuenta')).toContainEqual({ value: 850, unit: null });
  });

  it('reads a height said in metres and centimetres as one height, not two numbers', () => {
    const said = (text: string) => quantitiesSaid(text).map((q) => `${q.value} ${q.unit}`);
    expect(said('Te mido: un metro cincuenta y ocho.')).toEqual(['1.58 m']);
    expect(said('mide un metro y cinco')).toEqual(['1.05 m']);
    expect(said('La nena mide uno setenta y dos.')).toEqual(['1.72 m']);
    expect(said('tomá uno setenta')).toEqual(['1 null', '70 null']);
  });

  it('reads «un comprimido por día», «de cuarenta por día», «una por día» as once a day, and not «dos comprimidos por día»', () => {
    const once = { value: 1, unit: 'vez/d', derived: true };
    expect(quantitiesSaid('un comprimido por día')).toContainEqual(once);
    expect(quantitiesSaid('furosemida de cuarenta por día')).toContainEqual(once);
    expect(quantitiesSaid('tomá una por día')).toContainEqual(once);
    expect(quantitiesSaid('dos comprimidos por día')).not.toContainEqual(once);
    expect(quantitiesSaid('tres veces por día')).not.toContainEqual(once);
  });
});
