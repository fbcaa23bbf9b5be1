import { describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../storage/types';
import { groundStoredNote } from './generateNoteGrounding';
import { emptyNote } from './noteSchema';

const TEMPLATE = { sections: [{ id: 'motivo', title: 'Motivo de consulta', guidance: '' }] };

function segment(id: string, startMs: number, text: string, extra: Partial<TranscriptSegment> = {}): TranscriptSegment {
  return { id, encounterId: 'e1', startMs, endMs: startMs + 2000, startSample: startMs * 16, endSample: (startMs + 2000) * 16, text, transcribedAt: 0, ...extra };
}

describe('groundStoredNote with speaker roles', () => {
  const note = { ...emptyNote(TEMPLATE), sections: { motivo: { text: 'Fiebre.', evidence: ['a', 'b'] } } };

  it('reads each stored segment with its role; the doctor changing one re-grounds the note', () => {
    const asked = segment('a', 0, '¿Tiene fiebre?');
    const answered = segment('b', 3000, 'Sí.');
    // Stored before roles existed: Escriba's guess makes «Sí.» the patient's answer.
    expect(groundStoredNote(note, [answered, asked], TEMPLATE)[0]).toMatchObject({ level: 'ok', reason: 'Respaldado por 0:00, 0:03.' });
    // The doctor says that «Sí.» was theirs: no one answered the question.
    const corrected = { ...answered, role: 'médico' as const, roleSource: 'médico' as const };
    expect(groundStoredNote(note, [asked, corrected], TEMPLATE)[0]).toMatchObject({
      level: 'revisar',
      reason: 'La nota dice fiebre, pero en 0:00 solo se pregunta.',
    });
  });
});
