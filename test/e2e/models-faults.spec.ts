/**
 * What goes wrong while preparing Escriba, through the Modelos screen (the app, not the download
 * harness): a byte corrupted in transit, a disk that fills up mid-download, and models this
 * computer cannot run. The files are synthetic bytes on a faulty model host (another origin, like
 * a hub): these specs prove the download and refusal paths, nothing about any real model.
 *
 * The GPU here is Chromium's SwiftShader: no `shader-f16`, and Escriba counts it as no usable GPU
 * (CPU mode, nothing GPU-only recommended). It still offers a web-llm build that needs no
 * `shader-f16` and fits the GPU memory estimate (slow, but possible: src/model-manager/tiers.ts
 * and its unit test), so the refusals below are the ones this adapter really earns: a missing GPU
 * feature and too little GPU memory.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import {
  FIXTURE_HUB_BASE as BASE,
  FIXTURE_NAME as NAME,
  FIXTURE_REVISION,
  hubBase,
  speechModel,
  writeCatalog,
  type FixtureFile,
} from '../support/clinic-catalog';
import { ModelServer, type SyntheticFile } from '../support/model-server';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ModelsPage, storedBytes, storedSha256 } from './pages/ModelsPage';

const CONFIG_BYTES = 1_500;
const WEIGHTS_BYTES = 3_000_000;
const WEIGHTS = `${BASE}/onnx/model.onnx`;
const WEIGHTS_KEY = 'archivos-de-prueba/onnx/model.onnx';
const DOWNLOAD_TIMEOUT_MS = 60_000;
const UI_TIMEOUT_MS = 15_000;
const MiB = 1024 * 1024;
const BIG_WEIGHTS_BYTES = 8 * MiB;
const HUGE_NAME = 'Modelo enorme de ensayo';
const OTHER_NAME = 'Dictado de ensayo';
const F16_NAME = 'Redactor f16 de ensayo';
const BIG_GPU_NAME = 'Redactor grande de ensayo';

/** A model host serving `synthetic` files, closed when the test ends. */
async function modelHost(synthetic: Record<string, SyntheticFile>): Promise<ModelServer> {
  const host = await ModelServer.start({ synthetic });
  onTestFinished(() => host.close());
  return host;
}

/** The catalogue's description of files the host serves under `base` (exact size and SHA-256). */
async function described(host: ModelServer, base: string, paths: string[]): Promise<FixtureFile[]> {
  return Promise.all(
    paths.map(async (path) => ({ path, bytes: await host.size(`${base}/${path}`), sha256: await host.sha256(`${base}/${path}`) })),
  );
}

/**
 * Every text shown in an alert since the page loaded (also those gone again), read from an observer
 * installed before the app's scripts: a transient error would not survive until a later assertion.
 */
