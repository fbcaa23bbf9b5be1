/**
 * Installing models from a folder (a USB drive, a shared folder): the clinic copies each model's
 * files as `<owner>/<repo>/<path>` (e.g. `onnx-community/whisper-base/onnx/encoder_model.onnx`;
 * a web-llm build's library goes into the build's own folder under its file name), the doctor
 * picks the folder, and the files go through the same engine as a download, behind a `fetch`
 * that answers from the chosen files. So the verification and the store are exactly those of a
 * network download, and nothing is stored twice.
 *
 * The folder's layout is resolved here, on the main thread: the download worker receives only
 * the files it needs, each tied to the URL it stands in for.
 */
import { ModelFolderIncompleteError } from '../shared/errors';
import type { DownloadFile, DownloadOptions, DownloadResult, ModelDownloader } from './download.types';

/** `<owner>/<repo>/<path>` for a hub-layout URL `…/<owner>/<repo>/resolve/<revision>/<path>`. */
export function folderPathForUrl(url: string): string | undefined {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const resolveAt = segments.lastIndexOf('resolve');
  if (resolveAt < 2 || resolveAt + 2 >= segments.length) return undefined;
  return [...segments.slice(resolveAt - 2, resolveAt), ...segments.slice(resolveAt + 2)].join('/');
}

/** Where a file to download is found in a provisioning folder. */
export function folderPathOf(file: DownloadFile): string | undefined {
  return file.folderPath ?? folderPathForUrl(file.url);
}

/** The chosen folder's files by their path inside it. */
export type PickedFolder = ReadonlyMap<string, File>;

/** What `<input webkitdirectory>` gives, with paths relative to the chosen folder (its name dropped). */
export function pickedFolder(files: Iterable<File>): PickedFolder {
  return new Map(
    [...files].map((file) => {
      const relative = file.webkitRelativePath || file.name;
      return [relative.split('/').slice(1).join('/') || relative, file] as const;
    }),
  );
}

/**
 * A picked file standing in for the download of `url`. The URL travels explicitly because a File
 * posted to the download worker does not keep `webkitRelativePath`.
 */
export interface FolderFile {
  url: string;
  file: File;
}

/** The paths (in the folder's layout) of the files the folder lacks. */
export function folderMissing(folder: PickedFolder, files: readonly DownloadFile[]): string[] {
  return files.flatMap((f) => {
    const path = folderPathOf(f);
    return path !== undefined && folder.has(path) ? [] : [path ?? f.url];
  });
}

/** Whether every file of a download is in the folder. */
export function folderHasAll(folder: PickedFolder, files: readonly DownloadFile[]): boolean {
  return files.length > 0 && folderMissing(folder, files).length === 0;
}

/** The part of a folder a download needs (so only those files go to the worker). */
export function folderPartFor(folder: PickedFolder, files: readonly DownloadFile[]): FolderFile[] {
  return files.flatMap((f) => {
    const file = folder.get(folderPathOf(f) ?? '');
    return file ? [{ url: f.url, file }] : [];
  });
}

/**
 * Downloads through `downloader` from the folder instead of the network. A download whose files
 * are not all there fails before it starts, naming what is missing.
 */
export function folderDownloader(downloader: ModelDownloader, folder: PickedFolder): ModelDownloader {
  return {
    download(files: readonly DownloadFile[], options: DownloadOptions = {}): Promise<DownloadResult> {
      const missing = folderMissing(folder, files);
      if (missing.length > 0) {
        const progress = { files: [], receivedBytes: 0, totalBytes: undefined, bytesPerSecond: undefined, secondsLeft: undefined };
        return Promise.resolve({ outcome: 'error', progress, error: new ModelFolderIncompleteError(`The folder lacks ${missing.join(', ')}`, { missing }) });
      }
      return downloader.download(files, { ...options, folder: folderPartFor(folder, files) });
    },
  };
}

const RANGE = /^bytes=(\d+)-$/;

/** A `fetch` over the folder's files with the Range behaviour the engine relies on to resume. */
export function folderFetch(files: readonly FolderFile[]): typeof fetch {
  const byUrl = new Map(files.map(({ url, file }) => [url, file]));
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const file = byUrl.get(url);
    if (!file) return new Response(null, { status: 404, statusText: 'No está en la carpeta' });
    const range = new Headers(init?.headers).get('range');
    const from = Number(RANGE.exec(range ?? '')?.[1] ?? 0);
    if (from >= file.size && from > 0) {
      return new Response(null, { status: 416, headers: { 'content-range': `bytes */${file.size}` } });
    }
    const body = file.slice(from);
    const headers = { 'content-length': String(body.size), 'accept-ranges': 'bytes' };
    return range && from > 0
      ? new Response(body, { status: 206, headers: { ...headers, 'content-range': `bytes ${from}-${file.size - 1}/${file.size}` } })
      : new Response(body, { status: 200, headers });
  };
}
