import { useState, type FormEvent } from 'react';
import { VITAL_LABELS } from '../notes/grounding';
import { DIAGNOSIS_CERTAINTIES, MEDICATION_ACTIONS, VITAL_UNITS, type ClinicalNote } from '../notes/noteSchema';
import type { NoteTemplateSnapshot } from '../storage/types';
import { fromDraft, toDraft, type DiagnosisDraft, type MedicationDraft, type NoteDraft, type VitalsDraft } from './NoteDraft';
import { noteSections } from './NoteLines';
import { NoteListEditor } from './NoteListEditor';
import { NoteFormFooter } from './NoteFormFooter';

interface Props {
  note: ClinicalNote;
  template: Pick<NoteTemplateSnapshot, 'sections'>;
  /** "Guardar versión" or "Guardar corrección". */
  saveLabel: string;
  /** Resolves to a Spanish message when it was not saved, null when it was. */
  onSave(note: ClinicalNote): Promise<string | null>;
  onCancel(): void;
}

const VITAL_FIELDS: { key: Exclude<keyof VitalsDraft, 'evidence'>; label: string }[] = [
  { key: 'systolic', label: 'Presión sistólica (mmHg)' },
  { key: 'diastolic', label: 'Presión diastólica (mmHg)' },
  ...(['heartRate', 'respiratoryRate', 'temperature', 'spo2', 'weight', 'height'] as const).map((key) => ({
    key,
    label: `${VITAL_LABELS[key]} (${VITAL_UNITS[key]})`,
  })),
];

const text = () => ({ text: '', evidence: [] });

/**
 * Every field of the note, editable. Saving makes a new version (the one edited stays as it was);
 * a field the note schema refuses is listed and nothing is saved.
 */
export function NoteEditor({ note, template, saveLabel, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState<NoteDraft>(() => toDraft(note));
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof NoteDraft>(key: K) => (value: NoteDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = fromDraft(draft);
    if (!result.ok) return setProblems(result.problems);
    setProblems([]);
    setSaving(true);
    const failure = await onSave(result.note);
    setSaving(false);
    if (failure) setProblems([failure]);
  };

  return (
    <form className="note-editor" aria-label="Editar nota" onSubmit={(event) => void save(event)}>
      {noteSections(note, template).map(({ id, title }) => (
        <label key={id} className="note-edit-section">
          {title}
          <textarea
            rows={Math.min(10, Math.max(3, Math.ceil((draft.sections[id]?.text.length ?? 0) / 90)))}
            value={draft.sections[id]?.text ?? ''}
            onChange={(e) => set('sections')({ ...draft.sections, [id]: { text: e.target.value, evidence: draft.sections[id]?.evidence ?? [] } })}
          />
        </label>
      ))}
      <NoteListEditor
        title="Medicación"
        itemName="Medicamento"
        items={draft.medications}
        onChange={set('medications')}
        blank={(): MedicationDraft => ({ name: '', dose: '', route: '', frequency: '', duration: '', action: 'inicia', evidence: [] })}
        fields={[
          { key: 'name', label: 'Nombre', wide: true },
          { key: 'dose', label: 'Dosis' },
          { key: 'route', label: 'Vía' },
          { key: 'frequency', label: 'Frecuencia' },
          { key: 'duration', label: 'Duración' },
          { key: 'action', label: 'Acción', options: MEDICATION_ACTIONS },
        ]}
      />
      <NoteListEditor
        title="Alergias"
        itemName="Alergia"
        items={draft.allergies}
        onChange={set('allergies')}
        blank={() => ({ substance: '', reaction: '', evidence: [] })}
        fields={[
          { key: 'substance', label: 'Sustancia', wide: true },
          { key: 'reaction', label: 'Reacción', wide: true },
        ]}
      />
      <NoteListEditor
        title="Negativos pertinentes"
        itemName="Negativo"
        items={draft.pertinentNegatives}
        onChange={set('pertinentNegatives')}
        blank={text}
        fields={[{ key: 'text', label: 'Dato negado', wide: true }]}
      />
      <NoteListEditor
        title="Diagnósticos (CIE-10)"
        itemName="Diagnóstico"
        items={draft.diagnoses}
        onChange={set('diagnoses')}
        blank={(): DiagnosisDraft => ({ text: '', cie10: '', certainty: 'presuntivo', evidence: [] })}
        fields={[
          { key: 'text', label: 'Diagnóstico', wide: true },
          { key: 'cie10', label: 'Código CIE-10' },
          { key: 'certainty', label: 'Certeza', options: DIAGNOSIS_CERTAINTIES },
        ]}
      />
      <fieldset className="note-edit-group note-edit-vitals">
        <legend>Signos vitales</legend>
        <div className="note-edit-fields">
          {VITAL_FIELDS.map(({ key, label }) => (
            <label key={key}>
              {label}
              <input
                type="text"
                inputMode="decimal"
                value={draft.vitals[key]}
                onChange={(e) => set('vitals')({ ...draft.vitals, [key]: e.target.value })}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <NoteListEditor title="Estudios" itemName="Estudio" items={draft.orders} onChange={set('orders')} blank={text} fields={[{ key: 'text', label: 'Estudio', wide: true }]} />
      <NoteListEditor
        title="Derivaciones"
        itemName="Derivación"
        items={draft.referrals}
        onChange={set('referrals')}
        blank={() => ({ specialty: '', reason: '', evidence: [] })}
        fields={[
          { key: 'specialty', label: 'Especialidad' },
          { key: 'reason', label: 'Motivo', wide: true },
        ]}
      />
      <label className="note-edit-section">
        Control
        <input type="text" value={draft.followUp.text} onChange={(e) => set('followUp')({ ...draft.followUp, text: e.target.value })} />
      </label>
      <NoteListEditor
        title="Indicaciones"
        itemName="Indicación"
        items={draft.patientInstructions}
        onChange={set('patientInstructions')}
        blank={text}
        fields={[{ key: 'text', label: 'Indicación', wide: true }]}
      />
      <NoteFormFooter problems={problems} saveLabel={saveLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}
