/**
 * Installing models from a folder (a USB drive, a shared folder): the clinic copies each model's
 * files as `<owner>/<repo>/<path>` (e.g. `onnx-community/whisper-base/onnx/encoder_model_q4.onnx`),
 * the doctor picks the folder, and the files go through the same engine as a download, behind a
 * `fetch` that answers from the chosen files. So the verification and the store are exactly those
 * of a network download, and nothing is stored twice.
 */
import type { DownloadFile } from './download.types';

/** `<owner>/<repo>/<path>` for a hub-layout URL `…/<owner>/<repo>/resolve/<revision>/<path>`. */
export function folderPathForUrl(url: string): string | undefined {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const resolveAt = segments.lastIndexOf('resolve');
  if (resolveAt < 2 || resolveAt + 2 >= segments.length) return undefined;
  return [...segments.slice(resolveAt - 2, resolveAt), ...segments.slice(resolveAt + 2)].join('/');
}

/**
 * A file of a picked folder with its path inside the folder. The path travels explicitly because a
 * File posted to the download worker does not keep `webkitRelativePath`.
 */
export interface FolderFile {
  path: string;
  file: File;
}

/** What `<input webkitdirectory>` gives, with paths relative to the chosen folder (its name dropped). */
export function pickedFolder(files: Iterable<File>): FolderFile[] {
  return [...files].map((file) => {
    const relative = file.webkitRelativePath || file.name;
    return { path: relative.split('/').slice(1).join('/') || relative, file };
  });
}

export function indexFolder(folder: Iterable<FolderFile>): Map<string, File> {
  return new Map([...folder].map(({ path, file }) => [path, file]));
}

/** The part of a folder a download needs (so only those files go to the worker). */
export function folderPartFor(folder: Map<string, File>, files: readonly DownloadFile[]): FolderFile[] {
  return files.flatMap((f) => {
    const path = folderPathForUrl(f.url) ?? '';
    const file = folder.get(path);
    return file ? [{ path, file }] : [];
  });
}

/** Whether every file of a download is in the folder. */
export function folderHasAll(folder: Map<string, File>, files: readonly DownloadFile[]): boolean {
  return files.length > 0 && files.every((f) => folder.has(folderPathForUrl(f.url) ?? ''));
}

const RANGE = /^bytes=(\d+)-$/;

/** A `fetch` over the folder with the Range behaviour the engine relies on to resume. */
export function folderFetch(folder: Map<string, File>): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const file = folder.get(folderPathForUrl(url) ?? '');
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
