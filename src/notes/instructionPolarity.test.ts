import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { instructionPolarityCheck } from './instructionPolarity';
import { instructionTerms } from './instructionTerms';

const check = (instruction: string, said: string) => {
  const { cited, transcript } = transcriptOf(said);
  return instructionPolarityCheck(instruction, instructionTerms(instruction), cited('s1'), transcript);
};

describe('instructionPolarityCheck', () => {
  it('flags an instruction the doctor said not to follow', () => {
    expect(check('Hacer reposo.', 'No hace falta que hagas reposo.')).toEqual(['En s1 se indica lo contrario: "No hace falta que hagas reposo".']);
  });

  it('passes a note that denies it too, an instruction said, and «no te olvides de…»', () => {
    expect(check('No requiere reposo.', 'No hace falta que hagas reposo.')).toEqual([]);
    expect(check('Hacer reposo.', 'Hacé reposo dos días.')).toEqual([]);
    expect(check('Tomar abundante líquido.', 'No te olvides de tomar mucho líquido.')).toEqual([]);
  });
});
