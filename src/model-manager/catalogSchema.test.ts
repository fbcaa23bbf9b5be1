import { describe, expect, it } from 'vitest';
import committedSchema from '../../models/catalog.schema.json?raw';
import { catalogJsonSchemaText } from './catalogJsonSchema';

describe('models/catalog.schema.json', () => {
  it('is what the zod definition generates (regenerate: node scripts/generate-catalog-schema.mjs)', () => {
    expect(committedSchema).toBe(catalogJsonSchemaText());
  });

  it('describes the committed catalogue format: strict objects, both engines, nullable host facts', () => {
    const schema: unknown = JSON.parse(committedSchema);
    const text = JSON.stringify(schema);
    expect(text).toContain('"additionalProperties":false');
    expect(text).toContain('"const":"transformers.js"');
    expect(text).toContain('"const":"web-llm"');
    expect(text).toContain('"pattern":"^[0-9a-f]{64}$"');
  });
});
