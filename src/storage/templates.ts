/**
 * Note templates: the built-ins that ship with the app, then the doctor's own.
 *
 * Built-ins are merged in from code (notes/templates.ts), not seeded into the table: an app update
 * that improves a built-in's guidance reaches every doctor, and there is no seeding step that could
 * run twice or half. Their ids are reserved; a stored row with such an id is ignored. The doctor's
 * templates live in `templates`, always pass `validateTemplate`, and can be edited and deleted; a
 * built-in cannot, but can be duplicated into one of the doctor's. Notes keep a snapshot of their
 * template (NoteVersion.template), so editing or deleting a template never changes a note.
 */
import { BUILT_IN_TEMPLATES, builtInTemplate, validateTemplate, type TemplateDraft } from '../notes/templates';
import { EscribaError } from '../shared/errors';
import { guardQuota } from './quota';
import type { EscribaDatabase } from './schema';
import type { NoteTemplate } from './types';

/** The template does not pass validation; `problems` lists each reason in Spanish. */
export class InvalidTemplateError extends EscribaError {
  override name = 'InvalidTemplateError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}
/** Built-in templates ship with the app and cannot be changed or deleted (duplicate them instead). */
export class TemplateReadOnlyError extends EscribaError {
  override name = 'TemplateReadOnlyError';
}
export class TemplateNotFoundError extends EscribaError {
  override name = 'TemplateNotFoundError';
}

const DOCTOR_TEMPLATE_PREFIX = 'propia-';

export class TemplateRepository {
  constructor(private readonly database: EscribaDatabase) {}

  /** Built-ins in their shipped order, then the doctor's by name. */
  async list(): Promise<NoteTemplate[]> {
    const own = (await this.database.templates.toArray())
      .filter((t) => !t.builtIn && !builtInTemplate(t.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'es'));
    return [...BUILT_IN_TEMPLATES, ...own];
  }

  async get(id: string): Promise<NoteTemplate | undefined> {
    const builtIn = builtInTemplate(id);
    if (builtIn) return builtIn;
    const stored = await this.database.templates.get(id);
    return stored && !stored.builtIn ? stored : undefined;
  }

  async create(draft: TemplateDraft): Promise<NoteTemplate> {
    const template = validated(draft, `${DOCTOR_TEMPLATE_PREFIX}${crypto.randomUUID()}`);
    return guardQuota(() => this.database.templates.add(template).then(() => template));
  }

  /** A copy of any template (built-in or not) as one of the doctor's, named "… (copia)". */
  async duplicate(id: string): Promise<NoteTemplate> {
    const source = await this.get(id);
    if (!source) throw new TemplateNotFoundError(`Plantilla inexistente: ${id}`);
    return this.create({ name: `${source.name} (copia)`, sections: source.sections });
  }

  async update(id: string, draft: TemplateDraft): Promise<NoteTemplate> {
    if (builtInTemplate(id)) throw new TemplateReadOnlyError(`La plantilla ${id} viene con Escriba`);
    const template = validated(draft, id);
    return guardQuota(() =>
      this.database.transaction('rw', this.database.templates, async () => {
        if (!(await this.database.templates.get(id))) throw new TemplateNotFoundError(`Plantilla inexistente: ${id}`);
        await this.database.templates.put(template);
        return template;
      }),
    );
  }

  async delete(id: string): Promise<void> {
    if (builtInTemplate(id)) throw new TemplateReadOnlyError(`La plantilla ${id} viene con Escriba`);
    await this.database.templates.delete(id);
  }
}

function validated(draft: TemplateDraft, id: string): NoteTemplate {
  const result = validateTemplate(draft, id);
  if (!result.ok) throw new InvalidTemplateError('La plantilla no es válida', result.problems);
  return result.template;
}
