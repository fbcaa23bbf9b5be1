/**
 * The hardened origin: the headers every response carries, a policy the browser really enforces
 * (and reports, which is how every other spec fails on a violation: support/server.ts), and
 * patient text that holds HTML or script shown as inert text.
 */
import { createServer, type Server } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { launchBrowser } from '../support/browser';
import { storedPatientLabel } from '../support/seed-note';
import { serveApp, TestServer } from '../support/server';
import { ConsultationsPage } from './pages/ConsultationsPage';

const HOSTILE = '<img src=x onerror="window.__escribaPwned=1"><script>window.__escribaPwned=2</script>';

/** A loopback server on another port: another origin the network guard allows but the policy does not. */
async function otherOrigin(): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('hola');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://localhost:${address.port}/`, requests: () => count };
}

describe('hardened origin', () => {
  it('sends the policy, isolation and permissions headers with every response', async () => {
    const server = await serveApp();
    for (const path of ['/', '/sw.js', '/manifest.webmanifest']) {
      const headers = (await fetch(`${server.url}${path}`)).headers;
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(policy, path).toContain("connect-src 'self' https://*.hf.co https://*.huggingface.co https://huggingface.co https://raw.githubusercontent.com;");
      expect(policy, path).toContain("object-src 'none'");
      expect(headers.get('permissions-policy'), path).toContain('microphone=(self)');
      expect(headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(headers.get('cross-origin-embedder-policy'), path).toBe('credentialless');
    }
  });

  it('blocks a connection to a host no catalogue names, and reports it', async () => {
    // Started by hand: the violation is this test's subject, so serveApp's check must not fail it.
    const server = await TestServer.start();
    onTestFinished(() => server.stop());
    const elsewhere = await otherOrigin();
    const session = await launchBrowser({ origin: server.url });
    await new ConsultationsPage(session.page, server.url).goto();

    const outcome = await session.page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'sent';
      } catch (error) {
        return error instanceof TypeError ? 'blocked' : String(error);
      }
    }, elsewhere.url);

    expect(outcome).toBe('blocked');
    expect(elsewhere.requests()).toBe(0);
    // The browser posts the report shortly after blocking the request.
    const reported = () => server.cspViolations as Record<string, unknown>[];
    await expect.poll(() => reported().some((v) => v['effective-directive'] === 'connect-src' && String(v['blocked-uri']).startsWith(elsewhere.url.slice(0, -1)))).toBe(true);
  });

  it('shows HTML and script in a patient label and a transcript as text, never runs them', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.patient.fill(HOSTILE);
    // The form saves after a pause in typing: wait until the label is stored before reloading.
    await expect.poll(() => storedPatientLabel(session.page, consultation.id)).toBe(HOSTILE);

    // A transcript segment as the transcription service stores it, holding the same text.
    await session.page.evaluate(
      async ({ id, text }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('escriba');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('segments', 'readwrite');
          tx.objectStore('segments').put({
            id: `${id}-s1`,
            encounterId: id,
            startMs: 0,
            endMs: 2000,
            startSample: 0,
            endSample: 32000,
            text,
            transcribedAt: Date.now(),
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { id: consultation.id, text: HOSTILE },
    );
    await session.page.reload();
    await consultation.waitUntilShown();

    await consultation.segmentRows.filter({ hasText: '<script>window.__escribaPwned=2</script>' }).waitFor();
    await expect.poll(() => consultation.patient.inputValue()).toBe(HOSTILE);
    await consultation.backLink.click();
    await consultations.waitUntilShown();
    await consultations.list.getByText(HOSTILE).first().waitFor();

    expect(await session.page.evaluate(() => (window as { __escribaPwned?: number }).__escribaPwned)).toBeUndefined();
    expect(await session.page.locator('img[src="x"]').count()).toBe(0);
    expect(await session.page.locator('script:not([src])').count()).toBe(0);
  });
});
