import type { ReactNode } from 'react';
import type { NoteTemplate } from '../storage/types';

/** What is being written right now, for the status line. */
export interface NoteRunView {
  /** "Redactando (parte 2 de 5)", "Cargando el modelo de texto (40 %)". */
  label: string;
  /** "312 tokens · 14,2 tokens/s", once tokens flow. */
  detail: string | null;
}

interface Props {
  templates: readonly NoteTemplate[];
  templateId: string;
  onTemplate(id: string): void;
  /** Why "Generar nota" cannot be used now (shown under it), or null when it can. */
  blocked: ReactNode | null;
  generateLabel: string;
  onGenerate(): void;
  running: NoteRunView | null;
  onCancel(): void;
  /** A note about the result, e.g. "Nota generada en 42 s · 18,3 tokens/s". */
  outcome: string | null;
  templatesOpen: boolean;
  onToggleTemplates(): void;
}

/**
 * Choosing the template and asking for a note: "Plantilla", "Generar nota", and while it runs the
 * phase, tokens and tokens/s with "Cancelar". The status line is always mounted, so screen readers
 * hear each phase change.
 */
export function NoteGenerateBar(props: Props) {
  const { templates, templateId, blocked, running } = props;
  const builtIns = templates.filter((t) => t.builtIn);
  const own = templates.filter((t) => !t.builtIn);
  return (
    <div className="note-generate">
      <div className="note-generate-row">
        <label className="note-template-select">
          Plantilla
          <select value={templateId} onChange={(e) => props.onTemplate(e.target.value)} disabled={running !== null}>
            <optgroup label="De Escriba">
              {builtIns.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </optgroup>
            {own.length > 0 && (
              <optgroup label="Mis plantillas">
                {own.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {running ? (
          <button type="button" onClick={props.onCancel}>
            Cancelar
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={props.onGenerate}
            disabled={blocked !== null}
            aria-describedby={blocked !== null ? 'note-generate-blocked' : undefined}
          >
            {props.generateLabel}
          </button>
        )}
        <button type="button" className="quiet" aria-expanded={props.templatesOpen} onClick={props.onToggleTemplates}>
          Plantillas
        </button>
      </div>
      {blocked !== null && !running && (
        <p id="note-generate-blocked" className="hint">
          {blocked}
        </p>
      )}
      <p role="status" className="note-status">
        {running ? (
          <>
            <span className="note-status-phase">{running.label}…</span>
            {running.detail && <span className="note-status-detail"> {running.detail}</span>}
          </>
        ) : (
          props.outcome
        )}
      </p>
    </div>
  );
}
