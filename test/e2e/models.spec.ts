/**
 * Preparing Escriba from a clinic's server, through the Modelos screen: the app's own server offers
 * a catalogue whose files live on a model host (another origin, like a hub). The download is paused,
 * survives a reload, resumes with HTTP Range after the connection drops, is verified, and is then
 * available with no network at all. The files are synthetic bytes: this proves the download path,
 * not any model.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { launchBrowser } from '../support/browser';
import { FIXTURE_HUB_BASE as BASE, FIXTURE_NAME as NAME, writeClinicCatalog } from '../support/clinic-catalog';
import { ModelServer } from '../support/model-server';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { ModelsPage, storedSha256 } from './pages/ModelsPage';

const CONFIG_BYTES = 1_500;
const WEIGHTS_BYTES = 3_000_000;

async function provisionClinicServer() {
  const host = await ModelServer.start({
    synthetic: {
      [`${BASE}/config.json`]: { bytes: CONFIG_BYTES, seed: 1 },
      [`${BASE}/onnx/model.onnx`]: { bytes: WEIGHTS_BYTES, seed: 2 },
    },
  });
  onTestFinished(() => host.close());
  const weightsSha256 = await host.sha256(`${BASE}/onnx/model.onnx`);
  const modelsDir = writeClinicCatalog(host.url, [
    { path: 'config.json', bytes: CONFIG_BYTES, sha256: await host.sha256(`${BASE}/config.json`) },
    { path: 'onnx/model.onnx', bytes: WEIGHTS_BYTES, sha256: weightsSha256 },
  ]);
  return { host, modelsDir, weightsSha256 };
}

describe('Modelos: preparing Escriba from a clinic server', () => {
  it('pauses, survives a reload, resumes after a dropped connection, verifies, and works offline', async () => {
    const { host, modelsDir, weightsSha256 } = await provisionClinicServer();
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url });
    const models = await new ModelsPage(session.page).goto(server.url);

    await expect.poll(() => models.hardwareSummary.innerText()).toContain(`${NAME} para transcribir`);
    expect(await models.prepareSection.innerText()).toContain(NAME);

    // Slow enough to pause in the middle.
    host.setFaults(`${BASE}/onnx/model.onnx`, { bytesPerSecond: 250_000 });
    await models.downloadButton(NAME).click();
    await models.progress(NAME).waitFor();
    await expect.poll(async () => Number(await models.progress(NAME).getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(300_000);
    await models.pauseButton(NAME).click();
    await models.row(NAME).getByText('En pausa', { exact: true }).waitFor();

    await session.page.reload();
    await models.hardwareSummary.waitFor();
    await models.row(NAME).getByText(/Descarga incompleta/).waitFor();

    // The connection drops once mid-file: the engine retries from the bytes it has (Range).
    host.setFaults(`${BASE}/onnx/model.onnx`, { dropAtOffset: 2_000_000, times: 1 });
    const requestsBefore = host.requests.length;
    await models.resumeButton(NAME).click();
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: 60_000 });

    const weightRequests = host.requests.slice(requestsBefore).filter((r) => r.path.endsWith('onnx/model.onnx'));
    expect(weightRequests.some((r) => r.dropped)).toBe(true);
    const resumedFrom = weightRequests.map((r) => Number(/bytes=(\d+)-/.exec(r.range ?? '')?.[1] ?? 0));
    expect(resumedFrom.every((offset) => offset > 300_000)).toBe(true);
    expect(weightRequests.every((r) => r.status === 206)).toBe(true);
    expect(await storedSha256(session.page, 'archivos-de-prueba/onnx/model.onnx')).toBe(weightsSha256);
    expect(await models.prepareSection.innerText()).toMatch(/ya no necesita internet/);
    // The one installed, runnable speech model is the one in use.
    await models.row(NAME).getByText('En uso', { exact: true }).waitFor();

    // No network at all: the clinic's catalogue was remembered and the files are on this computer.
    // First the service worker must have finished precaching (slow on a loaded machine).
    await waitForServiceWorkerControl(session.page);
    await host.close();
    await server.stop();
    await session.context.setOffline(true);
    await session.page.reload();
    await models.hardwareSummary.waitFor();
    await models.row(NAME).getByText(/^Listo/).waitFor();

    await models.removeButton(NAME).click();
    await models.downloadButton(NAME).waitFor();
    expect(await storedSha256(session.page, 'archivos-de-prueba/onnx/model.onnx')).toBeNull();
  });
});
