import { describe, expect, it } from 'vitest';
import { diagnosis, note } from './evalNote.testkit';
import { containsPhrase, mustNotContainViolations, statedAsPresent } from './noteStatements';

const sections = (text: string) => note({ sections: { enfermedad_actual: text } });

describe('statedAsPresent', () => {
  it('reads a denial and the list it opens', () => {
    expect(statedAsPresent('fiebre', sections('Niega fiebre, tos y vómitos.'))).toBeNull();
    expect(statedAsPresent('vómitos', sections('Niega fiebre, tos y vómitos.'))).toBeNull();
    expect(statedAsPresent('fiebre', sections('Cefalea de 2 días, sin fiebre.'))).toBeNull();
  });

  it('an affirming clause ends the denial', () => {
    expect(statedAsPresent('tos', sections('Sin fiebre, con tos seca.'))?.text).toBe('Sin fiebre, con tos seca.');
    expect(statedAsPresent('tos', sections('Refiere tos y niega fiebre.'))).not.toBeNull();
    expect(statedAsPresent('fiebre', sections('Refiere tos y niega fiebre.'))).toBeNull();
  });

  it('finds spoken and clinical forms, across the note', () => {
    expect(statedAsPresent('dolor torácico', sections('Dolor de pecho opresivo.'))).not.toBeNull();
    expect(statedAsPresent('fiebre', sections('Cuadro febril de 3 días.'))).not.toBeNull();
    expect(statedAsPresent('neumonía', note({ diagnoses: [diagnosis('Neumonía', 'presuntivo')] }))?.where).toBe('Diagnóstico 1');
    expect(statedAsPresent('neumonía', note({ diagnoses: [diagnosis('Neumonía', 'descartado')] }))).toBeNull();
  });

  it('a condition or a warning is not a finding', () => {
    expect(statedAsPresent('fiebre', sections('Consultar ante fiebre o dificultad respiratoria.'))).toBeNull();
    expect(statedAsPresent('fiebre', sections('Pautas de alarma: fiebre, vómitos.'))).toBeNull();
  });
});

describe('mustNotContain', () => {
  it('matches whole words, normalised, plural included', () => {
    expect(containsPhrase('Rodilla IZQUIERDA', 'rodilla izquierda')).toBe(true);
    expect(containsPhrase('Se indica amoxicilinas', 'amoxicilina')).toBe(true);
    expect(containsPhrase('amoxicilina-clavulánico', 'amoxicilina')).toBe(true);
    expect(containsPhrase('Paracetamoles', 'paracetamol')).toBe(true);
    expect(containsPhrase('Hipertensión', 'tension')).toBe(false);
    expect(containsPhrase('quinientos mg', '500 mg')).toBe(true);
  });

  it('reports each phrase once with where it is', () => {
    const got = note({ sections: { plan: 'Amoxicilina 500 mg.' }, orders: [{ text: 'Rx de rodilla izquierda', evidence: ['s1'] }] });
    expect(mustNotContainViolations(['amoxicilina', 'izquierda', 'penicilina'], got)).toEqual([
      { phrase: 'amoxicilina', where: 'Sección «plan»' },
      { phrase: 'izquierda', where: 'Estudio 1' },
    ]);
  });
});
