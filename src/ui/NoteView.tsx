import { memo, type ReactNode } from 'react';
import type { ClinicalNote } from '../notes/noteSchema';
import type { NoteFinding, NoteTemplateSnapshot } from '../storage/types';
import { NoteItem, type EvidenceActions } from './NoteItem';
import { noteGroups, noteSections } from './NoteLines';

interface Props {
  note: ClinicalNote;
  template: Pick<NoteTemplateSnapshot, 'sections'>;
  /** "Revisar" findings by grounding path; empty for a signed note (the doctor has decided). */
  reviews: ReadonlyMap<string, NoteFinding>;
  /** The grounding path of the item whose evidence is highlighted. */
  selected: string | null;
  actions: EvidenceActions;
  /** Beside each section title, e.g. "Regenerar sección"; absent when the note cannot change. */
  sectionAction?: (sectionId: string, title: string) => ReactNode;
}

/**
 * The note to read: narrative sections with their titles, then Medicación, Alergias, Negativos
 * pertinentes, Diagnósticos, Signos vitales, Estudios, Derivaciones, Control and Indicaciones.
 * Empty parts say so rather than vanish: "no se registraron alergias" is itself something the doctor
 * checks. Memoised: the panel re-renders on every token while a note is being written, and the note
 * on screen does not change.
 */
export const NoteView = memo(function NoteView({ note, template, reviews, selected, actions, sectionAction }: Props) {
  return (
    <div className="note-view">
      {noteSections(note, template).map(({ id, title, line }) => (
        <section key={id} className="note-section" aria-labelledby={`note-section-${id}`}>
          <div className="note-section-header">
            <h3 id={`note-section-${id}`}>{title}</h3>
            {sectionAction?.(id, title)}
          </div>
          {line.text ? (
            <NoteItem as="div" paragraph line={line} review={reviews.get(line.path)} selected={selected === line.path} actions={actions} />
          ) : (
            <p className="note-none">Sin datos en la consulta.</p>
          )}
        </section>
      ))}
      <div className="note-groups">
        {noteGroups(note).map((group) => (
          <section key={group.id} className="note-group" aria-labelledby={`note-group-${group.id}`}>
            <h3 id={`note-group-${group.id}`}>{group.title}</h3>
            {group.lines.length > 0 ? (
              <ul className="note-list">
                {group.lines.map((line) => (
                  <NoteItem key={line.path} line={line} review={reviews.get(line.path)} selected={selected === line.path} actions={actions} />
                ))}
              </ul>
            ) : (
              <p className="note-none">No se registró.</p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
});
