import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { sectionFindingsCheck } from './sectionFindings';

const check = (text: string, ...segments: string[]) => {
  const { transcript, cited } = transcriptOf(...segments);
  return sectionFindingsCheck(text, cited(...segments.map((_, i) => `s${i + 1}`)), transcript);
};

describe('sectionFindingsCheck', () => {
  it('flags a finding stated where it was denied, and a denial where it was said', () => {
    expect(check('Fiebre y odinofagia.', 'Me duele la garganta, fiebre no tuve.')).toEqual([
      'La nota dice fiebre, pero: Se niega en s1: "fiebre no tuve".',
    ]);
    expect(check('Tos y fiebre.', '¿Tuvo fiebre?', 'No, solo tos.')).toEqual(['La nota dice fiebre, pero: El paciente lo negó en s2: "No, solo tos".']);
    expect(check('Sin fiebre.', 'Tuve fiebre toda la noche.')).toEqual(['La nota niega fiebre, pero en s1 se dijo: "Tuve fiebre toda la noche".']);
  });

  it('passes findings said as stated, and denials said as denied', () => {
    expect(check('Diarrea sin vómitos. Niega fiebre.', 'Vómitos no, diarrea sí.', '¿Fiebre?', 'No.')).toEqual([]);
    expect(check('Fiebre de 38,5 °C.', 'No se me pasa la fiebre, anoche treinta y ocho y medio.')).toEqual([]);
    expect(check('Control si persiste la fiebre.', 'Si seguís con fiebre, volvé.')).toEqual([]);
  });
});
