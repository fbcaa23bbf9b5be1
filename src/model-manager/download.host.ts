/**
 * The worker's side of the download protocol: answers DownloadRequests with an engine, posting
 * progress and one result per request. Separate from download.worker.ts so a test can connect it
 * to a DownloadWorkerClient without a real worker.
 */
import {
  isDownloadRequest,
  toWireError,
  toWireProgress,
  toWireResult,
  type DownloadEvent,
  type DownloadRequest,
} from './download.protocol';
import type { ModelDownloader } from './download.types';

/** What the host uses of DedicatedWorkerGlobalScope (the project compiles against the DOM lib). */
export interface HostScope {
  postMessage(message: DownloadEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export function serveDownloads(scope: HostScope, engine: ModelDownloader): void {
  const running = new Map<number, AbortController>();

  async function start(request: Extract<DownloadRequest, { type: 'download' }>): Promise<void> {
    const controller = new AbortController();
    running.set(request.id, controller);
    try {
      const result = await engine.download(request.files, {
        signal: controller.signal,
        ...(request.retry ? { retry: request.retry } : {}),
        ...(request.folder ? { folder: request.folder } : {}),
        onProgress: (progress) => scope.postMessage({ type: 'progress', id: request.id, progress: toWireProgress(progress) }),
      });
      scope.postMessage({ type: 'result', id: request.id, result: toWireResult(result) });
    } catch (error) {
      const wire = toWireError(error instanceof Error ? error : new Error(String(error)));
      scope.postMessage({ type: 'error', id: request.id, error: wire });
    } finally {
      running.delete(request.id);
    }
  }

  scope.addEventListener('message', (event) => {
    if (!isDownloadRequest(event.data)) return;
    const request = event.data;
    if (request.type === 'pause') running.get(request.id)?.abort();
    else void start(request);
  });
}
