/**
 * A one-model catalogue for the download specs: "Archivos de prueba", synthetic bytes laid out as
 * a hub repository. Written to a fresh folder that the app server serves at /models/ (a clinic
 * server's catalogue). It proves the download path, never any model.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_NAME = 'Archivos de prueba';
export const FIXTURE_ID = 'archivos-de-prueba';
export const FIXTURE_REPO = 'escriba/archivos-de-prueba';
export const FIXTURE_REVISION = '0123456789abcdef0123456789abcdef01234567';
/** Where a hub-layout host serves the files. */
export const FIXTURE_HUB_BASE = `${FIXTURE_REPO}/resolve/${FIXTURE_REVISION}`;

export interface FixtureFile {
  path: string;
  bytes: number;
  sha256: string;
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes catalog.json for `files` hosted at `host`; returns the folder to serve at /models/. */
export function writeClinicCatalog(host: string, files: FixtureFile[]): string {
  const catalog = {
    version: 1,
    models: [
      {
        id: FIXTURE_ID,
        name: FIXTURE_NAME,
        description: 'Archivos sintéticos para probar la descarga; no es un modelo.',
        task: 'speech',
        engine: 'transformers.js',
        tier: 'cpu',
        languages: ['es'],
        license: 'mit',
        contextWindowTokens: null,
        source: {
          host,
          repo: FIXTURE_REPO,
          revision: FIXTURE_REVISION,
          files: files.map(({ path, bytes, sha256 }) => ({ path, bytes, approxBytes: null, sha256 })),
        },
        variants: [
          { device: 'wasm', dtype: { model: 'q8' }, files: files.map((f) => f.path), requiredFeatures: [], vramMB: null },
        ],
      },
    ],
  };
  const modelsDir = mkdtempSync(join(tmpdir(), 'escriba-clinic-'));
  writeFileSync(join(modelsDir, 'catalog.json'), JSON.stringify(catalog));
  return modelsDir;
}
