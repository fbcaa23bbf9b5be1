/**
 * An in-memory Cache Storage for unit tests of the web-llm hand-over, shaped like the browser's
 * (match by URL, `keys()` as Requests) so web-llm's own cache code can run against it in Node. It
 * refuses `add`/`addAll`: those are web-llm downloading by itself, which must never happen once
 * Escriba has installed a build.
 */
import type { CacheLike, CacheStorageLike } from './webLlmCache';

const urlOf = (request: RequestInfo | URL): string =>
  typeof request === 'string' ? new URL(request).href : request instanceof URL ? request.href : request.url;

export class MemoryCache implements CacheLike {
  readonly entries = new Map<string, { body: Uint8Array; headers: Headers }>();

  async match(request: RequestInfo): Promise<Response | undefined> {
    const entry = this.entries.get(urlOf(request));
    return entry ? new Response(entry.body.slice(), { status: 200, headers: entry.headers }) : undefined;
  }
  async put(request: RequestInfo, response: Response): Promise<void> {
    this.entries.set(urlOf(request), { body: new Uint8Array(await response.arrayBuffer()), headers: new Headers(response.headers) });
  }
  async delete(request: RequestInfo): Promise<boolean> {
    return this.entries.delete(urlOf(request));
  }
  async keys(): Promise<readonly Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async add(request: RequestInfo): Promise<void> {
    throw new Error(`web-llm tried to download ${urlOf(request)}`);
  }
  async addAll(requests: RequestInfo[]): Promise<void> {
    throw new Error(`web-llm tried to download ${requests.map(urlOf).join(', ')}`);
  }
}

export class MemoryCacheStorage implements CacheStorageLike {
  readonly caches = new Map<string, MemoryCache>();

  async open(name: string): Promise<MemoryCache> {
    let cache = this.caches.get(name);
    if (!cache) this.caches.set(name, (cache = new MemoryCache()));
    return cache;
  }
  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }
  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }
  /** Every stored URL, by cache name. */
  urls(): Record<string, string[]> {
    return Object.fromEntries([...this.caches].map(([name, cache]) => [name, [...cache.entries.keys()].sort()]));
  }
}
