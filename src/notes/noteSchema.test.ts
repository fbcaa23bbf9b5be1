import { describe, expect, it } from 'vitest';
import { emptyNote, noteJsonSchema, noteSchemaFor, parseNote, type ClinicalNote } from './noteSchema';
import { EXAMPLE_NOTE, EXAMPLE_TEMPLATE } from './promptExample';
import { BUILT_IN_TEMPLATES, builtInTemplate } from './templates';

const SOAP = builtInTemplate('soap')!;

/** Keywords web-llm's xgrammar takes without question; anything else must stay a zod refinement. */
const PLAIN_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'anyOf', 'description']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every schema node in `schema`, with its path. */
function nodes(schema: unknown, path = '#'): { path: string; node: Record<string, unknown> }[] {
  if (!isObject(schema)) return [];
  const children: { path: string; node: Record<string, unknown> }[] = [{ path, node: schema }];
  if (isObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) children.push(...nodes(child, `${path}/${key}`));
  }
  if (schema.items) children.push(...nodes(schema.items, `${path}/items`));
  if (Array.isArray(schema.anyOf)) schema.anyOf.forEach((child, i) => children.push(...nodes(child, `${path}/anyOf${i}`)));
  return children;
}

/** A validator for exactly the plain subset, to prove the grammar's schema accepts what zod accepts. */
function conforms(schema: Record<string, unknown>, value: Json): boolean {
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((option) => isObject(option) && conforms(option, value));
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  // zod writes a nullable string as `type: ["string", "null"]`.
  if (Array.isArray(schema.type)) return schema.type.some((type) => conforms({ ...schema, type }, value));
  switch (schema.type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value) && isObject(schema.items) && value.every((item) => conforms(schema.items as Record<string, unknown>, item));
    case 'object': {
      if (!isObject(value) || !isObject(schema.properties) || !Array.isArray(schema.required)) return false;
      const properties = schema.properties;
      if (Object.keys(value).some((key) => !(key in properties))) return false;
      if (schema.required.some((key) => !(String(key) in value))) return false;
      return Object.entries(value).every(([key, child]) => isObject(properties[key]) && conforms(properties[key], child as Json));
    }
    default:
      return false;
  }
}

describe('noteJsonSchema', () => {
  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))('«%s» uses only plain keywords, every property required', (_, template) => {
    const all = nodes(noteJsonSchema(template));
    expect(all.length).toBeGreaterThan(40);
    for (const { path, node } of all) {
      expect(Object.keys(node).filter((key) => !PLAIN_KEYWORDS.has(key)), path).toEqual([]);
      if (node.type === 'object') {
        expect(node.additionalProperties, path).toBe(false);
        expect([...(node.required as string[])].sort(), path).toEqual(Object.keys(node.properties as object).sort());
      }
    }
  });

  it("gives `sections` exactly the template's section ids, in order", () => {
    const schema = noteJsonSchema(SOAP);
    const sections = (schema.properties as Record<string, Record<string, unknown>>).sections!;
    expect(Object.keys(sections.properties as object)).toEqual(['subjetivo', 'objetivo', 'evaluacion', 'plan']);
    expect(sections.required).toEqual(['subjetivo', 'objetivo', 'evaluacion', 'plan']);
  });

  it('lists the fixed structured fields with their enums', () => {
    const text = JSON.stringify(noteJsonSchema(SOAP));
    expect(text).toContain('"enum":["continúa","inicia","suspende","modifica","mencionada"]');
    expect(text).toContain('"enum":["presuntivo","confirmado","descartado"]');
    const properties = Object.keys(noteJsonSchema(SOAP).properties as object);
    expect(properties).toEqual([
      'sections',
      'medications',
      'allergies',
      'diagnoses',
      'vitals',
      'orders',
      'referrals',
      'followUp',
      'patientInstructions',
      'pertinentNegatives',
    ]);
  });

  it('accepts what the validator accepts (the worked example, an empty note) and refuses a missing section', () => {
    const schema = noteJsonSchema(EXAMPLE_TEMPLATE);
    expect(conforms(schema, EXAMPLE_NOTE as unknown as Json)).toBe(true);
    expect(conforms(schema, emptyNote(EXAMPLE_TEMPLATE) as unknown as Json)).toBe(true);
    const { plan: _plan, ...onlyMotivo } = EXAMPLE_NOTE.sections;
    expect(conforms(schema, { ...EXAMPLE_NOTE, sections: onlyMotivo } as unknown as Json)).toBe(false);
  });

  it('can restrict evidence to the ids in the prompt, so the grammar cannot cite a segment that does not exist', () => {
    const schema = noteJsonSchema(EXAMPLE_TEMPLATE, { evidenceIds: ['s1', 's2', 's3', 's4', 's5', 's6'] });
    expect(JSON.stringify(schema)).toContain('"items":{"type":"string","enum":["s1","s2","s3","s4","s5","s6"]}');
    expect(conforms(schema, EXAMPLE_NOTE as unknown as Json)).toBe(true);
    const cited = { ...EXAMPLE_NOTE, orders: [{ text: 'Hemograma', evidence: ['s9'] }] };
    expect(conforms(schema, cited as unknown as Json)).toBe(false);
    expect(noteSchemaFor(EXAMPLE_TEMPLATE, { evidenceIds: ['s1'] }).safeParse(cited).success).toBe(false);
    expect(() => noteJsonSchema(EXAMPLE_TEMPLATE, { evidenceIds: [] })).toThrow(RangeError);
  });
});

