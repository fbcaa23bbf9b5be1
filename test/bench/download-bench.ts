/**
 * The model-download benchmark (Node side), run by scripts/bench-download.mjs through Vite's module
 * loader. Downloads one synthetic file (≥ 500 MB by default) from the local model server, in the
 * same browser and the same run:
 *
 *  a. through Escriba's path: DownloadWorkerClient → worker → Range fetch → SHA-256 while
 *     streaming → OPFS `.part` via FileSystemSyncAccessHandle → size/hash check → rename;
 *  b. through a plain `fetch()` put into Cache Storage (what a naive app or a runtime's default
 *     cache does), as the baseline;
 *
 * alternating a and b for a few rounds, while sampling the resident memory (RSS) of every Chromium
 * process and the page's JS heap. Streaming shows as a memory peak far below the file size. The
 * download worker's heap has no CDP handle here (it is not a page), so it is seen inside the
 * renderer process's RSS. Prints figures; asserts nothing about speed, but refuses to report a run
 * whose stored file does not match.
 */
import { cpus, loadavg } from 'node:os';
import type { CDPSession } from 'playwright-core';
import { BrowserSession } from '../support/chromium';
import { chromiumProcesses, type ProcessKind } from './chromiumMemory';
import { DownloadHarnessPage } from '../support/download-harness-page';
import { ModelServer } from '../support/model-server';

const MiB = 1024 * 1024;
const SAMPLE_INTERVAL_MS = 100;
const BENCH_PATH = 'bench-model/weights.bin';

export interface DownloadBenchOptions {
  /** Base URL of a Vite dev server rooted at the repository. */
  devServerUrl: string;
  megabytes?: number;
  rounds?: number;
  log?: (message: string) => void;
}

interface MemoryPeaks {
  /** Highest sum of RSS over all Chromium processes. */
  totalRssBytes: number;
  /** Highest RSS seen per kind of process (not necessarily at the same moment). */
  rssBytesByProcess: Partial<Record<ProcessKind, number>>;
  /** Highest `Runtime.getHeapUsage` of the page's main thread. */
  pageJsHeapUsedBytes: number;
  samples: number;
}