const RECORD_ALERTS = `
  window.__escribaAlerts = [];
  new MutationObserver(() => {
    for (const node of document.querySelectorAll('[role="alert"]')) {
      const text = node.textContent ?? '';
      if (text && !window.__escribaAlerts.includes(text)) window.__escribaAlerts.push(text);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;
function alertsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __escribaAlerts: string[] }).__escribaAlerts);
}

describe('Modelos: faults while preparing Escriba', () => {
  it('a byte corrupted on the first download is caught by the SHA-256, fetched again, verified and ready', async () => {
    const host = await modelHost({
      [`${BASE}/config.json`]: { bytes: CONFIG_BYTES, seed: 1 },
      [WEIGHTS]: { bytes: WEIGHTS_BYTES, seed: 2 },
    });
    const files = await described(host, BASE, ['config.json', 'onnx/model.onnx']);
    const server = await serveApp({ modelsDir: writeCatalog([speechModel(host.url, files)]) });
    const session = await launchBrowser({ origin: server.url, initScripts: [RECORD_ALERTS] });
    const models = await new ModelsPage(session.page).goto(server.url);

    // The first response flips one byte; the second is slow enough to watch the bar start over.
    host.setFaults(WEIGHTS, [{ corruptOffset: 1_234_567, times: 1 }, { bytesPerSecond: 750_000 }]);
    await models.downloadButton(NAME).click();
    await expect.poll(() => host.requests.filter((r) => r.path === WEIGHTS).length, { timeout: 20_000 }).toBe(2);
    // The discarded bytes are not counted: the bar restarts instead of passing the whole size.
    await expect
      .poll(async () => Number(await models.progress(NAME).getAttribute('value', { timeout: 1_000 }).catch(() => NaN)), { timeout: 3_000 })
      .toBeLessThan(WEIGHTS_BYTES / 2);
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: DOWNLOAD_TIMEOUT_MS });

    // Fetched whole twice (the first copy was deleted, not resumed), each time in full.
    const weightRequests = host.requests.filter((r) => r.path === WEIGHTS);
    expect(weightRequests.map((r) => [r.range, r.status, r.bytesSent, r.dropped])).toEqual([
      [null, 200, WEIGHTS_BYTES, false],
      [null, 200, WEIGHTS_BYTES, false],
    ]);
    expect(await storedSha256(session.page, WEIGHTS_KEY)).toBe(files[1]!.sha256);
    // What the doctor sees: ready and in use, never an error on the way.
    await models.row(NAME).getByText('En uso', { exact: true }).waitFor();
    expect(await models.prepareSection.innerText()).toMatch(/ya no necesita internet/);
    expect(await models.error(NAME).count()).toBe(0);
    expect(await alertsSeen(session.page)).toEqual([]);
  });

  it('a disk that fills up mid-download: a Spanish message, nothing shown as ready, the app usable, and the download resumes once there is room', async () => {
    const host = await modelHost({
      [`${BASE}/config.json`]: { bytes: CONFIG_BYTES, seed: 1 },
      [WEIGHTS]: { bytes: BIG_WEIGHTS_BYTES, seed: 3 },
    });
    const files = await described(host, BASE, ['config.json', 'onnx/model.onnx']);
    // Far more than the ~10 GiB over usage that Chromium's estimate() reports, whatever the quota.
    const huge = speechModel(host.url, [{ path: 'onnx/model.onnx', bytes: 64 * 1024 * MiB, sha256: null }], {
      id: 'modelo-enorme',
      name: HUGE_NAME,
      repo: 'escriba/modelo-enorme',
    });
    const server = await serveApp({ modelsDir: writeCatalog([speechModel(host.url, files), huge]) });
    const session = await launchBrowser({ origin: server.url, initScripts: [RECORD_ALERTS] });
    const models = await new ModelsPage(session.page).goto(server.url);

    // What surely cannot fit is refused before anything is fetched, with the sizes.
    expect(await models.refusal(HUGE_NAME).innerText()).toMatch(
      /^No se puede usar en esta computadora: «Modelo enorme de ensayo» necesita al menos 68,7 GB de espacio y quedan [\d,]+ GB disponibles para Escriba\. Libere espacio/,
    );
    expect(await models.row(HUGE_NAME).getByRole('button').count()).toBe(0);

    // The precache done first, so the app shell is not what hits the limit. Then a full disk with
    // 2 MiB to spare: estimate() does not show DevTools' override, so the app's check before the
    // first byte lets the download start, and the browser refuses a write midway.
    await waitForServiceWorkerControl(session.page);
    await models.hardwareSummary.waitFor();
    const cdp = await session.cdp();
    const origin = new URL(server.url).origin;
    const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin })) as { usage: number };
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 2 * MiB });

    await models.downloadButton(NAME).click();
    await models.error(NAME).waitFor({ timeout: DOWNLOAD_TIMEOUT_MS });
    expect(await models.error(NAME).innerText()).toBe(
      'Se llenó el espacio de almacenamiento durante la descarga de los modelos. Lo ya descargado quedó guardado: libere espacio en el disco y vuelva a intentar; la descarga seguirá desde donde quedó.',
    );
    // Nothing half-shown as ready: no "Listo", not in use, still "to download", the file not in place.
    expect(await models.row(NAME).getByText(/^Listo/).count()).toBe(0);
    expect(await models.row(NAME).getByText('En uso', { exact: true }).count()).toBe(0);
    expect(await models.prepareSection.innerText()).toContain(`Escriba necesita descargar una sola vez: ${NAME}`);
    expect(await storedSha256(session.page, WEIGHTS_KEY)).toBeNull();
    const kept = (await storedBytes(session.page, `${WEIGHTS_KEY}.part`)) ?? 0;
    expect(kept).toBeGreaterThan(0);
    // About the 2 MiB there was room for (the browser grants OPFS space in steps), not the file.
    expect(kept).toBeLessThan(BIG_WEIGHTS_BYTES / 2);
    await models.retryButton(NAME).waitFor();
    expect(await alertsSeen(session.page)).toEqual([await models.error(NAME).innerText()]);

    // Still full, the app works: the consultations open and a new one is created, or refused with
    // the full disk's own Spanish message (IndexedDB may still hold a grant from before the limit).
    await models.navLink('Consultas').click();
    const consultations = await new ConsultationsPage(session.page, server.url).waitUntilShown();
    await consultations.newConsultationButton.click();
    const outcome = await Promise.race([
      session.page.waitForURL(/#\/consulta\/[^/]+$/, { timeout: UI_TIMEOUT_MS }).then(() => 'created', () => 'timeout'),
      consultations.alert
        .filter({ hasText: /No queda espacio para guardar/ })
        .waitFor({ timeout: UI_TIMEOUT_MS })
        .then(() => 'refused', () => 'timeout'),
    ]);
    expect(['created', 'refused']).toContain(outcome);
    // Back in Modelos the store is read again: the bytes kept, and the way on. (The error text is
    // not kept across screens, as it is not across a reload.)
    await models.open();
    await models.row(NAME).getByText(/^Descarga incompleta/).waitFor();
    expect(await models.row(NAME).getByText(/^Listo/).count()).toBe(0);

    // The doctor frees space: the download continues from the bytes kept, verifies, and is ready.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    const before = host.requests.length;
    await models.resumeButton(NAME).click();
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: DOWNLOAD_TIMEOUT_MS });
    expect(host.requests.slice(before).filter((r) => r.path === WEIGHTS)).toEqual([
      { method: 'GET', path: WEIGHTS, range: `bytes=${kept}-`, status: 206, bytesSent: BIG_WEIGHTS_BYTES - kept, dropped: false },
    ]);
    expect(await storedSha256(session.page, WEIGHTS_KEY)).toBe(files[1]!.sha256);
    await models.row(NAME).getByText('En uso', { exact: true }).waitFor();
    expect(await models.error(NAME).count()).toBe(0);
    // Never a request for the model that could not fit.
    expect(host.requests.filter((r) => r.path.startsWith('escriba/modelo-enorme/'))).toEqual([]);
  });

  it('refuses, before any download, the models this computer cannot run, and never uses one, even when chosen and installed', async () => {
    const otherRepo = 'escriba/dictado-de-ensayo';
    const host = await modelHost({
      [`${BASE}/config.json`]: { bytes: CONFIG_BYTES, seed: 1 },
      [WEIGHTS]: { bytes: WEIGHTS_BYTES, seed: 2 },
      [`${hubBase(otherRepo)}/config.json`]: { bytes: CONFIG_BYTES, seed: 4 },
      [`${hubBase(otherRepo)}/onnx/model.onnx`]: { bytes: WEIGHTS_BYTES, seed: 5 },
    });
    const files = await described(host, BASE, ['config.json', 'onnx/model.onnx']);
    const otherFiles = await described(host, hubBase(otherRepo), ['config.json', 'onnx/model.onnx']);
    const other = (variants?: unknown[]) =>
      speechModel(host.url, otherFiles, { id: 'dictado-de-ensayo', name: OTHER_NAME, repo: otherRepo, ...(variants ? { variants } : {}) });
    const gpuOnly = [
      webLlmModel(host.url, { id: 'redactor-f16', name: F16_NAME, quantization: 'q4f16_1', requiredFeatures: ['shader-f16'], vramMB: 900 }),
      webLlmModel(host.url, { id: 'redactor-grande', name: BIG_GPU_NAME, quantization: 'q4f32_1', requiredFeatures: [], vramMB: 200_000 }),
    ];
    const modelsDir = writeCatalog([speechModel(host.url, files), other(), ...gpuOnly]);
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url, initScripts: [RECORD_ALERTS] });
    const models = await new ModelsPage(session.page).goto(server.url);

    // Each web-llm build is refused with what this computer lacks, and offers nothing to click.
    expect(await models.refusal(F16_NAME).innerText()).toBe(
      `No se puede usar en esta computadora: «${F16_NAME}» necesita una función de la GPU (shader-f16) que esta computadora no tiene. Elija otro modelo.`,
    );
    expect(await models.refusal(BIG_GPU_NAME).innerText()).toMatch(
      new RegExp(`^No se puede usar en esta computadora: «${BIG_GPU_NAME}» necesita unos 210 GB de memoria de la GPU y esta computadora tiene alrededor de [\\d,]+ GB disponibles\\. Elija un modelo más chico\\.$`),
    );
    for (const name of [F16_NAME, BIG_GPU_NAME]) expect(await models.row(name).getByRole('button').count()).toBe(0);
    // And the summary says what the doctor can do instead.
    expect(await models.hardwareSummary.innerText()).toContain('la nota se escribe a mano');

    // Both speech models run here: download them and choose the second.
    await models.downloadButton(NAME).click();
    await models.downloadButton(OTHER_NAME).click();
    await models.row(OTHER_NAME).getByText(/^Listo/).waitFor({ timeout: DOWNLOAD_TIMEOUT_MS });
    await models.row(NAME).getByText(/^Listo/).waitFor();
    await models.useButton(OTHER_NAME).click();
    await models.row(OTHER_NAME).getByText('En uso', { exact: true }).waitFor();

    // The clinic's catalogue now offers that model only as a GPU build needing shader-f16: installed
    // and chosen, it still cannot run here. It is refused, cannot be chosen, and the other is used.
    writeCatalog(
      [
        speechModel(host.url, files),
        other([{ device: 'webgpu', dtype: { model: 'fp32' }, files: otherFiles.map((f) => f.path), requiredFeatures: ['shader-f16'], vramMB: null }]),
        ...gpuOnly,
      ],
      modelsDir,
    );
    await session.page.reload();
    await models.hardwareSummary.waitFor();
    await models.refusal(OTHER_NAME).waitFor();
    expect(await models.refusal(OTHER_NAME).innerText()).toBe(
      `No se puede usar en esta computadora: «${OTHER_NAME}» necesita una función de la GPU (shader-f16) que esta computadora no tiene. Elija otro modelo.`,
    );
    await models.row(OTHER_NAME).getByText(/^Listo/).waitFor();
    expect(await models.useButton(OTHER_NAME).count()).toBe(0);
    expect(await models.row(OTHER_NAME).getByText('En uso', { exact: true }).count()).toBe(0);
    await models.row(NAME).getByText('En uso', { exact: true }).waitFor();
    expect(await models.hardwareSummary.innerText()).toContain(`${NAME} para transcribir (en el procesador)`);

    // Refused before loading: nothing was ever asked of the host for the GPU-only builds.
    expect(host.requests.filter((r) => r.path.startsWith('escriba/redactor-'))).toEqual([]);
    expect(await alertsSeen(session.page)).toEqual([]);
  });
});

interface WebLlmOptions {
  id: string;
  name: string;
  quantization: 'q4f16_1' | 'q4f32_1';
  requiredFeatures: string[];
  vramMB: number;
}

/** A web-llm entry (GPU only) whose build would be on `host`; the refused ones are never fetched. */
function webLlmModel(host: string, { id, name, quantization, requiredFeatures, vramMB }: WebLlmOptions) {
  const repo = `escriba/${id}-${quantization}-MLC`;
  return {
    id,
    name,
    description: 'Entrada de prueba de un modelo que solo funciona en la GPU; no tiene archivos.',
    task: 'llm',
    engine: 'web-llm',
    tier: 'gpu-low',
    languages: ['es'],
    license: 'mit',
    contextWindowTokens: 1024,
    variants: [
      {
        device: 'webgpu',
        quantization,
        modelId: `${id}-${quantization}-MLC`,
        modelLib: `${host}/escriba/${id}-libs/resolve/${FIXTURE_REVISION}/${id}-webgpu.wasm`,
        source: { host, repo, revision: FIXTURE_REVISION, files: null },
        requiredFeatures,
        vramMB,
      },
    ],
  };
}
