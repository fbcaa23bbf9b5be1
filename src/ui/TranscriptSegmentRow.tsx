import { memo, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SpeakerRole, TranscriptSegment } from '../storage/types';
import { formatDuration, isoDuration } from './format';
import { SpeakerRoleSelect } from './SpeakerRoleSelect';

/**
 * What a row can ask of the screen. Each resolves to a Spanish message when it did not happen
 * (why the audio cannot play, why the correction was not saved) and to null when it did: expected
 * failures are results, shown beside the segment they concern.
 */
export interface SegmentActions {
  play(segment: TranscriptSegment): Promise<string | null>;
  correct(segment: TranscriptSegment, text: string): Promise<string | null>;
  retranscribe(segment: TranscriptSegment): Promise<string | null>;
  /** The doctor says who spoke. */
  setRole(segment: TranscriptSegment, role: SpeakerRole): Promise<string | null>;
}

interface Props {
  segment: TranscriptSegment;
  /** Must keep its identity across renders, or every row re-renders. */
  actions: SegmentActions;
  canRetranscribe: boolean;
  /** Cited by the note item the doctor selected. */
  highlighted?: boolean;
}

/** A click that finds the audio still being assembled says so after this long, not at once. */
const SLOW_PLAY_MS = 300;
/** A note about playback ("podrá escuchar…") goes away on its own: it answers one click. */
const PLAY_NOTE_MS = 8_000;

function SegmentRow({ segment, actions, canRetranscribe, highlighted = false }: Props) {
  const clock = formatDuration(segment.startMs);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState<'saving' | 'retranscribing' | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [playNote, setPlayNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const correctButton = useRef<HTMLButtonElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const returnFocus = useRef(false);
  const editing = draft !== null;

  useEffect(() => {
    if (!playNote) return;
    const timer = window.setTimeout(() => setPlayNote(null), PLAY_NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [playNote]);

  // Opening the editor puts the caret after the text; after "Guardar" or "Cancelar" the textarea is
  // gone and focus goes back where editing started.
  useEffect(() => {
    if (editing) {
      const end = editor.current?.value.length ?? 0;
      editor.current?.focus();
      editor.current?.setSelectionRange(end, end);
      return;
    }
    if (!returnFocus.current) return;
    returnFocus.current = false;
    correctButton.current?.focus();
  }, [editing]);

  const play = async () => {
    setPlayNote(null);
    const slow = window.setTimeout(() => setPreparing(true), SLOW_PLAY_MS);
    const refusal = await actions.play(segment);
    window.clearTimeout(slow);
    setPreparing(false);
    setPlayNote(refusal);
  };

  const closeEditor = () => {
    returnFocus.current = true;
    setDraft(null);
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft?.trim() ?? '';
    if (!text) return;
    // Whisper's text may carry spacing the doctor never typed: unchanged words are not a correction.
    if (text === segment.text.trim()) return closeEditor();
    setBusy('saving');
    setError(null);
    const failure = await actions.correct(segment, text);
    setBusy(null);
    if (failure) setError(failure);
    else closeEditor();
  };

  const onEditorKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (busy === 'saving') return;
    if (event.key === 'Escape') {
      event.preventDefault();
      closeEditor();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  // The control stays enabled while the choice is stored: disabling it would drop a keyboard
  // user's focus, and the write is one small row.
  const setRole = async (role: SpeakerRole) => {
    setError(null);
    setError(await actions.setRole(segment, role));
  };

  const retranscribe = async () => {
    setBusy('retranscribing');
    setError(null);
    const failure = await actions.retranscribe(segment);
    setBusy(null);
    setError(failure);
  };

  return (
    <li
      className={`segment${editing ? ' segment-editing' : ''}${busy === 'retranscribing' ? ' segment-retranscribing' : ''}${highlighted ? ' segment-highlighted' : ''}`}
      aria-current={highlighted || undefined}
    >
      <div className="segment-gutter">
        <button type="button" className="segment-time" aria-label={`Escuchar desde ${clock}`} onClick={() => void play()}>
          <span aria-hidden="true" className="segment-play-icon">▶</span>
          <time dateTime={isoDuration(segment.startMs)}>{clock}</time>
        </button>
        <SpeakerRoleSelect
          clock={clock}
          role={segment.role ?? 'sin asignar'}
          source={segment.roleSource ?? 'auto'}
          onChange={(role) => void setRole(role)}
        />
      </div>
      <div className="segment-body">
        {editing ? (
          <form className="segment-editor" onSubmit={(event) => void save(event)}>
            <textarea
              ref={editor}
              aria-label={`Texto del segmento ${clock}`}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onEditorKey}
              rows={Math.min(8, Math.max(2, Math.ceil(draft.length / 80)))}
              disabled={busy === 'saving'}
            />
            <div className="segment-editor-actions">
              <button type="submit" className="primary" disabled={busy === 'saving' || !draft.trim()}>
                {busy === 'saving' ? 'Guardando…' : 'Guardar'}
              </button>
              <button type="button" onClick={closeEditor} disabled={busy === 'saving'}>
                Cancelar
              </button>
            </div>
          </form>
        ) : (
          <p className="segment-text">{segment.text}</p>
        )}
        {segment.originalText !== undefined && !editing && (
          <div className="segment-meta">
            <span className="segment-edited">corregido</span>
            <details className="segment-original">
              <summary>Ver transcripción original</summary>
              <p>{segment.originalText}</p>
            </details>
          </div>
        )}
        {(preparing || playNote) && (
          <p className="segment-note" role="status">
            {preparing ? 'Preparando el audio…' : playNote}
          </p>
        )}
        {error && (
          <div role="alert" className="segment-error">
            <p>{error}</p>
            <button type="button" className="quiet" onClick={() => setError(null)}>
              Cerrar aviso
            </button>
          </div>
        )}
      </div>
      {!editing && (
        <div className="segment-actions">
          <button
            ref={correctButton}
            type="button"
            className="quiet"
            aria-label={`Corregir ${clock}`}
            onClick={() => setDraft(segment.text.trim())}
            disabled={busy === 'retranscribing'}
          >
            Corregir
          </button>
          {busy === 'retranscribing' ? (
            <span className="segment-busy" role="status">
              Transcribiendo…
            </span>
          ) : (
            <button
              type="button"
              className="quiet"
              aria-label={`Transcribir de nuevo ${clock}`}
              onClick={() => void retranscribe()}
              disabled={!canRetranscribe}
            >
              Transcribir de nuevo
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** The row's visible content and the audio range its actions use; the stored object changes identity on every query. */
function sameSegment(a: TranscriptSegment, b: TranscriptSegment): boolean {
  return (
    a.id === b.id &&
    a.text === b.text &&
    a.originalText === b.originalText &&
    a.startMs === b.startMs &&
    a.startSample === b.startSample &&
    a.endSample === b.endSample &&
    a.role === b.role &&
    a.roleSource === b.roleSource
  );
}

/**
 * One transcript segment: its time (plays the audio from there), who said it, its text, the
 * doctor's correction and a new transcription. Memoised on content: a live query hands back new objects for every
 * segment whenever one changes, and a long consultation has hundreds.
 */
export const TranscriptSegmentRow = memo(
  SegmentRow,
  (before, after) =>
    before.actions === after.actions &&
    before.canRetranscribe === after.canRetranscribe &&
    before.highlighted === after.highlighted &&
    sameSegment(before.segment, after.segment),
);
