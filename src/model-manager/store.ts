/**
 * Escriba's model store: the one place model files live on the doctor's computer, whatever runtime
 * (transformers.js, web-llm) reads them. A file is named by a key, `${modelId}/${path}`, and stored
 * once under `models/<key>`; a download in progress is `models/<key>.part` until it is verified and
 * renamed. The bytes already in the `.part` file are the resume point: there is no separate counter
 * that could disagree with the disk.
 *
 * Two interfaces: `ModelStore` is what runtimes and the settings screen use (read, measure,
 * delete); `PartStore` is what the downloader needs besides (append to a `.part`, rename it).
 * `store.opfs.ts` implements both on the Origin Private File System, `store.memory.ts` in memory.
 */

export const PART_SUFFIX = '.part';

export interface StoredEntry {
  key: string;
  bytes: number;
  /** A download in progress (or paused): the `.part` file, not yet verified. */
  partial: boolean;
}

export interface ModelStore {
  /** A complete, verified file is stored under `key`. */
  has(key: string): Promise<boolean>;
  /** Bytes of the complete file, or undefined when it is not stored. */
  size(key: string): Promise<number | undefined>;
  /** The stored file, disk-backed (reading it streams from disk); undefined when absent. */
  read(key: string): Promise<File | undefined>;
  /** The stored file as a `Response`, for transformers.js' custom cache `match()`. */
  response(key: string): Promise<Response | undefined>;
  /** Deletes a file (and its `.part`), or everything under a prefix such as a model id. */
  delete(keyOrPrefix: string): Promise<void>;
  /** Bytes stored under a prefix (complete and partial files); the whole store without one. */
  usage(prefix?: string): Promise<number>;
  /** Every stored file, complete or partial, sorted by key. */
  list(): Promise<StoredEntry[]>;
}

/** An open `.part` file. Writes always append; the file's size is the resume point. */
export interface PartFile {
  /** Bytes on disk now. */
  readonly size: number;
  append(chunk: Uint8Array): Promise<void>;
  /** Copies bytes from `at` into `into`; returns how many were read (0 at the end). */
  read(into: Uint8Array, at: number): Promise<number>;
  truncate(bytes: number): Promise<void>;
  /** Makes what was appended durable (fsync); reading back does not need it. */
  flush(): Promise<void>;
  /** Idempotent: closing twice is harmless, so `finally` blocks can always close. */
  close(): Promise<void>;
}

export interface PartStore extends ModelStore {
  /** Bytes in `<key>.part`; 0 when there is none. */
  partSize(key: string): Promise<number>;
  /** Opens (creating if needed) `<key>.part` for appending. One writer at a time per key. */
  openPart(key: string): Promise<PartFile>;
  /** Replaces `<key>` with the closed `<key>.part` by renaming it (never a copy). */
  commitPart(key: string): Promise<void>;
  deletePart(key: string): Promise<void>;
}

export class InvalidStoreKeyError extends Error {
  override readonly name = 'InvalidStoreKeyError';
}

/**
 * Splits a key into path segments, refusing what could escape `models/` or collide with a partial
 * download (`.part` names are the store's own).
 */
function checkedSegments(path: string, what: 'key' | 'prefix', original: string): string[] {
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[\\\0]/.test(segment)) {
      throw new InvalidStoreKeyError(`Invalid model store ${what}: "${original}"`);
    }
  }
  return segments;
}

export function keySegments(key: string): string[] {
  const segments = checkedSegments(key, 'key', key);
  if (segments[segments.length - 1]!.endsWith(PART_SUFFIX)) {
    throw new InvalidStoreKeyError(`Model store keys may not end in ${PART_SUFFIX}: "${key}"`);
  }
  return segments;
}

/** Like `keySegments`, but '' (the whole store) is allowed and a trailing '/' is ignored. */
export function prefixSegments(prefix: string): string[] {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return [];
  return checkedSegments(trimmed, 'prefix', prefix);
}

/** Whether `key` is `prefix` itself or lies under it (`whisper` does not cover `whisper-large/x`). */
export function isUnderPrefix(key: string, prefix: string): boolean {
  const segments = prefixSegments(prefix);
  if (segments.length === 0) return true;
  const keyParts = key.split('/');
  return segments.every((segment, i) => keyParts[i] === segment);
}

/** Headers a runtime expects from a model response (transformers.js reads Content-Length for progress). */
export function fileResponse(file: File): Response {
  return new Response(file, {
    status: 200,
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      'Content-Length': String(file.size),
    },
  });
}
