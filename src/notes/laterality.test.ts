import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { lateralityCheck } from './laterality';

const check = (text: string, ...segments: string[]) => {
  const { cited } = transcriptOf(...segments);
  return lateralityCheck(text, cited(...segments.map((_, i) => `s${i + 1}`)));
};

describe('lateralityCheck', () => {
  it('passes the side said where the item is named', () => {
    expect(check('Radiografía de rodilla izquierda', 'Te pido una placa de la rodilla izquierda, de frente y perfil.')).toEqual([]);
    expect(check('Ecografía de hombro izquierdo', 'Vamos a hacer una ecografía del hombro, del lado izquierdo.')).toEqual([]);
    expect(check('Otitis bilateral', 'Tiene otitis en los dos oídos, es bilateral.')).toEqual([]);
    expect(check('Hemograma', 'Te pido un hemograma.')).toEqual([]);
  });

  it('flags the other side, a negated side and a side nobody said', () => {
    expect(check('Radiografía de rodilla derecha', 'Te pido una placa de la rodilla izquierda.')).toEqual([
      'Se dijo izquierda en s1, la nota dice derecha.',
    ]);
    expect(check('Otitis izquierda', 'Tenés una otitis en el oído derecho, el izquierdo está bien.')).toEqual([
      'Se dijo derecha en s1, la nota dice izquierda.',
    ]);
    expect(check('Dolor en fosa ilíaca derecha', 'El dolor es en la fosa ilíaca izquierda, no en la derecha.')).toEqual([
      'Se dijo izquierda en s1, la nota dice derecha.',
    ]);
    expect(check('Radiografía de tobillo derecho', 'Te pido una placa del tobillo.')).toEqual(['No se dijo el lado en s1; la nota dice derecha.']);
  });

  it('flags a side that the mention leaves open when both sides were said', () => {
    expect(check('Neumonía izquierda', 'Crepitantes en la base derecha, el pulmón izquierdo está bien.', 'Me parece una neumonía.')).toEqual([
      'Se dijo derecha y izquierda en s1, la nota dice izquierda.',
    ]);
  });
});
