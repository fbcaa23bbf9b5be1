#!/usr/bin/env node
// Writes models/catalog.schema.json from the zod definition in src/model-manager/catalogSchema.ts,
// so the format has one source of truth. catalogSchema.test.ts fails when the committed file is stale.
// Usage: node scripts/generate-catalog-schema.mjs [--check]
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}models/catalog.schema.json`;
const { module } = await runnerImport(`${root}src/model-manager/catalogJsonSchema.ts`, {
  root,
  configFile: false,
  logLevel: 'error',
});
const text = module.catalogJsonSchemaText();

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error('models/catalog.schema.json is stale: run node scripts/generate-catalog-schema.mjs');
    process.exit(1);
  }
  console.log('models/catalog.schema.json is up to date');
} else {
  await writeFile(target, text);
  console.log(`wrote ${target}`);
}
