// The unit project has no DOM: this checks the markup rows render (names, order, marks) on the
// server renderer. Clicking, editing and playing are covered end to end (transcript-ui.spec.ts).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../storage/types';
import { TranscriptList } from './TranscriptList';
import type { SegmentActions } from './TranscriptSegmentRow';

const actions: SegmentActions = {
  play: () => Promise.resolve(null),
  correct: () => Promise.resolve(null),
  retranscribe: () => Promise.resolve(null),
  setRole: () => Promise.resolve(null),
};

function segment(startMs: number, text: string, extra: Partial<TranscriptSegment> = {}): TranscriptSegment {
  return {
    id: `s${startMs}`,
    encounterId: 'e1',
    startMs,
    endMs: startMs + 4_000,
    startSample: startMs * 16,
    endSample: (startMs + 4_000) * 16,
    text,
    transcribedAt: 0,
    ...extra,
  };
}

const render = (segments: TranscriptSegment[], canRetranscribe = true) =>
  renderToStaticMarkup(<TranscriptList segments={segments} actions={actions} canRetranscribe={canRetranscribe} emptyText="Vacío." />);

describe('TranscriptList', () => {
  it('lists segments in the given order, each time a button that names where it plays from', () => {
    const html = render([segment(2_000, 'Buenos días.'), segment(83_900, 'Me duele la cabeza.'), segment(3_723_000, 'Listo.')]);
    expect([...html.matchAll(/aria-label="Escuchar desde ([^"]+)"/g)].map((m) => m[1])).toEqual(['0:02', '1:23', '1:02:03']);
    expect(html.indexOf('Buenos días.')).toBeLessThan(html.indexOf('Me duele la cabeza.'));
    expect(html).toContain('<time dateTime="PT83.9S">1:23</time>');
    expect(html).toContain('aria-label="Corregir 1:23"');
    expect(html).toContain('aria-label="Transcribir de nuevo 1:23"');
  });

  it('marks a corrected segment and keeps the model text behind a disclosure', () => {
    const html = render([segment(0, 'Toma enalapril.', { originalText: 'Toma en a pril.', editedAt: 1 })]);
    expect(html).toContain('corregido');
    expect(html).toMatch(/<details[^>]*><summary>Ver transcripción original<\/summary><p>Toma en a pril.<\/p><\/details>/);
    expect(render([segment(0, 'Sin cambios.')])).not.toContain('corregido');
  });

  it('shows who said each segment in a control named after its time, Escriba’s guess told apart from the doctor’s choice', () => {
    const html = render([
      segment(0, '¿Qué lo trae?', { role: 'médico', roleSource: 'auto' }),
      segment(4_000, 'Me duele.', { role: 'acompañante', roleSource: 'médico' }),
      segment(8_000, 'Eh.'),
    ]);
    const selects = [...html.matchAll(/<select[^>]*aria-label="Hablante del segmento ([^"]+)"[^>]*>(.*?)<\/select>/g)];
    expect(selects.map((m) => m[1])).toEqual(['0:00', '0:04', '0:08']);
    const chosen = selects.map((m) => /<option value="([^"]+)" selected="">/.exec(m[2] ?? '')?.[1]);
    expect(chosen).toEqual(['médico', 'acompañante', 'sin asignar']);
    expect(selects[0]?.[0]).toContain('title="Asignado por Escriba: puede cambiarlo"');
    expect(selects[1]?.[0]).toContain('title="Elegido por usted"');
    expect([...(selects[0]?.[2] ?? '').matchAll(/<option[^>]*>([^<]+)<\/option>/g)].map((m) => m[1])).toEqual([
      'Médico',
      'Paciente',
      'Acompañante',
      'Sin asignar',
    ]);
  });

  it('disables a new transcription when no model can run it', () => {
    expect(render([segment(0, 'Hola.')], false)).toMatch(/<button[^>]*aria-label="Transcribir de nuevo 0:00"[^>]*disabled=""/);
  });

  it('says so when there is nothing yet, and is not a live region', () => {
    expect(render([])).toBe('<p class="transcript-empty">Vacío.</p>');
    expect(render([segment(0, 'Hola.')])).not.toMatch(/aria-live|role="log"/);
  });
});
