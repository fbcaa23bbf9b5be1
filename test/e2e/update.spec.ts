/**
 * A new version reaches the doctor only when they accept it: with the app controlled by its
 * service worker, the server starts serving a new build; the app offers "Actualizar", keeps running
 * the old version until then, and afterwards runs the new one (from the new worker's precache).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_ROOT } from '../../scripts/serve.mjs';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { serviceWorkerState, waitForServiceWorkerControl } from '../support/service-worker';
import { ConsultationsPage } from './pages/ConsultationsPage';

const BUILD_MARKER = 'escriba-e2e-next-build';
const UPDATE_TIMEOUT_MS = 30_000;

/**
 * Copies dist/ and changes it the way a real release would: index.html differs, so the generated
 * sw.js lists a new revision for it (and its bytes change, which is what triggers the update).
 */
function makeNextBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'escriba-next-build-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  cpSync(DEFAULT_ROOT, root, { recursive: true });

  const indexPath = join(root, 'index.html');
  const index = readFileSync(indexPath, 'utf8');
  if (!index.includes('</head>')) throw new Error('dist/index.html has no </head>');
  const nextIndex = index.replace('</head>', `<meta name="${BUILD_MARKER}" content="1"></head>`);
  writeFileSync(indexPath, nextIndex);

  const swPath = join(root, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const entry = /(\{\s*url:\s*"index\.html",\s*revision:\s*")([0-9a-f]+)(")/;
  if (!entry.test(sw)) throw new Error('sw.js does not precache index.html with a revision; update this spec');
  const revision = createHash('md5').update(nextIndex).digest('hex');
  writeFileSync(swPath, sw.replace(entry, `$1${revision}$3`));
  return root;
}

function runsNextBuild(page: Page): Promise<boolean> {
  return page.evaluate((name) => document.querySelector(`meta[name="${name}"]`) !== null, BUILD_MARKER);
}

describe('update', () => {
  it('offers the new version and switches to it when the doctor presses "Actualizar"', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const page = session.page;
    await new ConsultationsPage(page, server.url).goto();
    await waitForServiceWorkerControl(page);
    expect(await runsNextBuild(page)).toBe(false);

    await server.restart({ root: makeNextBuild() });
    await page.reload();
    const consultations = await new ConsultationsPage(page, server.url).waitUntilShown();
    await consultations.updatePrompt.waitFor({ timeout: UPDATE_TIMEOUT_MS });
    // Until the doctor agrees, the old version keeps running.
    expect(await runsNextBuild(page)).toBe(false);
    expect((await serviceWorkerState(page)).waiting).toBe(`${server.url}/sw.js`);

    await Promise.all([page.waitForEvent('load', { timeout: UPDATE_TIMEOUT_MS }), consultations.updateButton.click()]);
    await consultations.waitUntilShown();
    expect(await runsNextBuild(page)).toBe(true);
    const state = await serviceWorkerState(page);
    expect(state.controller).toBe(`${server.url}/sw.js`);
    expect(state.waiting).toBeNull();
    expect(await consultations.updatePrompt.count()).toBe(0);

    // The new worker, not the network, now serves the app: it still starts with the server gone.
    await server.stop();
    await page.reload();
    await consultations.waitUntilShown();
    expect(await runsNextBuild(page)).toBe(true);
  });
});
