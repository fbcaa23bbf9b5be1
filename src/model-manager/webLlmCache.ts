/**
 * web-llm's side of Escriba's model store: the Cache Storage entries web-llm 0.2.86 reads with its
 * default `cacheBackend: "cache"` (`ArtifactCache`: `caches.open(scope)`, then `match` by URL, and a
 * network `add` only on a miss). Escriba's downloader fetches and verifies each file into its OPFS
 * store; `put` then moves it here under the exact URL web-llm will ask for, and the caller deletes
 * the OPFS copy, so each file is stored once. web-llm finds every file and never downloads.
 *
 * The cache is the one place the files of an installed build live, so "installed" is read from it.
 */
import { ModelStorageFullError, isQuotaError } from '../shared/errors';
import { fileResponse } from './store';
import { WEBLLM_CACHES, type WebLlmFile } from './webLlmFiles';

/** The part of `CacheStorage`/`Cache` used here and by web-llm (tests pass an in-memory one). */
export interface CacheLike {
  match(request: RequestInfo): Promise<Response | undefined>;
  put(request: RequestInfo, response: Response): Promise<void>;
  delete(request: RequestInfo): Promise<boolean>;
  keys(): Promise<readonly Request[]>;
}
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

export class WebLlmCache {
  constructor(private readonly storage: CacheStorageLike) {}

  async read(file: WebLlmFile): Promise<Response | undefined> {
    return (await this.storage.open(file.cache)).match(new Request(file.cacheUrl));
  }

  /** Bytes of the cached file (the Content-Length `put` recorded), or undefined when absent. */
  async size(file: WebLlmFile): Promise<number | undefined> {
    const response = await this.read(file);
    if (!response) return undefined;
    await response.body?.cancel();
    const length = Number(response.headers.get('Content-Length'));
    return Number.isFinite(length) && length >= 0 ? length : 0;
  }

  /** Stores a verified file (disk-backed: the body streams from the OPFS file). */
  async put(file: WebLlmFile, content: File): Promise<void> {
    try {
      await (await this.storage.open(file.cache)).put(new Request(file.cacheUrl), fileResponse(content));
    } catch (error) {
      if (isQuotaError(error)) {
        throw new ModelStorageFullError(`${file.key}: the browser refused to store it for web-llm`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Deletes a build: every entry under its model URL (config, manifest, tokenizer, shards; also
   * ones a crashed hand-over left without a manifest) and its library.
   */
  async removeBuild(modelUrl: string, modelLib: string): Promise<void> {
    for (const name of WEBLLM_CACHES) {
      const cache = await this.storage.open(name);
      for (const request of await cache.keys()) {
        if (request.url.startsWith(modelUrl) || request.url === new URL(modelLib).href) await cache.delete(request);
      }
    }
  }
}
