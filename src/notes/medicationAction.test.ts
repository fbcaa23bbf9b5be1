import { describe, expect, it } from 'vitest';
import { transcriptOf } from './clinical.testkit';
import { actionCheck, lastActionCue } from './medicationAction';
import { drugPieces } from './medicationScope';
import type { MedicationAction } from './noteSchema';

const piecesOf = (drug: string, ...segments: string[]) => {
  const { cited } = transcriptOf(...segments);
  return drugPieces(cited(...segments.map((_, i) => `s${i + 1}`)), [drug]).filter((p) => p.owner === drug);
};

describe('medication action cues', () => {
  it.each([
    ['El ibuprofeno lo dejamos.', 'suspende'],
    ['Dejá de tomar el ibuprofeno.', 'suspende'],
    ['Suspendemos el ibuprofeno.', 'suspende'],
    ['El ibuprofeno no lo tome más.', 'suspende'],
    ['No sigas con el ibuprofeno.', 'suspende'],
    ['Te indico ibuprofeno de seiscientos.', 'inicia'],
    ['Arrancamos con ibuprofeno.', 'inicia'],
    ['Seguí con el ibuprofeno.', 'continúa'],
    ['El ibuprofeno seguilo igual.', 'continúa'],
    ['Del ibuprofeno bajamos la dosis.', 'modifica'],
  ])('«%s» is %s', (text, cue) => {
    expect(lastActionCue(piecesOf('ibuprofeno', text))?.cue).toBe(cue);
  });

  it('takes the last thing said about the drug, and never another drug\'s cue', () => {
    expect(lastActionCue(piecesOf('ibuprofeno', 'Seguí con el ibuprofeno.', 'Bueno, no, mejor dejamos el ibuprofeno.'))?.cue).toBe('suspende');
    expect(lastActionCue(piecesOf('ibuprofeno', 'Dejamos el paracetamol y seguí con el ibuprofeno.'))?.cue).toBe('continúa');
  });

  it('reads a stop said under a condition as no stop: the patient goes on with the drug', () => {
    const conditional = piecesOf('ibuprofeno', 'Te doy ibuprofeno.', 'Si te cae mal, lo dejás y me llamás.');
    expect(lastActionCue(conditional)?.cue).toBe('suspende si');
    expect(actionCheck('inicia', conditional)).toEqual([]);
    expect(actionCheck('continúa', conditional)).toEqual([]);
    expect(actionCheck('suspende', conditional)).toEqual([
      'En s2 se suspende solo si pasa algo: "Si te cae mal, lo dejás"; la nota dice «suspende».',
    ]);
    expect(lastActionCue(piecesOf('ibuprofeno', 'El ibuprofeno suspendelo si te duele el estómago.'))?.cue).toBe('suspende si');
    // The condition ends with the clause that says what to do; a stop said after it is a stop.
    expect(lastActionCue(piecesOf('ibuprofeno', 'Si duele, tomá paracetamol, y el ibuprofeno lo dejamos.'))?.cue).toBe('suspende');
    // «Sí» (agreement) opens no condition.
    expect(lastActionCue(piecesOf('ibuprofeno', 'Sí, el ibuprofeno lo dejamos.'))?.cue).toBe('suspende');
    expect(lastActionCue(piecesOf('ibuprofeno', 'Si, el ibuprofeno lo dejamos.'))?.cue).toBe('suspende');
  });

  it('flags stopped vs taken and same vs changed dose, not started vs continued', () => {
    const stopped = piecesOf('ibuprofeno', 'Dejamos el ibuprofeno.');
    const flagged = (action: MedicationAction, pieces = stopped) => actionCheck(action, pieces).length > 0;
    expect(actionCheck('continúa', stopped)).toEqual(['En s1 se suspende: "Dejamos el ibuprofeno"; la nota dice «continúa».']);
    expect(flagged('inicia')).toBe(true);
    expect(flagged('suspende')).toBe(false);
    expect(flagged('mencionada')).toBe(false);
    expect(flagged('continúa', piecesOf('ibuprofeno', 'Te indico ibuprofeno.'))).toBe(false);
    expect(flagged('continúa', piecesOf('ibuprofeno', 'Del ibuprofeno subimos la dosis.'))).toBe(true);
  });
});
