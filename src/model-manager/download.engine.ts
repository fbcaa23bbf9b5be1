/**
 * The download engine: takes the files a model needs and makes each one a verified file in the
 * store, or says in a named error why not. Files already stored are skipped; `.part` files left by
 * an earlier run (a pause, a dropped connection, a reload) are resumed from their size, so calling
 * `download()` again is all "resume" takes.
 *
 * Files go one at a time: the link, not the number of connections, bounds a clinic's download, and
 * one file in flight keeps pause, progress and the quota story simple. The first error stops the
 * run (the remaining files stay `pending`): without a network or without space, the next file would
 * only fail the same way.
 *
 * Runs where `PartStore.openPart` works: with the OPFS store, a dedicated worker
 * (download.worker.ts; the main thread uses download.client.ts).
 */
import { folderFetch } from './folderSource';
import { checkQuota, type QuotaEstimate } from './download.quota';
import { ProgressTracker } from './download.progress';
import { transferFile, type TransferContext } from './download.file';
import type {
  DownloadFile,
  DownloadOptions,
  DownloadResult,
  FileProgress,
  ModelDownloader,
  RetryPolicy,
} from './download.types';
import { createSha256, type Sha256Stream } from './integrity';
import type { PartStore } from './store';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttemptsWithoutProgress: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  stallTimeoutMs: 30_000,
};

export interface EngineDeps {
  store: PartStore;
  fetch?: typeof fetch;
  estimate?: () => Promise<QuotaEstimate>;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  createHasher?: () => Promise<Sha256Stream>;
}

export class DownloadEngine implements ModelDownloader {
  private readonly hashers = new Map<string, Sha256Stream>();

  constructor(private readonly deps: EngineDeps) {}

  async download(requested: readonly DownloadFile[], options: DownloadOptions = {}): Promise<DownloadResult> {
    const files = uniqueByKey(requested);
    const signal = options.signal ?? new AbortController().signal;
    const now = this.deps.now ?? (() => performance.now());
    const tracker = new ProgressTracker(files, { now, onProgress: options.onProgress });
    let current: DownloadFile | undefined;
    try {
      const remaining = await this.inspect(files, tracker);
      const estimate = this.deps.estimate ?? (() => navigator.storage.estimate());
      checkQuota(bytesStillNeeded(remaining, tracker), await estimate());
      const ctx = this.context(tracker, signal, options);
      for (const file of remaining) {
        signal.throwIfAborted();
        current = file;
        await transferFile(file, ctx);
      }
      current = undefined;
      return { outcome: 'ready', progress: tracker.snapshot() };
    } catch (error) {
      if (signal.aborted) {
        if (current) tracker.update(current.key, { state: 'paused' });
        return { outcome: 'paused', progress: tracker.snapshot() };
      }
      const named = error instanceof Error ? error : new Error(String(error));
      if (current) tracker.update(current.key, { state: 'error', error: named });
      return { outcome: 'error', error: named, progress: tracker.snapshot() };
    }
  }

  /** Marks stored files ready and counts resumable bytes; returns the files still to fetch. */
  private async inspect(files: DownloadFile[], tracker: ProgressTracker): Promise<DownloadFile[]> {
    const { store } = this.deps;
    const remaining: DownloadFile[] = [];
    for (const file of files) {
      const stored = await store.size(file.key);
      if (stored !== undefined && (file.bytes === undefined || stored === file.bytes)) {
        // Only verified files are ever renamed into place, so a stored file of the right size is
        // trusted without re-hashing (re-reading gigabytes at every start would be the cost).
        tracker.update(file.key, { state: 'ready', receivedBytes: stored, totalBytes: stored });
        continue;
      }
      // A stored file of another size: the catalogue now names another file under this key.
      if (stored !== undefined) await store.delete(file.key);
      tracker.update(file.key, { receivedBytes: await store.partSize(file.key) });
      remaining.push(file);
    }
    return remaining;
  }

  private context(tracker: ProgressTracker, signal: AbortSignal, options: DownloadOptions): TransferContext {
    return {
      store: this.deps.store,
      tracker,
      // A picked folder answers like a server (Range included), so its files get the same checks.
      fetch: options.folder
        ? folderFetch(options.folder)
        : (this.deps.fetch ?? ((input, init) => fetch(input, init))),
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      signal,
      sleep: this.deps.sleep ?? sleep,
      hashers: this.hashers,
      createHasher: this.deps.createHasher ?? createSha256,
    };
  }
}

function uniqueByKey(files: readonly DownloadFile[]): DownloadFile[] {
  const byKey = new Map<string, DownloadFile>();
  for (const file of files) if (!byKey.has(file.key)) byKey.set(file.key, file);
  return [...byKey.values()];
}

/** What the remaining files still need on disk; files of unknown size count as 0. */
function bytesStillNeeded(remaining: DownloadFile[], tracker: ProgressTracker): number {
  let needed = 0;
  for (const file of remaining) {
    const progress: FileProgress = tracker.get(file.key);
    if (file.bytes !== undefined) needed += Math.max(0, file.bytes - progress.receivedBytes);
  }
  return needed;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
