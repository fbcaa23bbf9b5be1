/**
 * The app starts from the built files, its service worker takes control, nothing is fetched from
 * outside localhost (the guard in launchBrowser fails the test otherwise), and the fixture-model
 * hook answers Range requests the way model downloads will use it.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { ConsultationsPage } from './pages/ConsultationsPage';

describe('smoke', () => {
  it('loads the app, which its service worker then controls', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();

    expect(await session.page.title()).toBe('Escriba');
    await expect.poll(() => consultations.newConsultationButton.isEnabled()).toBe(true);
    expect(await waitForServiceWorkerControl(session.page)).toBe(`${server.url}/sw.js`);
    await consultations.waitUntilShown();
    await consultations.storageIndicator.waitFor();
    expect(session.pageErrors).toEqual([]);
  });

  it('is cross-origin isolated, also when its service worker serves it offline, so ONNX Runtime can use threads', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    await new ConsultationsPage(session.page, server.url).goto();
    const isolation = () => session.page.evaluate(() => ({ isolated: crossOriginIsolated, sharedMemory: typeof SharedArrayBuffer }));
    expect(await isolation()).toEqual({ isolated: true, sharedMemory: 'function' });

    await waitForServiceWorkerControl(session.page);
    await server.stop();
    await session.context.setOffline(true);
    await session.page.reload();
    await new ConsultationsPage(session.page, server.url).waitUntilShown();
    expect(await isolation()).toEqual({ isolated: true, sharedMemory: 'function' });
  });

  it('serves fixture models at /models/ with Range requests', async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    await session.page.goto(`${server.url}/`);

    const response = await session.page.evaluate(async () => {
      const r = await fetch('/models/README.md', { headers: { Range: 'bytes=0-15' } });
      return { status: r.status, range: r.headers.get('Content-Range'), body: await r.text() };
    });

    expect(response.status).toBe(206);
    expect(response.range).toMatch(/^bytes 0-15\/\d+$/);
    expect(response.body).toBe('# Fixture models');
  });

  it('answers 404 for /models/ without the fixtures flag, never the app shell', async () => {
    const server = await serveApp();
    const response = await fetch(`${server.url}/models/README.md`);
    expect(response.status).toBe(404);
  });
});
