/**
 * Offline provisioning from a folder (a USB drive): no model host is reachable (the catalogue names
 * a port nobody listens on), the doctor picks a folder laid out as <owner>/<repo>/<path>, and the
 * files are copied and verified exactly as a download would be. A folder with one flipped byte is
 * refused with a Spanish explanation and nothing corrupt is kept.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { FIXTURE_ID, FIXTURE_NAME as NAME, FIXTURE_REPO, sha256Hex, writeClinicCatalog } from '../support/clinic-catalog';
import { serveApp } from '../support/server';
import { ModelsPage, storedSha256 } from './pages/ModelsPage';

/** Nothing listens on the discard port: any attempt to use the network for these files fails. */
const UNREACHABLE_HOST = 'http://127.0.0.1:9';

function content(bytes: number, seed: number): Uint8Array {
  return new Uint8Array(bytes).map((_, i) => (i * 31 + seed * 17 + (i >> 8)) & 0xff);
}

function writeFolder(files: Record<string, Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'escriba-pendrive-'));
  for (const [path, bytes] of Object.entries(files)) {
    const target = join(root, FIXTURE_REPO, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return root;
}

describe('Modelos: installing from a folder', () => {
  it('copies and verifies the files with no network, and refuses a corrupted copy', async () => {
    const config = content(1_200, 1);
    const weights = content(700_000, 2);
    const modelsDir = writeClinicCatalog(UNREACHABLE_HOST, [
      { path: 'config.json', bytes: config.length, sha256: sha256Hex(config) },
      { path: 'onnx/model.onnx', bytes: weights.length, sha256: sha256Hex(weights) },
    ]);
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url });
    const models = await new ModelsPage(session.page).goto(server.url);
    await models.downloadButton(NAME).waitFor();

    const corrupted = weights.slice();
    corrupted[123_456] = corrupted[123_456]! ^ 0xff;
    await models.folderInput().setInputFiles(writeFolder({ 'config.json': config, 'onnx/model.onnx': corrupted }));
    await session.page.getByRole('status').filter({ hasText: `Instalando desde la carpeta: ${NAME}` }).waitFor();
    const refusal = models.row(NAME).getByRole('alert');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.innerText()).toMatch(/no coincide|dañad|verific/i);
    expect(await storedSha256(session.page, `${FIXTURE_ID}/onnx/model.onnx`)).toBeNull();

    await models.folderInput().setInputFiles(writeFolder({ 'config.json': config, 'onnx/model.onnx': weights }));
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: 30_000 });
    expect(await storedSha256(session.page, `${FIXTURE_ID}/onnx/model.onnx`)).toBe(sha256Hex(weights));
    expect(await storedSha256(session.page, `${FIXTURE_ID}/config.json`)).toBe(sha256Hex(config));
  });

  it('says so when the folder holds no complete model', async () => {
    const config = content(1_200, 1);
    const modelsDir = writeClinicCatalog(UNREACHABLE_HOST, [
      { path: 'config.json', bytes: config.length, sha256: sha256Hex(config) },
      { path: 'onnx/model.onnx', bytes: 10, sha256: sha256Hex(content(10, 3)) },
    ]);
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url });
    const models = await new ModelsPage(session.page).goto(server.url);
    await models.downloadButton(NAME).waitFor();
    await models.folderInput().setInputFiles(writeFolder({ 'config.json': config }));
    const status = session.page.getByRole('status').filter({ hasText: 'La carpeta no tiene' });
    await status.waitFor();
    expect(await status.innerText()).toContain('onnx-community/whisper-base/onnx/encoder_model.onnx');
    await models.downloadButton(NAME).waitFor();
  });
});