export async function runDownloadBench({ devServerUrl, megabytes = 512, rounds = 2, log = () => undefined }: DownloadBenchOptions) {
  const fileBytes = megabytes * MiB;
  const server = await ModelServer.start({ synthetic: { [BENCH_PATH]: { bytes: fileBytes, seed: 42 } } });
  const session = await BrowserSession.launch({ origin: devServerUrl });
  try {
    log(`SHA-256 of the ${megabytes} MiB synthetic file (Node)…`);
    const file = { key: BENCH_PATH, url: server.fileUrl(BENCH_PATH), bytes: fileBytes, sha256: await server.sha256(BENCH_PATH) };
    const harness = await new DownloadHarnessPage(session.page, devServerUrl).goto();
    const cdp = await session.cdp();
    const pid = await session.browserPid();
    const idle = await sampleWhile(pid, cdp, () => harness.page.waitForTimeout(1_000));
    const loadBefore = loadavg()[0]!;

    const escriba: { elapsedMs: number; megabytesPerSecond: number; memory: MemoryPeaks }[] = [];
    const plain: { elapsedMs: number; megabytesPerSecond: number; memory: MemoryPeaks }[] = [];
    for (let round = 1; round <= rounds; round++) {
      log(`round ${round}/${rounds}: Escriba (worker, SHA-256, OPFS)…`);
      let run: Awaited<ReturnType<DownloadHarnessPage['download']>> | undefined;
      const memory = await sampleWhile(pid, cdp, async () => {
        run = await harness.download([file]);
      });
      if (run?.outcome !== 'ready') throw new Error(`Escriba's download did not finish: ${JSON.stringify(run)}`);
      escriba.push({ elapsedMs: round1(run.elapsedMs), megabytesPerSecond: round1(megabytes / (run.elapsedMs / 1000)), memory });
      log(`   ${round1(run.elapsedMs)} ms`);
      // Read back only after the last round: reading 0.5 GB on the page would leave garbage in the
      // renderer that the next round's memory samples would count.
      if (round === rounds && (await harness.storedSha256(BENCH_PATH)) !== file.sha256) throw new Error('stored file does not match');
      await harness.delete('bench-model');

      log(`round ${round}/${rounds}: plain fetch → Cache Storage…`);
      let baseline: { elapsedMs: number; storedBytes: number } | undefined;
      const baselineMemory = await sampleWhile(pid, cdp, async () => {
        baseline = await harness.fetchIntoCacheStorage(file.url);
      });
      if (baseline?.storedBytes !== fileBytes) throw new Error(`Cache Storage holds ${baseline?.storedBytes} bytes`);
      plain.push({ elapsedMs: round1(baseline.elapsedMs), megabytesPerSecond: round1(megabytes / (baseline.elapsedMs / 1000)), memory: baselineMemory });
      await harness.clearCacheStorage();
      log(`   ${round1(baseline.elapsedMs)} ms`);
    }

    const escribaMBps = median(escriba.map((r) => r.megabytesPerSecond));
    const plainMBps = median(plain.map((r) => r.megabytesPerSecond));
    const escribaPeak = Math.max(...escriba.map((r) => r.memory.totalRssBytes));
    return {
      chromium: session.context.browser()?.version() ?? 'unknown',
      // Both paths are CPU-bound here (server, network service, hash and disk share the cores):
      // figures from a busy machine are low for both; compare the ratio, within one run.
      machine: { cpus: cpus().length, loadAverage1m: { before: round1(loadBefore), after: round1(loadavg()[0]!) } },
      file: { bytes: fileBytes, megabytes, note: 'MB here = MiB (1,048,576 bytes)' },
      rounds,
      throughputMegabytesPerSecond: {
        escriba: escribaMBps,
        plainFetchIntoCacheStorage: plainMBps,
        ratioEscribaToPlain: Math.round((escribaMBps / plainMBps) * 100) / 100,
      },
      escribaRuns: escriba,
      plainFetchRuns: plain,
      memory: {
        idle,
        escribaPeakTotalRssBytes: escribaPeak,
        escribaPeakAboveIdleBytes: escribaPeak - idle.totalRssBytes,
        escribaPeakAboveIdleAsFractionOfFile: round3((escribaPeak - idle.totalRssBytes) / fileBytes),
        note: 'RSS summed over every Chromium process, sampled every 100 ms; the download worker lives in the renderer process. Written file pages sit in the OS page cache, not in any RSS.',
      },
      sha256InPageMegabytesPerSecond: round1(await harness.sha256MegabytesPerSecond(256)),
      server: { requests: server.requests.length },
    };
  } finally {
    await session.close();
    await server.close();
  }
}

/** Samples memory every SAMPLE_INTERVAL_MS while `work` runs; returns the peaks. */
async function sampleWhile(browserPid: number, cdp: CDPSession, work: () => Promise<void>): Promise<MemoryPeaks> {
  const peaks: MemoryPeaks = { totalRssBytes: 0, rssBytesByProcess: {}, pageJsHeapUsedBytes: 0, samples: 0 };
  let running = true;
  const sampler = (async () => {
    while (running) {
      let total = 0;
      for (const { kind, rssBytes } of chromiumProcesses(browserPid)) {
        total += rssBytes;
        peaks.rssBytesByProcess[kind] = Math.max(peaks.rssBytesByProcess[kind] ?? 0, rssBytes);
      }
      peaks.totalRssBytes = Math.max(peaks.totalRssBytes, total);
      const heap = (await cdp.send('Runtime.getHeapUsage').catch(() => undefined)) as { usedSize: number } | undefined;
      if (heap) peaks.pageJsHeapUsedBytes = Math.max(peaks.pageJsHeapUsedBytes, heap.usedSize);
      peaks.samples++;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  return peaks;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : round1((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
