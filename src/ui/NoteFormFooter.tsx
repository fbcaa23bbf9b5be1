interface Props {
  /** Spanish, one per line; nothing is shown when empty. */
  problems: readonly string[];
  saveLabel: string;
  saving: boolean;
  onCancel(): void;
}

/** The end of the note and template editors: why it was not saved, then save and "Cancelar". */
export function NoteFormFooter({ problems, saveLabel, saving, onCancel }: Props) {
  return (
    <>
      {problems.length > 0 && (
        <div role="alert" className="alert alert-error">
          <ul className="note-problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="note-editor-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Guardando…' : saveLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancelar
        </button>
      </div>
    </>
  );
}
