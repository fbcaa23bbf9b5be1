/**
 * Clinic catalogues for the download specs: by default one model, "Archivos de prueba", synthetic
 * bytes laid out as a hub repository; `speechModel` and `writeCatalog` compose others. Written to a
 * fresh folder that the app server serves at /models/ (a clinic server's catalogue). They prove the
 * download path, never any model.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_NAME = 'Archivos de prueba';
export const FIXTURE_ID = 'archivos-de-prueba';
export const FIXTURE_REPO = 'escriba/archivos-de-prueba';
export const FIXTURE_REVISION = '0123456789abcdef0123456789abcdef01234567';
/** Where a hub-layout host serves a repository's files at the fixtures' revision. */
export function hubBase(repo: string): string {
  return `${repo}/resolve/${FIXTURE_REVISION}`;
}
export const FIXTURE_HUB_BASE = hubBase(FIXTURE_REPO);

export interface FixtureFile {
  path: string;
  bytes: number;
  /** null: the host publishes none (the file is checked by its size). */
  sha256: string | null;
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface SpeechModelOptions {
  id?: string;
  name?: string;
  repo?: string;
  /** By default one WASM variant loading every file. */
  variants?: unknown[];
}

/**
 * A transformers.js speech entry ("Archivos de prueba" unless renamed) whose `files` are at
 * `{host}/{repo}/resolve/{FIXTURE_REVISION}/`.
 */
export function speechModel(host: string, files: FixtureFile[], options: SpeechModelOptions = {}) {
  return {
    id: options.id ?? FIXTURE_ID,
    name: options.name ?? FIXTURE_NAME,
    description: 'Archivos sintéticos para probar la descarga; no es un modelo.',
    task: 'speech',
    engine: 'transformers.js',
    tier: 'cpu',
    languages: ['es'],
    license: 'mit',
    contextWindowTokens: null,
    source: {
      host,
      repo: options.repo ?? FIXTURE_REPO,
      revision: FIXTURE_REVISION,
      files: files.map(({ path, bytes, sha256 }) => ({ path, bytes, approxBytes: null, sha256 })),
    },
    variants: options.variants ?? [
      { device: 'wasm', dtype: { model: 'q8' }, files: files.map((f) => f.path), requiredFeatures: [], vramMB: null },
    ],
  };
}

/** Writes catalog.json with `models` into `modelsDir` (a fresh folder by default); returns the folder to serve at /models/. */
export function writeCatalog(models: unknown[], modelsDir = mkdtempSync(join(tmpdir(), 'escriba-clinic-'))): string {
  writeFileSync(join(modelsDir, 'catalog.json'), JSON.stringify({ version: 1, models }));
  return modelsDir;
}

/** Writes catalog.json for `files` hosted at `host`; returns the folder to serve at /models/. */
export function writeClinicCatalog(host: string, files: FixtureFile[]): string {
  return writeCatalog([speechModel(host, files)]);
}
