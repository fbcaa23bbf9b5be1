import { useState, type FormEvent, type ReactNode } from 'react';
import { DOCUMENT_TITLES, parseDocument, type DocumentContent, type MedicationToTake } from '../notes/documents/documentSchema';

interface Props {
  document: DocumentContent;
  /** Resolves to a Spanish message when it was not saved, null when it was. */
  onSave(document: DocumentContent): Promise<string | null>;
  onCancel(): void;
}

type MedicationDraft = Record<keyof MedicationToTake, string>;

/** Every field as the doctor types it: lists one item per line, empty text as null. */
interface Draft {
  medications: MedicationDraft[];
  fields: Record<string, string>;
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const orNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

type FieldKind = 'line' | 'text' | 'list';

/** The fields after «Qué tomar», in the sheet's order: a one-line text, a longer text, or a list (one item per line). */
const FIELDS: Record<DocumentContent['kind'], readonly (readonly [string, string, FieldKind])[]> = {
  instrucciones: [
    ['stopTaking', 'Dejar de tomar (uno por renglón)', 'list'],
    ['whenToReturn', 'Cuándo volver', 'line'],
    ['alarmSigns', 'Signos de alarma (uno por renglón)', 'list'],
    ['care', 'Cuidados (uno por renglón)', 'list'],
  ],
  derivacion: [
    ['recipient', 'Destinatario (especialidad o servicio)', 'line'],
    ['reason', 'Motivo de la derivación', 'text'],
    ['summary', 'Resumen', 'text'],
    ['currentMedications', 'Medicación actual (uno por renglón)', 'list'],
    ['studies', 'Estudios (uno por renglón)', 'list'],
    ['question', 'Pregunta al especialista', 'text'],
  ],
};

function toDraft(document: DocumentContent): Draft {
  const content = document.content as unknown as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [key, , kind] of FIELDS[document.kind]) {
    fields[key] = kind === 'list' ? ((content[key] as string[] | undefined) ?? []).join('\n') : ((content[key] as string | null) ?? '');
  }
  const medications =
    document.kind === 'instrucciones'
      ? document.content.medications.map((m) => ({ name: m.name, dose: m.dose ?? '', howToTake: m.howToTake ?? '', duration: m.duration ?? '' }))
      : [];
  return { medications, fields };
}

function fromDraft(kind: DocumentContent['kind'], draft: Draft): unknown {
  const value: Record<string, unknown> = {};
  for (const [key, , fieldKind] of FIELDS[kind]) value[key] = fieldKind === 'list' ? lines(draft.fields[key] ?? '') : orNull(draft.fields[key]);
  if (kind === 'instrucciones') {
    value.medications = draft.medications
      .filter((m) => Object.values(m).some((v) => v.trim()))
      .map((m) => ({ name: m.name.trim(), dose: orNull(m.dose), howToTake: orNull(m.howToTake), duration: orNull(m.duration) }));
  }
  return value;
}

const MEDICATION_FIELDS: [keyof MedicationToTake, string][] = [
  ['name', 'Medicamento'],
  ['dose', 'Dosis'],
  ['howToTake', 'Cómo tomarlo'],
  ['duration', 'Duración'],
];

/** Edit a document; saving makes a new version (the one edited stays as it was). */
export function DocumentEditor({ document, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(document));
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const setField = (key: string, value: string) => setDraft((d) => ({ ...d, fields: { ...d.fields, [key]: value } }));
  const setMedication = (index: number, key: keyof MedicationToTake, value: string) =>
    setDraft((d) => ({ ...d, medications: d.medications.map((m, i) => (i === index ? { ...m, [key]: value } : m)) }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDocument(document.kind, fromDraft(document.kind, draft));
    if (!parsed.ok) return setProblems(parsed.problems);
    setProblems([]);
    setSaving(true);
    const failure = await onSave(parsed.document);
    setSaving(false);
    if (failure) setProblems([failure]);
  };

  const field = (key: string, label: string, kind: FieldKind): ReactNode => (
    <label key={key} className="document-edit-field">
      {label}
      {kind !== 'line' ? (
        <textarea rows={Math.min(8, Math.max(2, (draft.fields[key] ?? '').split('\n').length + 1))} value={draft.fields[key] ?? ''} onChange={(e) => setField(key, e.target.value)} />
      ) : (
        <input type="text" value={draft.fields[key] ?? ''} onChange={(e) => setField(key, e.target.value)} />
      )}
    </label>
  );

  return (
    <form className="document-editor" aria-label={`Editar ${DOCUMENT_TITLES[document.kind]}`} onSubmit={(event) => void save(event)}>
      {document.kind === 'instrucciones' && (
        <fieldset className="document-edit-medications">
          <legend>Qué tomar</legend>
          {draft.medications.map((m, i) => (
            <div key={i} className="document-edit-medication" role="group" aria-label={`Medicamento ${i + 1}`}>
              {MEDICATION_FIELDS.map(([key, label]) => (
                <label key={key}>
                  {label}
                  <input type="text" value={m[key]} onChange={(e) => setMedication(i, key, e.target.value)} />
                </label>
              ))}
              <button type="button" className="quiet" onClick={() => setDraft((d) => ({ ...d, medications: d.medications.filter((_, k) => k !== i) }))}>
                Quitar
              </button>
            </div>
          ))}
          <button
            type="button"
            className="quiet"
            onClick={() => setDraft((d) => ({ ...d, medications: [...d.medications, { name: '', dose: '', howToTake: '', duration: '' }] }))}
          >
            Agregar medicamento
          </button>
        </fieldset>
      )}
      {FIELDS[document.kind].map(([key, label, kind]) => field(key, label, kind))}
      {problems.length > 0 && (
        <div role="alert" className="alert alert-error">
          <p>No se guardó:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="document-edit-actions">
        <button type="submit" className="primary" disabled={saving}>
          Guardar versión
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
