import { useState } from 'react';
import type { TemplateDraft } from '../notes/templates';
import type { NoteTemplate } from '../storage/types';
import { TemplateEditor } from './TemplateEditor';

/** Each resolves to Spanish problems when it did not happen, null when it did. */
export interface TemplateActions {
  create(draft: TemplateDraft): Promise<string[] | null>;
  update(id: string, draft: TemplateDraft): Promise<string[] | null>;
  duplicate(id: string): Promise<string[] | null>;
  remove(id: string): Promise<string[] | null>;
}

interface Props {
  templates: readonly NoteTemplate[];
  actions: TemplateActions;
  onClose(): void;
}

type Editing = { kind: 'new' } | { kind: 'edit'; template: NoteTemplate } | null;

/**
 * "Plantillas": the ones that come with Escriba (duplicate to adapt them) and the doctor's own
 * (edit, duplicate, delete), and "Nueva plantilla". Notes keep their template as it was, so
 * changing or deleting one never alters a note already written.
 */
export function TemplateManager({ templates, actions, onClose }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const act = async (action: () => Promise<string[] | null>) => {
    setConfirmDelete(null);
    setProblems((await action()) ?? []);
  };

  if (editing) {
    const done = (result: string[] | null) => {
      if (result === null) setEditing(null);
      return result;
    };
    return editing.kind === 'new' ? (
      <TemplateEditor
        heading="Nueva plantilla"
        initial={{ name: '', sections: [] }}
        onSave={async (draft) => done(await actions.create(draft))}
        onCancel={() => setEditing(null)}
      />
    ) : (
      <TemplateEditor
        heading={`Editar «${editing.template.name}»`}
        initial={editing.template}
        onSave={async (draft) => done(await actions.update(editing.template.id, draft))}
        onCancel={() => setEditing(null)}
      />
    );
  }

  return (
    <section className="template-manager" aria-labelledby="template-manager-title">
      <div className="note-section-header">
        <h3 id="template-manager-title">Plantillas</h3>
        <button type="button" className="quiet" onClick={onClose}>
          Cerrar plantillas
        </button>
      </div>
      <ul className="template-list">
        {templates.map((template) => (
          <li key={template.id}>
            <span className="template-list-name">{template.name}</span>
            <span className="template-list-meta">
              {template.sections.length} {template.sections.length === 1 ? 'sección' : 'secciones'}
              {template.builtIn ? ' · de Escriba' : ''}
            </span>
            <span className="template-list-actions">
              {confirmDelete === template.id ? (
                <>
                  <span>¿Eliminar?</span>
                  <button type="button" className="quiet" onClick={() => void act(() => actions.remove(template.id))}>
                    Sí, eliminar
                  </button>
                  <button type="button" className="quiet" onClick={() => setConfirmDelete(null)}>
                    No
                  </button>
                </>
              ) : (
                <>
                  {!template.builtIn && (
                    <button type="button" className="quiet" aria-label={`Editar ${template.name}`} onClick={() => setEditing({ kind: 'edit', template })}>
                      Editar
                    </button>
                  )}
                  <button type="button" className="quiet" aria-label={`Duplicar ${template.name}`} onClick={() => void act(() => actions.duplicate(template.id))}>
                    Duplicar
                  </button>
                  {!template.builtIn && (
                    <button type="button" className="quiet" aria-label={`Eliminar ${template.name}`} onClick={() => setConfirmDelete(template.id)}>
                      Eliminar
                    </button>
                  )}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <div role="alert" className="alert alert-error">
          <p>{problems.join(' ')}</p>
        </div>
      )}
      <button type="button" onClick={() => setEditing({ kind: 'new' })}>
        Nueva plantilla
      </button>
    </section>
  );
}
