import { describe, expect, it } from 'vitest';
import { sameIcd10Category, sameItem, textMatches, wrongSide } from './textMatch';

describe('free-text items', () => {
  it('matches spoken and clinical names, accents and plural', () => {
    expect(textMatches('Radiografía de tórax', 'Placa de tórax frente y perfil')).toBe(true);
    expect(textMatches('Hipertensión arterial', 'Hipertensión arterial esencial')).toBe(true);
    expect(textMatches('Ecografía abdominal', 'ecografias abdominales')).toBe(true);
    expect(textMatches('Cardiología', 'cardiólogo')).toBe(true);
  });

  it('needs the head term: «Faringitis viral» is not «Cuadro viral»', () => {
    expect(sameItem('Faringitis viral', 'Cuadro viral')).toBe(false);
  });

  it('the head passes over words that only name the kind of thing', () => {
    expect(sameItem('Enfermedad renal crónica leve', 'Insuficiencia renal crónica')).toBe(true);
    expect(sameItem('Trastorno de ansiedad', 'Ansiedad generalizada')).toBe(true);
    expect(sameItem('Infección respiratoria alta', 'Infección urinaria')).toBe(false);
    expect(sameItem('Síndrome coronario agudo', 'Síndrome febril agudo')).toBe(false);
  });

  it('reads abbreviations and compound names written out', () => {
    expect(textMatches('Hipertensión arterial', 'HTA')).toBe(true);
    expect(textMatches('Gonartrosis bilateral a predominio derecho', 'Artrosis de ambas rodillas')).toBe(true);
    expect(textMatches('Artrosis de rodilla izquierda', 'Gonartrosis izquierda')).toBe(true);
    expect(textMatches('Radiografía de tórax', 'Rx tórax')).toBe(true);
    expect(textMatches('Diabetes mellitus tipo 2', 'DM2')).toBe(true);
    expect(textMatches('Hemoglobina glicosilada', 'HbA1c')).toBe(true);
    expect(textMatches('Hipertensión arterial', 'Hiperhta')).toBe(false);
  });

  it('needs every number: «tipo 2» is not «tipo 1»', () => {
    expect(sameItem('Diabetes mellitus tipo 2', 'Diabetes tipo 1')).toBe(false);
    expect(sameItem('Diabetes mellitus tipo 2', 'Diabetes mellitus tipo 2 no insulinorrequiriente')).toBe(true);
  });

  it('the wrong side is the same item but not right; a side left out is right', () => {
    expect(sameItem('Gonalgia derecha', 'Gonalgia izquierda')).toBe(true);
    expect(wrongSide('Gonalgia derecha', 'Gonalgia izquierda')).toBe(true);
    expect(textMatches('Gonalgia derecha', 'Gonalgia izquierda')).toBe(false);
    expect(textMatches('Gonalgia derecha', 'Gonalgia')).toBe(true);
    expect(textMatches('Otitis media bilateral', 'otitis media en ambos oídos')).toBe(true);
  });

  it('compares ICD-10 by category', () => {
    expect(sameIcd10Category('J18.1', 'J18')).toBe(true);
    expect(sameIcd10Category('J18', null)).toBe(false);
  });
});
