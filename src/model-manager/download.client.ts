/**
 * The main thread's side of the download worker: the same `ModelDownloader` interface as the
 * engine, so screens depend on the interface and tests can drive either. Pausing is a message to
 * the worker (abort the signal passed to `download`), never a terminated worker: the worker closes
 * the `.part` cleanly so its bytes are the resume point.
 *
 * Reading the store (has/read/response/usage/delete) needs no worker: use OpfsModelStore directly.
 */
import {
  fromWireError,
  fromWireProgress,
  fromWireResult,
  isDownloadEvent,
  type DownloadEvent,
  type DownloadRequest,
} from './download.protocol';
import { DownloadWorkerError } from '../shared/errors';
import type { DownloadFile, DownloadOptions, DownloadResult, ModelDownloader } from './download.types';

/** What the client needs of a Worker; tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: DownloadRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

interface Pending {
  resolve(result: DownloadResult): void;
  reject(error: Error): void;
  onProgress: DownloadOptions['onProgress'];
}

export function createDownloadWorker(): WorkerLike {
  return new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module', name: 'escriba-model-download' });
}

export class DownloadWorkerClient implements ModelDownloader {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private current: WorkerLike | undefined;

  /** The worker is started on first use, and again after it failed. */
  constructor(private readonly createWorker: () => WorkerLike = createDownloadWorker) {}

  private get worker(): WorkerLike {
    if (this.current) return this.current;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => {
      if (event instanceof MessageEvent && isDownloadEvent(event.data)) this.receive(event.data);
    });
    // A worker that fails to load (offline after an update removed its chunk) or crashes would
    // otherwise leave every pending download, and the installer's queue behind it, waiting forever.
    const fail = () => this.failAll(worker);
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    this.current = worker;
    return worker;
  }

  private failAll(worker: WorkerLike): void {
    if (this.current !== worker) return;
    this.current = undefined;
    worker.terminate();
    for (const pending of this.pending.values()) {
      pending.reject(new DownloadWorkerError('El proceso de descarga se detuvo'));
    }
    this.pending.clear();
  }

  download(files: readonly DownloadFile[], options: DownloadOptions = {}): Promise<DownloadResult> {
    const id = this.nextId++;
    const { signal, onProgress, retry, folder } = options;
    return new Promise<DownloadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      const pause = () => this.worker.postMessage({ type: 'pause', id });
      if (signal?.aborted) queueMicrotask(pause);
      else signal?.addEventListener('abort', pause, { once: true });
      this.worker.postMessage({
        type: 'download',
        id,
        files: [...files],
        ...(retry ? { retry } : {}),
        ...(folder ? { folder: [...folder] } : {}),
      });
    });
  }

  /** Ends the worker; downloads still running stop where they are (their `.part` files stay). */
  dispose(): void {
    this.current?.terminate();
    this.current = undefined;
    for (const pending of this.pending.values()) pending.reject(new Error('The download worker was stopped'));
    this.pending.clear();
  }

  private receive(event: DownloadEvent): void {
    const pending = this.pending.get(event.id);
    if (!pending) return;
    switch (event.type) {
      case 'progress':
        pending.onProgress?.(fromWireProgress(event.progress));
        return;
      case 'result':
        this.pending.delete(event.id);
        pending.resolve(fromWireResult(event.result));
        return;
      case 'error':
        this.pending.delete(event.id);
        pending.reject(fromWireError(event.error));
        return;
    }
  }
}
