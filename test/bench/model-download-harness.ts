/**
 * Browser side of the model-download e2e spec and benchmark (test/bench/model-download.html, served
 * by a Vite dev server): drives Escriba's real download path (DownloadWorkerClient → worker →
 * engine → OPFS store) and exposes it, as plain data, on `window.escribaDownloadHarness` for
 * Playwright. It is a harness, never part of the app.
 */
import { DownloadWorkerClient } from '../../src/model-manager/download.client';
import type { DownloadFile, DownloadProgress, FileState, RetryPolicy } from '../../src/model-manager/download.types';
import { createSha256 } from '../../src/model-manager/integrity';
import type { StoredEntry } from '../../src/model-manager/store';
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { spanishMessage } from '../../src/shared/messages';

export interface HarnessFile {
  key: string;
  state: FileState;
  receivedBytes: number;
  totalBytes: number | undefined;
  errorName?: string;
}

export interface HarnessRun {
  outcome: 'ready' | 'paused' | 'error' | 'running';
  errorName?: string;
  /** The Spanish text the doctor would read for the run's error. */
  errorText?: string;
  /** Each error's own fields (status, neededBytes…), to show they crossed the worker boundary. */
  errorFields?: Record<string, number>;
  files: HarnessFile[];
  /** Each file's states in order, consecutive duplicates collapsed. */
  states: Record<string, FileState[]>;
  progressEvents: number;
  /** Highest speed and a time-left the engine reported, to show they are filled in. */
  maxBytesPerSecond: number | undefined;
  lastSecondsLeft: number | undefined;
  elapsedMs: number;
}

export interface DownloadHarness {
  /** Starts a download and returns at once; `wait()` gives its result. */
  start(files: DownloadFile[], retry?: Partial<RetryPolicy>): void;
  /** The current (or last) run, as it stands. */
  current(): HarnessRun;
  wait(): Promise<HarnessRun>;
  pause(): void;
  list(): Promise<StoredEntry[]>;
  partSize(key: string): Promise<number>;
  usage(prefix?: string): Promise<number>;
  delete(keyOrPrefix: string): Promise<void>;
  /** SHA-256 of the stored file, read back from OPFS as a stream (no whole-file buffer). */
  storedSha256(key: string): Promise<string | undefined>;
  /** What a runtime's cache `match()` would get. */
  responseInfo(key: string): Promise<{ status: number; contentLength: string | null; bytesRead: number } | undefined>;
  /** The benchmark's baseline: a plain fetch put into Cache Storage, timed in the page. */
  fetchIntoCacheStorage(url: string): Promise<{ elapsedMs: number; storedBytes: number }>;
  clearCacheStorage(): Promise<void>;
  /** hash-wasm's SHA-256 speed in this page's thread, MB/s over `megabytes` of 1 MiB updates. */
  sha256MegabytesPerSecond(megabytes: number): Promise<number>;
}

declare global {
  interface Window {
    escribaDownloadHarness?: DownloadHarness;
  }
}

const store = new OpfsModelStore();
const client = new DownloadWorkerClient();
let controller = new AbortController();
let run: HarnessRun = emptyRun('ready');
let running: Promise<HarnessRun> = Promise.resolve(run);

function emptyRun(outcome: HarnessRun['outcome']): HarnessRun {
  return { outcome, files: [], states: {}, progressEvents: 0, maxBytesPerSecond: undefined, lastSecondsLeft: undefined, elapsedMs: 0 };
}

function record(target: HarnessRun, progress: DownloadProgress): void {
  target.files = progress.files.map(({ error, ...file }) => (error ? { ...file, errorName: error.name } : file));
  for (const file of progress.files) {
    const states = (target.states[file.key] ??= []);
    if (states[states.length - 1] !== file.state) states.push(file.state);
  }
  if (progress.bytesPerSecond !== undefined) {
    target.maxBytesPerSecond = Math.max(target.maxBytesPerSecond ?? 0, progress.bytesPerSecond);
  }
  if (progress.secondsLeft !== undefined) target.lastSecondsLeft = progress.secondsLeft;
}

function errorFields(error: Error): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const [name, value] of Object.entries(error)) if (typeof value === 'number') fields[name] = value;
  return fields;
}

const harness: DownloadHarness = {
  start(files, retry) {
    controller = new AbortController();
    const current = emptyRun('running');
    run = current;
    const startedAt = performance.now();
    running = client
      .download(files, {
        signal: controller.signal,
        ...(retry ? { retry } : {}),
        onProgress: (progress) => {
          current.progressEvents++;
          record(current, progress);
        },
      })
      .then((result) => {
        record(current, result.progress);
        current.outcome = result.outcome;
        current.elapsedMs = performance.now() - startedAt;
        if (result.error) {
          current.errorName = result.error.name;
          current.errorText = spanishMessage(result.error);
          current.errorFields = errorFields(result.error);
        }
        return current;
      });
  },
  current: () => structuredClone(run),
  wait: () => running.then((finished) => structuredClone(finished)),
  pause: () => controller.abort(),
  list: () => store.list(),
  partSize: (key) => store.partSize(key),
  usage: (prefix) => store.usage(prefix),
  delete: (keyOrPrefix) => store.delete(keyOrPrefix),
  async storedSha256(key) {
    const file = await store.read(key);
    if (!file) return undefined;
    const hasher = await createSha256();
    const reader = file.stream().getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) hasher.update(chunk.value);
    return hasher.digestHex();
  },
  async responseInfo(key) {
    const response = await store.response(key);
    if (!response?.body) return undefined;
    let bytesRead = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytesRead += chunk.value.byteLength;
    return { status: response.status, contentLength: response.headers.get('Content-Length'), bytesRead };
  },
  async fetchIntoCacheStorage(url) {
    const startedAt = performance.now();
    const cache = await caches.open('bench-plain-fetch');
    const response = await fetch(url, { cache: 'no-store' });
    await cache.put(url, response);
    const elapsedMs = performance.now() - startedAt;
    const stored = await cache.match(url);
    const storedBytes = Number(stored?.headers.get('Content-Length') ?? (await stored?.blob())?.size ?? 0);
    return { elapsedMs, storedBytes };
  },
  async clearCacheStorage() {
    await caches.delete('bench-plain-fetch');
  },
  async sha256MegabytesPerSecond(megabytes) {
    const chunk = new Uint8Array(1024 * 1024);
    crypto.getRandomValues(chunk.subarray(0, 65_536));
    const hasher = await createSha256();
    const startedAt = performance.now();
    for (let i = 0; i < megabytes; i++) hasher.update(chunk);
    hasher.digestHex();
    return megabytes / ((performance.now() - startedAt) / 1000);
  },
};

window.escribaDownloadHarness = harness;
document.getElementById('ready')?.removeAttribute('hidden');
