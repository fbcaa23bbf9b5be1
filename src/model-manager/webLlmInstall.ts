/**
 * Installing a web-llm build with Escriba's own downloader (resume with HTTP Range, exact sizes
 * from the manifest, quota check), then handing each verified file to web-llm's Cache Storage
 * (webLlmCache.ts) and deleting the downloader's copy: at rest every file is stored once, where
 * web-llm reads it, and web-llm loads the build with no network.
 *
 * Two downloads, because the file list is in the build: first the chat config and the weight
 * manifest, then everything they name. Until the hand-over the files are in the OPFS store under
 * `<id>/<modelId>/`, so a pause, a reload or a dropped connection resumes like any other download.
 * The manifest is handed over last: until then the OPFS copy still says which shards belong to
 * the build.
 */
import { ModelManifestError } from '../shared/errors';
import type { WebLlmModel, WebLlmVariant } from './catalogSchema';
import type { DownloadOptions, DownloadResult, ModelDownloader } from './download.types';
import type { ModelStore } from './store';
import type { WebLlmCache } from './webLlmCache';
import {
  TENSOR_CACHE_FILE,
  webLlmBuildFiles,
  webLlmManifestFiles,
  webLlmModelUrl,
  webLlmStorePrefix,
  type WebLlmFile,
} from './webLlmFiles';

/** What is on this computer for one build: bytes in the cache and in the store, and whether it is complete. */
export interface WebLlmInstallCheck {
  /** Every file web-llm reads is in its cache. */
  complete: boolean;
  storedBytes: number;
}

export class WebLlmInstall {
  constructor(
    private readonly store: ModelStore,
    private readonly cache: WebLlmCache,
  ) {}

  async check(model: WebLlmModel, variant: WebLlmVariant): Promise<WebLlmInstallCheck> {
    const storeBytes = await this.store.usage(webLlmStorePrefix(model, variant));
    const files = await this.localFiles(model, variant).catch(() => undefined);
    if (!files) return { complete: false, storedBytes: storeBytes };
    const cached = await Promise.all(files.map((file) => this.cache.size(file)));
    const cacheBytes = cached.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0);
    return { complete: cached.every((bytes) => bytes !== undefined), storedBytes: storeBytes + cacheBytes };
  }

  /** Downloads what is missing and hands it to web-llm; `ready` only once web-llm has every file. */
  async download(
    model: WebLlmModel,
    variant: WebLlmVariant,
    downloader: ModelDownloader,
    options: DownloadOptions,
  ): Promise<DownloadResult> {
    const manifests = Object.values(webLlmManifestFiles(model, variant));
    const first = await downloader.download(await this.notCached(manifests), options);
    if (first.outcome !== 'ready') return first;
    let files: WebLlmFile[];
    try {
      files = await this.buildFiles(model, variant);
    } catch (error) {
      // A manifest that cannot be used is fetched again next time, not read again.
      if (error instanceof ModelManifestError) for (const file of manifests) await this.store.delete(file.key);
      throw error;
    }
    const missing = await this.notCached(files);
    const second = await downloader.download(missing, options);
    if (second.outcome !== 'ready') return second;
    await this.handOver(missing);
    return second;
  }

  /** Deletes every build of the model: web-llm's cache entries and any download in progress. */
  async remove(model: WebLlmModel): Promise<void> {
    for (const variant of model.variants) {
      await this.cache.removeBuild(webLlmModelUrl(variant), variant.modelLib);
      await this.store.delete(webLlmStorePrefix(model, variant));
    }
  }

  private async handOver(files: WebLlmFile[]): Promise<void> {
    const manifestLast = [...files].sort((a, b) => Number(a.url.endsWith(TENSOR_CACHE_FILE)) - Number(b.url.endsWith(TENSOR_CACHE_FILE)));
    for (const file of manifestLast) {
      const content = await this.store.read(file.key);
      if (!content) throw new ModelManifestError(`${file.key} vanished from the store before web-llm got it`);
      await this.cache.put(file, content);
      await this.store.delete(file.key);
    }
  }

  private async notCached(files: WebLlmFile[]): Promise<WebLlmFile[]> {
    const cached = await Promise.all(files.map((file) => this.cache.size(file)));
    return files.filter((_, i) => cached[i] === undefined);
  }

  /** The full file list from the manifests on this computer; undefined if one is not here yet. */
  private async localFiles(model: WebLlmModel, variant: WebLlmVariant): Promise<WebLlmFile[] | undefined> {
    const { chatConfig, tensorCache } = webLlmManifestFiles(model, variant);
    const [config, manifest] = await Promise.all([this.readJson(chatConfig), this.readJson(tensorCache)]);
    if (config === undefined || manifest === undefined) return undefined;
    return webLlmBuildFiles(model, variant, config, manifest);
  }

  private async buildFiles(model: WebLlmModel, variant: WebLlmVariant): Promise<WebLlmFile[]> {
    const files = await this.localFiles(model, variant);
    if (!files) throw new ModelManifestError(`${model.id}: the manifests were downloaded but cannot be read`);
    return files;
  }

  /** A manifest from web-llm's cache, else from the store; undefined where neither has it. */
  private async readJson(file: WebLlmFile): Promise<unknown> {
    const text = (await (await this.cache.read(file))?.text()) ?? (await (await this.store.read(file.key))?.text());
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ModelManifestError(`${file.key} is not JSON`, { cause: error });
    }
  }
}
