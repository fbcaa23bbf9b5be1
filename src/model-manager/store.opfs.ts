/**
 * The model store on the Origin Private File System (`navigator.storage.getDirectory()`), under
 * `models/`. Keys map to nested folders (`whisper-base/onnx/encoder.onnx`).
 *
 * Reading works in any context. Writing `.part` files needs a dedicated worker, because it uses
 * `FileSystemSyncAccessHandle`, which writes in place. The alternative, `createWritable()`, was
 * measured in Chromium 156 and rejected: its bytes go to a swap file that only replaces the real
 * file on `close()`, so a reload loses everything since the last close (the `.part` on disk would
 * not be the resume point), and reopening with `keepExistingData` copies the whole file first
 * (1.3 s per 256 MB: quadratic over a 2 GB download closed every few MB). The sync handle wrote
 * 256 MB in 0.6 s and its bytes are on disk as soon as `write()` returns.
 */
import { UnsupportedBrowserError } from '../shared/errors';
import {
  PART_SUFFIX,
  fileResponse,
  keySegments,
  prefixSegments,
  type PartFile,
  type PartStore,
  type StoredEntry,
} from './store';

const STORE_DIRECTORY = 'models';
/**
 * After a reload the previous page's worker may still hold the `.part`'s access handle for a
 * moment; opening it then fails with NoModificationAllowedError. Wait this long before giving up.
 */
const OPEN_LOCK_WAIT_MS = 5_000;
const OPEN_LOCK_RETRY_MS = 100;

/** The part of `FileSystemSyncAccessHandle` used here (TypeScript's DOM lib lacks it). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

interface SyncCapable {
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
}

interface Movable {
  move(newName: string): Promise<void>;
}

interface IterableDirectory {
  entries(): AsyncIterableIterator<[string, FileSystemDirectoryHandle | FileSystemFileHandle]>;
}

function isSyncCapable(handle: FileSystemFileHandle): handle is FileSystemFileHandle & SyncCapable {
  return 'createSyncAccessHandle' in handle && typeof handle.createSyncAccessHandle === 'function';
}

function isMovable(handle: FileSystemFileHandle): handle is FileSystemFileHandle & Movable {
  return 'move' in handle && typeof handle.move === 'function';
}

function isIterable(handle: FileSystemDirectoryHandle): handle is FileSystemDirectoryHandle & IterableDirectory {
  return 'entries' in handle && typeof handle.entries === 'function';
}

function isNamed(error: unknown, ...names: string[]): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && names.includes(String(error.name));
}

const isMissing = (error: unknown) => isNamed(error, 'NotFoundError', 'TypeMismatchError');

export class OpfsModelStore implements PartStore {
  private rootPromise: Promise<FileSystemDirectoryHandle> | undefined;

  constructor(private readonly getRoot: () => Promise<FileSystemDirectoryHandle> = () => navigator.storage.getDirectory()) {}

  async has(key: string): Promise<boolean> {
    return (await this.fileHandle(key)) !== undefined;
  }

  async size(key: string): Promise<number | undefined> {
    return (await this.read(key))?.size;
  }

  async read(key: string): Promise<File | undefined> {
    return (await this.fileHandle(key))?.getFile();
  }

  async response(key: string): Promise<Response | undefined> {
    const file = await this.read(key);
    return file && fileResponse(file);
  }

  async delete(keyOrPrefix: string): Promise<void> {
    const segments = prefixSegments(keyOrPrefix);
    const root = await this.root();
    if (segments.length === 0) {
      for (const [name] of await entriesOf(root)) await root.removeEntry(name, { recursive: true });
      return;
    }
    const parent = await this.directory(segments.slice(0, -1), false);
    if (!parent) return;
    const name = segments[segments.length - 1]!;
    for (const entry of [name, `${name}${PART_SUFFIX}`]) {
      try {
        await parent.removeEntry(entry, { recursive: true });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  async usage(prefix = ''): Promise<number> {
    const segments = prefixSegments(prefix);
    if (segments.length === 0) return sum(await this.list());
    // A prefix names a folder (a model) or one file: measure whichever exists.
    const under = sum(await this.walk(segments));
    const parent = await this.directory(segments.slice(0, -1), false);
    const name = segments[segments.length - 1]!;
    let own = 0;
    for (const entry of [name, `${name}${PART_SUFFIX}`]) {
      own += (await fileIn(parent, entry).then((h) => h?.getFile()))?.size ?? 0;
    }
    return under + own;
  }

  async list(): Promise<StoredEntry[]> {
    return (await this.walk([])).sort((a, b) => a.key.localeCompare(b.key) || Number(a.partial) - Number(b.partial));
  }

  async partSize(key: string): Promise<number> {
    const segments = keySegments(key);
    const parent = await this.directory(segments.slice(0, -1), false);
    const handle = await fileIn(parent, `${segments[segments.length - 1]!}${PART_SUFFIX}`);
    return (await handle?.getFile())?.size ?? 0;
  }

  async openPart(key: string): Promise<PartFile> {
    const segments = keySegments(key);
    const parent = await this.directory(segments.slice(0, -1), true);
    const handle = await parent!.getFileHandle(`${segments[segments.length - 1]!}${PART_SUFFIX}`, { create: true });
    if (!isSyncCapable(handle)) {
      throw new UnsupportedBrowserError('Model downloads must run in a dedicated worker (FileSystemSyncAccessHandle)');
    }
    return new SyncPartFile(await openWithRetry(handle));
  }

  async commitPart(key: string): Promise<void> {
    const segments = keySegments(key);
    const name = segments[segments.length - 1]!;
    const parent = await this.directory(segments.slice(0, -1), false);
    const part = await fileIn(parent, `${name}${PART_SUFFIX}`);
    if (!parent || !part) throw new DOMException(`${key}${PART_SUFFIX} not found`, 'NotFoundError');
    if (isMovable(part)) {
      // A rename: atomic, no second copy, and it replaces an existing file of that name.
      await part.move(name);
      return;
    }
    // Browsers without move(): copy then delete (briefly two copies; never two afterwards).
    const target = await parent.getFileHandle(name, { create: true });
    const writable = await target.createWritable();
    await (await part.getFile()).stream().pipeTo(writable);
    await parent.removeEntry(`${name}${PART_SUFFIX}`);
  }

  async deletePart(key: string): Promise<void> {
    const segments = keySegments(key);
    const parent = await this.directory(segments.slice(0, -1), false);
    try {
      await parent?.removeEntry(`${segments[segments.length - 1]!}${PART_SUFFIX}`);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  private root(): Promise<FileSystemDirectoryHandle> {
    this.rootPromise ??= this.getRoot().then((root) => root.getDirectoryHandle(STORE_DIRECTORY, { create: true }));
    return this.rootPromise;
  }

  private async directory(segments: string[], create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    let current = await this.root();
    for (const segment of segments) {
      try {
        current = await current.getDirectoryHandle(segment, { create });
      } catch (error) {
        if (!create && isMissing(error)) return undefined;
        throw error;
      }
    }
    return current;
  }

  private async fileHandle(key: string): Promise<FileSystemFileHandle | undefined> {
    const segments = keySegments(key);
    return fileIn(await this.directory(segments.slice(0, -1), false), segments[segments.length - 1]!);
  }

  /** Every file under `segments` (a folder), with keys relative to the store. */
  private async walk(segments: string[]): Promise<StoredEntry[]> {
    const start = await this.directory(segments, false);
    if (!start) return [];
    const found: StoredEntry[] = [];
    const visit = async (directory: FileSystemDirectoryHandle, path: string[]): Promise<void> => {
      for (const [name, handle] of await entriesOf(directory)) {
        if (handle.kind === 'directory') {
          await visit(handle, [...path, name]);
          continue;
        }
        const partial = name.endsWith(PART_SUFFIX);
        const keyName = partial ? name.slice(0, -PART_SUFFIX.length) : name;
        found.push({ key: [...path, keyName].join('/'), bytes: (await handle.getFile()).size, partial });
      }
    };
    await visit(start, segments);
    return found;
  }
}

