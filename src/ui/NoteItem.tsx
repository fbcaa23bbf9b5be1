import { useState } from 'react';
import type { NoteFinding } from '../storage/types';
import type { NoteLine } from './NoteLines';

/** What an item can ask of the screen about the transcript it cites. */
export interface EvidenceActions {
  /** Highlights the cited segments in the transcript (and un-highlights when `line` is null). */
  select(line: NoteLine | null): void;
  /** "0:03, 0:09": the cited segments as the transcript shows them. */
  describe(evidence: readonly string[]): string;
  /** Plays the audio from the first cited segment; a Spanish reason when it cannot. */
  play(evidence: readonly string[]): Promise<string | null>;
}

interface Props {
  line: NoteLine;
  /** A "revisar" finding for this item, if grounding flagged it. */
  review: NoteFinding | undefined;
  selected: boolean;
  actions: EvidenceActions;
  as?: 'li' | 'div';
  /** Narrative sections read as paragraphs; list items as one line. */
  paragraph?: boolean;
}

/**
 * One statement of the note. Clicking it shows where it was said: the transcript highlights the
 * cited segments, and the item offers their times and "Escuchar". A grounding flag shows as
 * "Revisar" with its reason, always visible: the doctor should not have to hunt for it.
 */
export function NoteItem({ line, review, selected, actions, as: Tag = 'li', paragraph = false }: Props) {
  const [playNote, setPlayNote] = useState<string | null>(null);
  const cited = line.evidence.length > 0;
  const play = async () => {
    setPlayNote(null);
    setPlayNote(await actions.play(line.evidence));
  };
  return (
    <Tag className={`note-item${review ? ' note-item-review' : ''}${selected ? ' note-item-selected' : ''}`}>
      <button
        type="button"
        className={`note-item-text${paragraph ? ' note-item-paragraph' : ''}`}
        aria-pressed={selected}
        onClick={() => {
          setPlayNote(null);
          actions.select(selected ? null : line);
        }}
      >
        {line.text}
      </button>
      {review && (
        <p className="note-review">
          <span className="note-review-badge">Revisar</span> {review.reason}
        </p>
      )}
      {selected && (
        <div className="note-evidence">
          <span>{cited ? `Dicho en ${actions.describe(line.evidence)}` : 'No cita ningún fragmento de la transcripción.'}</span>
          {cited && (
            <button type="button" className="quiet" onClick={() => void play()}>
              <span aria-hidden="true">▶ </span>Escuchar
            </button>
          )}
          {playNote && (
            <span role="status" className="note-evidence-note">
              {playNote}
            </span>
          )}
        </div>
      )}
    </Tag>
  );
}