describe('parseNote', () => {
  const note = (): ClinicalNote => structuredClone(EXAMPLE_NOTE);

  it('accepts a valid note, with and without its template', () => {
    expect(parseNote(note(), EXAMPLE_TEMPLATE)).toEqual({ ok: true, note: EXAMPLE_NOTE });
    expect(parseNote(note()).ok).toBe(true);
    expect(parseNote(emptyNote(SOAP), SOAP).ok).toBe(true);
  });

  it("refuses sections that are not the template's, naming them", () => {
    const result = parseNote({ ...note(), sections: { motivo: { text: 'x', evidence: [] }, otra: { text: '', evidence: [] } } }, EXAMPLE_TEMPLATE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain('secciones › «plan»');
    expect(result.problems.join('\n')).toContain('otra');
  });

  it('says in Spanish where each problem is', () => {
    const bad = note();
    bad.medications[0] = { ...bad.medications[0]!, action: 'receta' as never, name: '  ' };
    bad.vitals.temperature = { value: 385, evidence: ['s4'] };
    bad.vitals.bloodPressure = { systolic: 80, diastolic: 120, evidence: ['s4'] };
    bad.diagnoses[0] = { ...bad.diagnoses[0]!, cie10: 'faringitis' };
    const result = parseNote(bad, EXAMPLE_TEMPLATE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'medicamentos 1 › nombre: No puede estar vacío.',
        expect.stringMatching(/^medicamentos 1 › acción: /),
        'signos vitales › temperatura › valor: Debe estar entre 30 y 45 °C.',
        'signos vitales › presión arterial: La sistólica debe ser mayor que la diastólica.',
        'diagnósticos 1 › CIE-10: El código CIE-10 debe tener la forma «J02» o «J02.9».',
      ]),
    );
  });

  it('reads a note stored before pertinent negatives existed as having none; the model must always answer the list', () => {
    const { pertinentNegatives: _negatives, ...old } = note();
    expect(parseNote(old)).toEqual({ ok: true, note: { ...EXAMPLE_NOTE, pertinentNegatives: [] } });
    expect(noteJsonSchema(EXAMPLE_TEMPLATE).required).toContain('pertinentNegatives');
    expect(parseNote(old, EXAMPLE_TEMPLATE).ok).toBe(false);
    const blank = parseNote({ ...note(), pertinentNegatives: [{ text: ' ', evidence: [] }] });
    expect(!blank.ok && blank.problems).toEqual(['negativos pertinentes 1 › texto: No puede estar vacío.']);
  });

  it('refuses fields the schema does not have and values of the wrong type', () => {
    const result = parseNote({ ...note(), summary: 'x', medications: 'ibuprofeno' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.some((p) => p.startsWith('medicamentos: '))).toBe(true);
    expect(result.problems.some((p) => p.includes('summary'))).toBe(true);
  });
});
