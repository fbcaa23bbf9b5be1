/**
 * The worker's side of the download protocol: answers each download with the engine, posting
 * progress and one result. Separate from download.worker.ts so a test can connect it to a
 * DownloadWorkerClient without a real worker.
 */
import { serve, type HostScope } from '../shared/worker/host';
import { DOWNLOAD_PROTOCOL, toWireProgress, toWireResult } from './download.protocol';
import type { ModelDownloader } from './download.types';

export type { HostScope };

export function serveDownloads(scope: HostScope, engine: ModelDownloader): void {
  serve(scope, DOWNLOAD_PROTOCOL, {
    download: async ({ files, retry, folder }, { signal, progress }) =>
      toWireResult(
        await engine.download(files, {
          signal,
          ...(retry ? { retry } : {}),
          ...(folder ? { folder } : {}),
          onProgress: (p) => progress(toWireProgress(p)),
        }),
      ),
  });
}
