import { useState, type FormEvent } from 'react';
import { MAX_SECTION_GUIDANCE_CHARS, MAX_TEMPLATE_SECTIONS, type TemplateDraft } from '../notes/templates';
import { NoteFormFooter } from './NoteFormFooter';

interface Props {
  /** Empty for a new template. */
  initial: TemplateDraft;
  heading: string;
  /** Resolves to Spanish problems when not saved, null when saved. */
  onSave(draft: TemplateDraft): Promise<string[] | null>;
  onCancel(): void;
}

type SectionDraft = { title: string; guidance: string };

/**
 * A template's name and its sections (title and guidance for the model), in order. Validation is
 * the repository's (validateTemplate): its problems are listed here and nothing is saved.
 */
export function TemplateEditor({ initial, heading, onSave, onCancel }: Props) {
  const [name, setName] = useState(initial.name);
  const [sections, setSections] = useState<SectionDraft[]>(() =>
    initial.sections.length > 0 ? initial.sections.map((s) => ({ title: s.title, guidance: s.guidance })) : [{ title: '', guidance: '' }],
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const change = (index: number, patch: Partial<SectionDraft>) => setSections((list) => list.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) =>
    setSections((list) => {
      const next = [...list];
      const [moved] = next.splice(index, 1);
      if (moved) next.splice(index + by, 0, moved);
      return next;
    });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const failed = await onSave({ name, sections });
    setSaving(false);
    setProblems(failed ?? []);
  };

  return (
    <form className="template-editor" aria-label={heading} onSubmit={(event) => void save(event)}>
      <h3>{heading}</h3>
      <label className="template-name">
        Nombre de la plantilla
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <ol className="template-sections">
        {sections.map((section, index) => (
          <li key={index}>
            <fieldset>
              <legend>Sección {index + 1}</legend>
              <label>
                Título
                <input type="text" value={section.title} onChange={(e) => change(index, { title: e.target.value })} />
              </label>
              <label>
                Guía para el modelo
                <textarea
                  rows={2}
                  maxLength={MAX_SECTION_GUIDANCE_CHARS}
                  value={section.guidance}
                  onChange={(e) => change(index, { guidance: e.target.value })}
                />
              </label>
              <div className="template-section-actions">
                <button type="button" className="quiet" aria-label={`Subir sección ${index + 1}`} disabled={index === 0} onClick={() => move(index, -1)}>
                  Subir
                </button>
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Bajar sección ${index + 1}`}
                  disabled={index === sections.length - 1}
                  onClick={() => move(index, 1)}
                >
                  Bajar
                </button>
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Quitar sección ${index + 1}`}
                  disabled={sections.length === 1}
                  onClick={() => setSections((list) => list.filter((_, i) => i !== index))}
                >
                  Quitar
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={sections.length >= MAX_TEMPLATE_SECTIONS}
        onClick={() => setSections((list) => [...list, { title: '', guidance: '' }])}
      >
        Agregar sección
      </button>
      <NoteFormFooter problems={problems} saveLabel="Guardar plantilla" saving={saving} onCancel={onCancel} />
    </form>
  );
}
