import { describe, expect, it } from 'vitest';
import { strengthAsDose, tabletDoses } from './tabletDoses';

const doses = (...texts: string[]) => tabletDoses(texts).map((q) => `${q.value} ${q.unit}`);

describe('tablet doses', () => {
  it('multiplies a tablet count by the strength said with it', () => {
    expect(doses('medio comprimido de cuarenta')).toEqual(['20 mg']);
    expect(doses('dos comprimidos de quinientos')).toEqual(['1000 mg']);
    expect(doses('un comprimido y medio de diez')).toEqual(['15 mg']);
    expect(doses('Losartán de cincuenta', 'medio comprimido cada doce horas')).toEqual(['25 mg']);
    expect(doses('medio comprimido de un gramo')).toEqual(['0.5 g']);
    expect(doses('Del enalapril tomá medio de cuarenta')).toEqual(['20 mg']);
  });

  it('takes no interval or duration for a strength', () => {
    expect(doses('medio comprimido cada doce horas por siete días')).toEqual([]);
  });

  it('flags the tablet strength written as the dose when only part of a tablet was said', () => {
    expect(strengthAsDose('40 mg', ['Del enalapril tomá medio comprimido de cuarenta.'])).toBe(
      'La dosis 40 mg es la del comprimido: se dijo medio comprimido (20 mg).',
    );
    expect(strengthAsDose('medio comprimido de 40 mg', ['medio comprimido de cuarenta'])).toBeNull();
    expect(strengthAsDose('20 mg', ['medio comprimido de cuarenta'])).toBeNull();
    expect(strengthAsDose('40 mg', ['un comprimido de cuarenta'])).toBeNull();
  });
});
