/**
 * The recorder benchmark (Node side), run by scripts/bench-recorder.mjs through Vite's module
 * loader so it can reuse the TypeScript test support and page models. Prints figures; asserts
 * nothing about speed (benchmarks are not tests), but refuses to report figures from a run that
 * lost audio or let a request out.
 *
 *  a. bytes stored per minute of audio: a real recording through the app's UI with the fake
 *     microphone, measured in IndexedDB (payload) and as the origin's storage usage growth;
 *  b. time to persist 60 minutes of 1 s chunks fed faster than real time through the app's real
 *     storage path (AudioRepository.append), on a Vite dev server page (test/bench/append.html);
 *  c. the longest main-thread long task (PerformanceObserver 'longtask') while the app records.
 */
import type { Page } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ConsultationsPage } from '../e2e/pages/ConsultationsPage';
import { BrowserSession } from '../support/chromium';
import { readStoredAudio, storedSeconds } from '../support/stored-audio';

export interface RecorderBenchOptions {
  /** Base URL of a Vite dev server rooted at the repository. */
  devServerUrl: string;
  appendSeconds?: number;
  recordSeconds?: number;
  log?: (message: string) => void;
}

interface LongTask {
  start: number;
  duration: number;
}

/** Installed before the app's scripts so no task escapes; a harness global, never the app's. */
const LONG_TASK_OBSERVER = `(() => {
  const tasks = [];
  Object.defineProperty(window, '__escribaBenchLongTasks', { value: tasks });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
})();`;

export async function runRecorderBench({
  devServerUrl,
  appendSeconds = 3600,
  recordSeconds = 60,
  log = () => undefined,
}: RecorderBenchOptions) {
  log(`b) ${appendSeconds} s of audio through AudioRepository.append…`);
  const append = await benchAppend(devServerUrl, appendSeconds);
  log(`   ${append.totalMs} ms`);

  if (recordSeconds <= 0) return { persistChunks: append };
  log(`a+c) recording ${recordSeconds} s in the built app…`);
  const recording = await benchRecording(recordSeconds);

  return {
    chromium: recording.chromium,
    bytesPerMinuteOfAudio: recording.bytesPerMinute,
    persistChunks: append,
    longTasksWhileRecording: recording.longTasks,
  };
}

async function benchAppend(devServerUrl: string, seconds: number) {
  const session = await BrowserSession.launch({ origin: devServerUrl });
  try {
    const page = session.page;
    await page.goto(`${devServerUrl}/test/bench/append.html?seconds=${seconds}`);
    const result = page.locator('#result[data-done]');
    await result.waitFor({ state: 'attached', timeout: 30 * 60_000 });
    const parsed = JSON.parse(await result.innerText()) as Record<string, unknown>;
    if ((await result.getAttribute('data-done')) !== 'ok') throw new Error(`append bench failed: ${JSON.stringify(parsed)}`);
    if (parsed.storedSamples !== parsed.expectedSamples) throw new Error(`append bench lost audio: ${JSON.stringify(parsed)}`);
    return parsed;
  } finally {
    await session.close();
  }
}

async function benchRecording(seconds: number) {
  const server = await startServer({ port: 0 });
  const session = await BrowserSession.launch({ origin: server.url, initScripts: [LONG_TASK_OBSERVER] });
  try {
    const page = session.page;
    const chromium = session.context.browser()?.version() ?? 'unknown';
    const consultations = await new ConsultationsPage(page, server.url).goto();
    const consultation = await consultations.createConsultation();
    const cdp = await session.cdp();
    const origin = new URL(server.url).origin;
    const usageBefore = await indexedDbUsage(cdp.send.bind(cdp), origin);

    const recordStartedAt = await now(page);
    await consultation.startRecording();
    await page.waitForTimeout(seconds * 1000);
    await consultation.stopRecording();
    const recordStoppedAt = await now(page);

    const stored = await readStoredAudio(page, consultation.id);
    if (stored.chunkSamples !== stored.storedSamples) throw new Error('stored samples do not match the chunks');
    const audioSeconds = storedSeconds(stored);
    const usageAfter = await indexedDbUsage(cdp.send.bind(cdp), origin);

    const allTasks = await readLongTasks(page);
    const tasks = allTasks.filter((t) => t.start >= recordStartedAt && t.start <= recordStoppedAt);
    await proveObserverWorks(page);
    const durations = tasks.map((t) => t.duration).sort((a, b) => b - a);

    return {
      chromium,
      bytesPerMinute: {
        audioSeconds: round(audioSeconds),
        // ~0.06 for the fixture speech; far less would mean the fake microphone stopped looping.
        rms: round(stored.rms * 1000) / 1000,
        payloadBytesPerMinute: Math.round((stored.bytes / audioSeconds) * 60),
        indexedDbUsageGrowthPerMinute: Math.round(((usageAfter - usageBefore) / audioSeconds) * 60),
        note: 'payload = PCM bytes in audioChunks; usage growth = what Chromium reports for IndexedDB (on-disk format, compression and compaction included)',
      },
      longTasks: {
        recordedSeconds: round((recordStoppedAt - recordStartedAt) / 1000),
        count: tasks.length,
        longestMs: round(durations[0] ?? 0),
        totalMs: round(durations.reduce((a, b) => a + b, 0)),
        note: 'long task = main-thread task over 50 ms; 0 means none',
      },
    };
  } finally {
    await session.close();
    await server.close();
  }
}

type Send = (method: 'Storage.getUsageAndQuota', params: { origin: string }) => Promise<unknown>;

async function indexedDbUsage(send: Send, origin: string): Promise<number> {
  const result = (await send('Storage.getUsageAndQuota', { origin })) as {
    usageBreakdown: { storageType: string; usage: number }[];
  };
  return result.usageBreakdown.find((b) => b.storageType === 'indexeddb')?.usage ?? 0;
}

function readLongTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (window as unknown as { __escribaBenchLongTasks: LongTask[] }).__escribaBenchLongTasks);
}

/** "No long tasks" is only a finding if the observer would have seen one: block the thread once. */
async function proveObserverWorks(page: Page): Promise<void> {
  // From a timer, not from evaluate itself: DevTools-run scripts are not reported as long tasks.
  const blockedAt = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          const start = performance.now();
          while (performance.now() - start < 120) {
            // deliberately busy
          }
          resolve(start);
        }),
      ),
  );
  await page.waitForTimeout(500);
  const seen = (await readLongTasks(page)).some((t) => t.start >= blockedAt - 5 && t.duration >= 100);
  if (!seen) throw new Error('The long-task observer missed a deliberate 120 ms task; its figures would be meaningless');
}

function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
