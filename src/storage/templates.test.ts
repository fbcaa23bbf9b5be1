import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES } from '../notes/templates';
import { EscribaDatabase } from './schema';
import { InvalidTemplateError, TemplateNotFoundError, TemplateReadOnlyError, TemplateRepository } from './templates';

let database: EscribaDatabase;
let templates: TemplateRepository;

beforeEach(() => {
  database = new EscribaDatabase(`templates-test-${crypto.randomUUID()}`);
  templates = new TemplateRepository(database);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

const builtInIds = BUILT_IN_TEMPLATES.map((t) => t.id);

describe('TemplateRepository', () => {
  it('lists the built-ins from code on an empty database, without writing them', async () => {
    expect((await templates.list()).map((t) => t.id)).toEqual(builtInIds);
    expect(await database.templates.count()).toBe(0);
    expect(await templates.get('soap')).toMatchObject({ name: 'SOAP', builtIn: true });
  });

  it('creates the doctor’s templates with derived section ids, listed after the built-ins by name', async () => {
    const b = await templates.create({ name: 'Psiquiatría', sections: [{ title: 'Examen mental', guidance: 'Lo observado.' }] });
    const a = await templates.create({ name: ' Dermatología ', sections: [{ title: 'Lesiones', guidance: '' }] });
    expect(a).toMatchObject({ name: 'Dermatología', builtIn: false, sections: [{ id: 'lesiones', title: 'Lesiones' }] });
    expect(b.id).toMatch(/^propia-/);
    expect((await templates.list()).map((t) => t.name).slice(builtInIds.length)).toEqual(['Dermatología', 'Psiquiatría']);
  });

  it('refuses an invalid template with every problem in Spanish', async () => {
    const error = await templates
      .create({ name: '', sections: [{ title: 'Plan', guidance: '' }, { title: 'plan', guidance: '' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTemplateError);
    expect((error as InvalidTemplateError).problems).toEqual([
      'La plantilla necesita un nombre.',
      'Sección 2: «plan» se llama igual que la sección 1.',
    ]);
    expect(await database.templates.count()).toBe(0);
  });

  it('edits and deletes the doctor’s templates, never the built-ins', async () => {
    const own = await templates.create({ name: 'Mía', sections: [{ title: 'Uno', guidance: '' }] });
    const edited = await templates.update(own.id, { name: 'Mía 2', sections: [{ title: 'Uno', guidance: 'g' }, { title: 'Dos', guidance: '' }] });
    expect(await templates.get(own.id)).toEqual(edited);
    expect(edited.sections.map((s) => s.id)).toEqual(['uno', 'dos']);

    await expect(templates.update('soap', { name: 'x', sections: [{ title: 'y', guidance: '' }] })).rejects.toBeInstanceOf(
      TemplateReadOnlyError,
    );
    await expect(templates.delete('soap')).rejects.toBeInstanceOf(TemplateReadOnlyError);
    await expect(templates.update('propia-nadie', { name: 'x', sections: [{ title: 'y', guidance: '' }] })).rejects.toBeInstanceOf(
      TemplateNotFoundError,
    );

    await templates.delete(own.id);
    expect(await templates.get(own.id)).toBeUndefined();
    expect((await templates.list()).map((t) => t.id)).toEqual(builtInIds);
  });

  it('duplicates a built-in into an editable template of the doctor’s', async () => {
    const copy = await templates.duplicate('pediatria');
    expect(copy).toMatchObject({ name: 'Pediatría (copia)', builtIn: false });
    expect(copy.sections.map((s) => s.title)).toEqual(BUILT_IN_TEMPLATES.find((t) => t.id === 'pediatria')!.sections.map((s) => s.title));
  });

  it('ignores a stored row that claims a built-in id: the shipped built-in wins', async () => {
    await database.templates.put({ id: 'soap', name: 'SOAP viejo', sections: [], builtIn: true });
    expect((await templates.list()).filter((t) => t.id === 'soap')).toEqual([BUILT_IN_TEMPLATES.find((t) => t.id === 'soap')]);
  });
});
