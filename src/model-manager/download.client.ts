/**
 * The main thread's side of the download worker: the same `ModelDownloader` interface as the
 * engine, so screens depend on the interface and tests can drive either. Pausing is a message to
 * the worker (abort the signal passed to `download`), never a terminated worker: the worker closes
 * the `.part` cleanly so its bytes are the resume point. Messages, cancelling and a crashed worker
 * are the worker runtime's (shared/worker/connection.ts).
 *
 * Reading the store (has/read/response/usage/delete) needs no worker: use OpfsModelStore directly.
 */
import { DownloadWorkerError } from '../shared/errors';
import { WorkerConnection, type WorkerLike } from '../shared/worker/connection';
import { DOWNLOAD_PROTOCOL, fromWireProgress, fromWireResult, type DownloadMethods } from './download.protocol';
import type { DownloadFile, DownloadOptions, DownloadResult, ModelDownloader } from './download.types';

export type { WorkerLike };

export function createDownloadWorker(): WorkerLike {
  return new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module', name: 'escriba-model-download' });
}

export class DownloadWorkerClient implements ModelDownloader {
  private current: WorkerConnection<DownloadMethods> | undefined;

  /** The worker is started on first use, and again after it failed. */
  constructor(private readonly createWorker: () => WorkerLike = createDownloadWorker) {}

  async download(files: readonly DownloadFile[], options: DownloadOptions = {}): Promise<DownloadResult> {
    const { signal, onProgress, retry, folder } = options;
    const result = await this.connection.call(
      'download',
      { files: [...files], ...(retry ? { retry } : {}), ...(folder ? { folder: [...folder] } : {}) },
      { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress: (progress) => onProgress(fromWireProgress(progress)) } : {}) },
    );
    return fromWireResult(result);
  }

  /** Ends the worker; downloads still running stop where they are (their `.part` files stay). */
  dispose(): void {
    this.current?.stop(() => new Error('The download worker was stopped'));
    this.current = undefined;
  }

  private get connection(): WorkerConnection<DownloadMethods> {
    if (this.current) return this.current;
    // A worker that fails to load (offline after an update removed its chunk) or crashes would
    // otherwise leave every pending download, and the installer's queue behind it, waiting forever.
    const connection: WorkerConnection<DownloadMethods> = new WorkerConnection(this.createWorker(), DOWNLOAD_PROTOCOL, {
      crashed: () => {
        if (this.current === connection) this.current = undefined;
        connection.stop(() => new DownloadWorkerError('El proceso de descarga se detuvo'));
      },
      broken: (message) => new DownloadWorkerError(message),
    });
    this.current = connection;
    return connection;
  }
}
