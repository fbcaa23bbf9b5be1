/**
 * The browser for a spec: `launchBrowser()` starts Chromium (see ./chromium) and registers its
 * `close()`, which fails the test if the app tried to reach any host but localhost, to run when the
 * test finishes. A spec cannot forget the network check. On failure it also saves a screenshot to
 * test-results/ and prints the browser's errors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { onTestFinished, type TestContext } from 'vitest';
import { BrowserSession, REPO_ROOT, type LaunchOptions } from './chromium';

export * from './chromium';

const FAILURE_ARTIFACTS_DIR = join(REPO_ROOT, 'test-results');

/**
 * Launches Chromium for the current test and closes it (asserting the network guard) when the
 * test finishes. Must be called inside a test, not in a hook.
 */
export async function launchBrowser(options: LaunchOptions): Promise<BrowserSession> {
  const session = await BrowserSession.launch(options);
  onTestFinished(async (context) => {
    if (context.task.result?.state === 'fail') await reportFailure(session, context);
    await session.close();
  });
  return session;
}

async function reportFailure(session: BrowserSession, context: TestContext): Promise<void> {
  const diagnostics = session.diagnostics();
  if (diagnostics) console.error(`[${context.task.name}]\n${diagnostics}`);
  let page: Page | undefined;
  try {
    page = session.page;
  } catch {
    return; // crashed or closed: nothing to photograph
  }
  mkdirSync(FAILURE_ARTIFACTS_DIR, { recursive: true });
  const file = join(FAILURE_ARTIFACTS_DIR, `${context.task.name.replace(/[^\w-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true }).then(
    () => console.error(`[${context.task.name}] screenshot: ${file} (url ${page.url()})`),
    () => undefined,
  );
}
