/** The served catalogue, read in Node: which models exist, by id and name, and which are fixtures. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelInfo } from '../../src/eval/report';
import { FIXTURE_MODELS_DIR } from '../../scripts/serve.mjs';

export interface CatalogEntry {
  id: string;
  name: string;
  task: 'speech' | 'llm';
}

export function readCatalog(modelsDir: string): CatalogEntry[] {
  const file = join(modelsDir, 'catalog.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`No se pudo leer ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const models = (json as { models?: unknown }).models;
  if (!Array.isArray(models)) throw new Error(`${file} no tiene la lista «models».`);
  return models.filter(
    (m): m is CatalogEntry => typeof m?.id === 'string' && typeof m?.name === 'string' && (m?.task === 'speech' || m?.task === 'llm'),
  );
}

/** A model is a fixture when it comes from the repository's fixture folder or says it is one. */
export function modelInfo(entry: CatalogEntry, modelsDir: string): ModelInfo {
  const fromFixtures = resolve(modelsDir) === resolve(FIXTURE_MODELS_DIR);
  return { id: entry.id, name: entry.name, fixture: fromFixtures || /fixture/.test(entry.id) || /\bde prueba\b/i.test(entry.name) };
}

/** The catalogue entry `id`, which must be a model for `task`. */
export function pick(catalog: readonly CatalogEntry[], id: string, task: CatalogEntry['task']): CatalogEntry {
  const entry = catalog.find((m) => m.id === id);
  if (!entry) throw new Error(`El catálogo no tiene el modelo «${id}». Hay: ${catalog.filter((m) => m.task === task).map((m) => m.id).join(', ')}.`);
  if (entry.task !== task) throw new Error(`«${id}» no es un modelo de ${task === 'llm' ? 'notas' : 'voz'}.`);
  return entry;
}