class SyncPartFile implements PartFile {
  private closed = false;

  constructor(private readonly handle: SyncAccessHandle) {}

  get size(): number {
    return this.handle.getSize();
  }

  async append(chunk: Uint8Array): Promise<void> {
    const at = this.handle.getSize();
    let written = 0;
    // write() may accept fewer bytes than offered; a refusal (quota) throws and writes nothing.
    while (written < chunk.byteLength) {
      written += this.handle.write(chunk.subarray(written), { at: at + written });
    }
  }

  async read(into: Uint8Array, at: number): Promise<number> {
    return this.handle.read(into, { at });
  }

  async truncate(bytes: number): Promise<void> {
    this.handle.truncate(bytes);
  }

  async flush(): Promise<void> {
    this.handle.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handle.flush();
    this.handle.close();
  }
}

async function openWithRetry(handle: FileSystemFileHandle & SyncCapable): Promise<SyncAccessHandle> {
  const deadline = Date.now() + OPEN_LOCK_WAIT_MS;
  for (;;) {
    try {
      return await handle.createSyncAccessHandle();
    } catch (error) {
      if (!isNamed(error, 'NoModificationAllowedError') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, OPEN_LOCK_RETRY_MS));
    }
  }
}

async function fileIn(directory: FileSystemDirectoryHandle | undefined, name: string): Promise<FileSystemFileHandle | undefined> {
  if (!directory) return undefined;
  try {
    return await directory.getFileHandle(name);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function entriesOf(directory: FileSystemDirectoryHandle): Promise<[string, FileSystemDirectoryHandle | FileSystemFileHandle][]> {
  if (!isIterable(directory)) throw new UnsupportedBrowserError('This browser cannot list folders of the private file system');
  const entries: [string, FileSystemDirectoryHandle | FileSystemFileHandle][] = [];
  for await (const entry of directory.entries()) entries.push(entry);
  return entries;
}

function sum(entries: StoredEntry[]): number {
  return entries.reduce((total, entry) => total + entry.bytes, 0);
}
