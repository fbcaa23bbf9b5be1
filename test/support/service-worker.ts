/**
 * Service-worker helpers. The app registers its worker with `registerType: 'prompt'` (no
 * clients.claim), so the first visit installs it but only the next navigation is controlled.
 */
import type { Page } from 'playwright-core';

const SERVICE_WORKER_TIMEOUT_MS = 30_000;

export interface ServiceWorkerState {
  controller: string | null;
  active: string | null;
  waiting: string | null;
  installing: string | null;
}

export function serviceWorkerState(page: Page): Promise<ServiceWorkerState> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      controller: navigator.serviceWorker.controller?.scriptURL ?? null,
      active: registration?.active?.scriptURL ?? null,
      waiting: registration?.waiting?.scriptURL ?? null,
      installing: registration?.installing?.scriptURL ?? null,
    };
  });
}

/**
 * Waits for the app's service worker to be active, reloading once if it does not control the page
 * yet, and returns the controlling script's URL. Throws if the app never registers one.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<string> {
  await page.evaluate(
    (timeoutMs) =>
      Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no active service worker within ${timeoutMs} ms`)), timeoutMs),
        ),
      ]).then(() => undefined),
    SERVICE_WORKER_TIMEOUT_MS,
  );
  if (!(await serviceWorkerState(page)).controller) await page.reload();
  const { controller } = await serviceWorkerState(page);
  if (!controller) throw new Error('The service worker is active but does not control the page after a reload');
  return controller;
}
