import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { drugPieces } from './medicationScope';

const owners = (drugs: string[], ...segments: string[]) => {
  const { cited } = transcriptOf(...segments);
  return drugPieces(cited(...segments.map((_, i) => `s${i + 1}`)), drugs).map((p) => [p.owner, p.tokens.join(' ')]);
};

describe('drugPieces', () => {
  it('binds each number to the drug named before it, in the same clause or the ones that continue it', () => {
    expect(owners(['paracetamol'], 'Ibuprofeno de seiscientos cada ocho horas y paracetamol de quinientos, cada seis horas.')).toEqual([
      ['ibuprofeno', 'ibuprofeno de 600 cada 8 horas'],
      ['paracetamol', 'paracetamol de 500'],
      ['paracetamol', 'cada 6 horas'],
    ]);
  });

  it('continues into the next segment, and stops at a gap in the transcript', () => {
    expect(owners([], 'Te doy amoxicilina.', 'Quinientos cada ocho horas.')).toEqual([
      ['amoxicilina', 'te doy amoxicilina'],
      ['amoxicilina', '500 cada 8 horas'],
    ]);
  });

  it('gives numbers said before the name to that drug, and splits two drugs in one clause', () => {
    expect(owners([], 'Seiscientos de ibuprofeno o paracetamol quinientos.')).toEqual([
      ['ibuprofeno', '600 de ibuprofeno'],
      ['paracetamol', 'paracetamol 500'],
    ]);
  });

  it('reads a brand as its generic, so its numbers are that drug\'s', () => {
    expect(owners(['ibuprofeno'], 'Para el dolor, ibuprofeno de cuatrocientos.', 'Amoxidal de quinientos cada doce horas.')).toEqual([
      [null, 'para el dolor'],
      ['ibuprofeno', 'ibuprofeno de 400'],
      ['amoxicilina', 'amoxidal de 500 cada 12 horas'],
    ]);
  });
});
