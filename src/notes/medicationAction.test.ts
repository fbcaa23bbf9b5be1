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
