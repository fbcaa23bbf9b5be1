/**
 * An in-memory `PartStore` with the same rules as the OPFS one (one writer per `.part`, rename on
 * commit, quota refusals that write nothing), for unit tests of the downloader and of screens that
 * show the store. Not for real models: everything is lost with the page.
 */
import {
  PART_SUFFIX,
  fileResponse,
  isUnderPrefix,
  keySegments,
  prefixSegments,
  type PartFile,
  type PartStore,
  type StoredEntry,
} from './store';

export interface MemoryStoreOptions {
  /** Appends that would take the store past this many bytes fail with a QuotaExceededError. */
  quotaBytes?: number;
}

export class MemoryModelStore implements PartStore {
  private readonly files = new Map<string, Uint8Array>();
  private readonly parts = new Map<string, Uint8Array>();
  private readonly openParts = new Set<string>();
  quotaBytes: number | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.quotaBytes = options.quotaBytes;
  }

  /** Test helper: puts bytes straight into the store, as a finished download would. */
  seed(key: string, bytes: Uint8Array, { partial = false } = {}): void {
    keySegments(key);
    (partial ? this.parts : this.files).set(key, bytes.slice());
  }

  /** Test helper: the raw bytes of a complete file or of a `.part`. */
  bytesOf(key: string, { partial = false } = {}): Uint8Array | undefined {
    return (partial ? this.parts : this.files).get(key);
  }

  async has(key: string): Promise<boolean> {
    keySegments(key);
    return this.files.has(key);
  }

  async size(key: string): Promise<number | undefined> {
    keySegments(key);
    return this.files.get(key)?.byteLength;
  }

  async read(key: string): Promise<File | undefined> {
    keySegments(key);
    const bytes = this.files.get(key);
    return bytes && new File([bytes.slice()], key.split('/').pop() ?? key);
  }

  async response(key: string): Promise<Response | undefined> {
    const file = await this.read(key);
    return file && fileResponse(file);
  }

  async delete(keyOrPrefix: string): Promise<void> {
    prefixSegments(keyOrPrefix);
    for (const map of [this.files, this.parts]) {
      for (const key of [...map.keys()]) {
        if (!isUnderPrefix(key, keyOrPrefix)) continue;
        if (map === this.parts && this.openParts.has(key)) throw busy(key);
        map.delete(key);
      }
    }
  }

  async usage(prefix = ''): Promise<number> {
    return (await this.list()).filter((e) => isUnderPrefix(e.key, prefix)).reduce((sum, e) => sum + e.bytes, 0);
  }

  async list(): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = [
      ...[...this.files].map(([key, bytes]) => ({ key, bytes: bytes.byteLength, partial: false })),
      ...[...this.parts].map(([key, bytes]) => ({ key, bytes: bytes.byteLength, partial: true })),
    ];
    return entries.sort((a, b) => a.key.localeCompare(b.key) || Number(a.partial) - Number(b.partial));
  }

  async partSize(key: string): Promise<number> {
    keySegments(key);
    return this.parts.get(key)?.byteLength ?? 0;
  }

  async openPart(key: string): Promise<PartFile> {
    keySegments(key);
    if (this.openParts.has(key)) throw busy(key);
    this.openParts.add(key);
    if (!this.parts.has(key)) this.parts.set(key, new Uint8Array(0));
    let open = true;
    const store = this;
    const current = (): Uint8Array => {
      if (!open) throw new DOMException(`${key}${PART_SUFFIX} is closed`, 'InvalidStateError');
      return store.parts.get(key) ?? new Uint8Array(0);
    };
    return {
      get size() {
        return store.parts.get(key)?.byteLength ?? 0;
      },
      async append(chunk) {
        const before = current();
        if (store.quotaBytes !== undefined && store.totalBytes() + chunk.byteLength > store.quotaBytes) {
          throw new DOMException('No space available for this operation', 'QuotaExceededError');
        }
        const grown = new Uint8Array(before.byteLength + chunk.byteLength);
        grown.set(before);
        grown.set(chunk, before.byteLength);
        store.parts.set(key, grown);
      },
      async read(into, at) {
        const bytes = current().subarray(at, at + into.byteLength);
        into.set(bytes);
        return bytes.byteLength;
      },
      async truncate(bytes) {
        store.parts.set(key, current().slice(0, bytes));
      },
      async flush() {
        current();
      },
      async close() {
        open = false;
        store.openParts.delete(key);
      },
    };
  }

  async commitPart(key: string): Promise<void> {
    keySegments(key);
    if (this.openParts.has(key)) throw busy(key);
    const bytes = this.parts.get(key);
    if (!bytes) throw new DOMException(`${key}${PART_SUFFIX} not found`, 'NotFoundError');
    this.files.set(key, bytes);
    this.parts.delete(key);
  }

  async deletePart(key: string): Promise<void> {
    keySegments(key);
    if (this.openParts.has(key)) throw busy(key);
    this.parts.delete(key);
  }

  private totalBytes(): number {
    let total = 0;
    for (const map of [this.files, this.parts]) for (const bytes of map.values()) total += bytes.byteLength;
    return total;
  }
}

function busy(key: string): DOMException {
  return new DOMException(`${key}${PART_SUFFIX} is open for writing`, 'NoModificationAllowedError');
}
