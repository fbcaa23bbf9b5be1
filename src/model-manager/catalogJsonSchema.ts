/** The JSON Schema text of the catalogue format, as committed in models/catalog.schema.json. */
import { z } from '../shared/zod';
import { CatalogSchema } from './catalogSchema';

export function catalogJsonSchemaText(): string {
  // `input`: the schema describes what authors write (optional `$schema`), not the parsed value.
  const schema = z.toJSONSchema(CatalogSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
