/**
 * The test bench's own check: the network guard catches what the app could send out (from the
 * page, a worker, the service worker, a WebSocket) and fails the test that let it happen. If this
 * spec breaks, every "nothing leaves the device" claim of the other specs is void.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { BrowserSession, launchBrowser } from '../support/browser';

const OUTSIDE = 'https://escriba-guard-check.invalid';

// A stand-in app: the guard must hold whatever the app does, so the spec does not depend on it.
const root = mkdtempSync(join(tmpdir(), 'escriba-guard-root-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>guard</title><p>guard</p>');
writeFileSync(
  join(root, 'guard-sw.js'),
  `self.addEventListener('message', (event) => {
     event.waitUntil(fetch(event.data).then(() => 'reached', () => 'blocked').then((r) => event.source.postMessage(r)));
   });`,
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Serves the stand-in app with no security headers. The app's Content-Security-Policy would block
 * these requests first (security.spec proves that); the guard is the layer underneath, and must
 * hold on its own for a server that sends no policy.
 */
async function serveWithoutPolicy(): Promise<{ url: string }> {
  const files = sirv(root, { dev: true });
  const server = createServer((req, res) => files(req, res, () => void res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://localhost:${address.port}` };
}

async function tryEverywhere(session: BrowserSession, localUrl: string): Promise<Record<string, string>> {
  return session.page.evaluate(
    async ({ outside, localUrl: ownUrl }) => {
      const attempt = (p: Promise<unknown>) => p.then(() => 'reached', () => 'blocked');
      const fromPage = await attempt(fetch(`${outside}/page`));
      const worker = new Worker(
        URL.createObjectURL(
          new Blob([`fetch(${JSON.stringify(`${outside}/worker`)}).then(() => postMessage('reached'), () => postMessage('blocked'))`]),
        ),
      );
      const fromWorker = await new Promise<string>((r) => (worker.onmessage = (e) => r(String(e.data))));
      const registration = await navigator.serviceWorker.register('/guard-sw.js');
      const sw = registration.installing ?? registration.waiting ?? registration.active;
      if (!sw) throw new Error('no service worker');
      const fromServiceWorker = await new Promise<string>((r) => {
        navigator.serviceWorker.onmessage = (e) => r(String(e.data));
        sw.postMessage(`${outside}/service-worker`);
      });
      const fromSocket = await new Promise<string>((r) => {
        const ws = new WebSocket(`${outside.replace('https', 'wss')}/socket`);
        ws.onopen = () => r('reached');
        ws.onclose = () => r('blocked');
      });
      const local = await attempt(fetch(ownUrl));
      return { fromPage, fromWorker, fromServiceWorker, fromSocket, local };
    },
    { outside: OUTSIDE, localUrl },
  );
}

describe('network guard', () => {
  it('blocks and records non-local requests from page, worker, service worker and WebSocket', async () => {
    const server = await serveWithoutPolicy();
    const session = await launchBrowser({ origin: server.url });
    await session.page.goto(server.url);

    const results = await tryEverywhere(session, `${server.url}/index.html`);

    expect(results).toEqual({
      fromPage: 'blocked',
      fromWorker: 'blocked',
      fromServiceWorker: 'blocked',
      fromSocket: 'blocked',
      local: 'reached',
    });
    expect(session.blockedRequests).toEqual(
      expect.arrayContaining([`${OUTSIDE}/page`, `${OUTSIDE}/worker`, `${OUTSIDE}/service-worker`, 'wss://escriba-guard-check.invalid/socket']),
    );
    await expect(session.close()).rejects.toThrow(`${OUTSIDE}/service-worker`);
  });

  // Expected to fail: proves a spec that never calls close() is still failed by the guard.
  it.fails('fails a test that lets a request out even if the test never checks', async () => {
    const server = await serveWithoutPolicy();
    const session = await launchBrowser({ origin: server.url });
    await session.page.goto(server.url);
    await session.page.evaluate((url) => fetch(url).catch(() => undefined), `${OUTSIDE}/forgotten`);
  });
});
