import { describe, expect, it } from 'vitest';
import { MEDICATION_FORM_WORDS, keyTerms, sameWord, saidText, termSaid } from './terms';

describe('keyTerms', () => {
  it('keeps the clinical words, folded, without articles, units or numbers', () => {
    expect(keyTerms('Radiografía de tórax, 2 incidencias')).toEqual(['radiografia', 'torax', 'incidencias']);
    expect(keyTerms('Diabetes mellitus tipo 2')).toEqual(['diabetes', 'mellitus']);
    expect(keyTerms('Amoxicilina 500 mg comprimidos', MEDICATION_FORM_WORDS)).toEqual(['amoxicilina']);
    expect(keyTerms('Ácido fólico', MEDICATION_FORM_WORDS)).toEqual(['folico']);
  });
});

describe('sameWord', () => {
  it.each([
    ['hipertension', 'hipertenso'],
    ['comprimido', 'comprimidos'],
    ['cardiologia', 'cardiologo'],
    ['alergico', 'alergia'],
    ['tos', 'toses'],
    ['diclofenac', 'diclofenaco'],
  ])('%s ~ %s', (a, b) => {
    expect(sameWord(a, b)).toBe(true);
  });

  it.each([
    ['prednisona', 'prednisolona'],
    ['metformina', 'metoprolol'],
    ['clonazepam', 'clonidina'],
    ['losartan', 'valsartan'],
    ['tos', 'tose'],
    ['pulmones', 'pulmonia'],
    ['pulmon', 'pulmonia'],
    ['inflamado', 'inflamacion'],
  ])('%s is not %s', (a, b) => {
    expect(sameWord(a, b)).toBe(false);
  });
});

describe('termSaid', () => {
  it('finds medical words said in everyday Spanish', () => {
    expect(termSaid('hipertension', saidText('Tengo la presión alta desde hace años.'))).toBe(true);
    expect(termSaid('urticaria', saidText('Me salen ronchas.'))).toBe(true);
    expect(termSaid('radiografia', saidText('Te pido una placa de tórax.'))).toBe(true);
    expect(termSaid('disnea', saidText('Me falta el aire cuando camino.'))).toBe(true);
    expect(termSaid('cardiologia', saidText('Te mando al cardiólogo.'))).toBe(true);
    expect(termSaid('abdominal', saidText('Una eco de abdomen.'))).toBe(true);
    expect(termSaid('diabetes', saidText('Soy diabética.'))).toBe(true);
  });

  it('does not find what was not said', () => {
    expect(termSaid('hipertension', saidText('La presión está bien.'))).toBe(false);
    expect(termSaid('neumonia', saidText('Los pulmones están limpios.'))).toBe(false);
    expect(termSaid('amoxicilina', saidText('Le doy azitromicina.'))).toBe(false);
  });
});
