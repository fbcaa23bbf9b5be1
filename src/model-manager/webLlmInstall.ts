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
 *
 * A build the catalogue names by branch is first pinned to the commit the branch is at, and every
 * file is fetched from that commit (webLlmRevision.ts); a folder install is not (the folder is the
 * build, whatever its commit).
 */
import { ModelDownloadError, ModelManifestError, ModelRevisionError } from '../shared/errors';
import type { WebLlmModel, WebLlmVariant } from './catalogSchema';
import type { DownloadOptions, DownloadResult, ModelDownloader } from './download.types';
import { isUnderPrefix, type ModelStore } from './store';
import type { WebLlmCache } from './webLlmCache';
import {
  TENSOR_CACHE_FILE,
  webLlmBuildFiles,
  webLlmManifestFiles,
  webLlmModelUrl,
  webLlmStorePrefix,
  type WebLlmFile,
} from './webLlmFiles';
import { REVISION_RECORD_FILE, commitOfRecord, hostLacksRevisionApi, revisionRecordFile } from './webLlmRevision';

/** What is on this computer for one build: bytes in the cache and in the store, and whether it is complete. */
export interface WebLlmInstallCheck {
  /** Every file web-llm reads is in its cache. */
  complete: boolean;
  storedBytes: number;
  /** The commit the build is fetched from, where its branch was resolved to one. */
  commit?: string;
}

/** Whether to pin a branch to its commit first: a folder install is taken as the folder has it. */
export interface WebLlmDownloadSource {
  fromFolder?: boolean;
}

/** The commit to fetch from (undefined: the catalogue's revision as it is), or why not to go on. */
type Pinned = { commit: string | undefined } | { stopped: DownloadResult };

export class WebLlmInstall {
  constructor(
    private readonly store: ModelStore,
    private readonly cache: WebLlmCache,
  ) {}

  async check(model: WebLlmModel, variant: WebLlmVariant): Promise<WebLlmInstallCheck> {
    const storeBytes = await this.store.usage(webLlmStorePrefix(model, variant));
    const commit = await this.storedCommit(model, variant).catch(() => undefined);
    const pinned = commit === undefined ? {} : { commit };
    const files = await this.localFiles(model, variant).catch(() => undefined);
    if (!files) return { complete: false, storedBytes: storeBytes, ...pinned };
    const cached = await Promise.all(files.map((file) => this.cache.size(file)));
    const cacheBytes = cached.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0);
    return { complete: cached.every((bytes) => bytes !== undefined), storedBytes: storeBytes + cacheBytes, ...pinned };
  }

  /** Downloads what is missing and hands it to web-llm; `ready` only once web-llm has every file. */
  async download(
    model: WebLlmModel,
    variant: WebLlmVariant,
    downloader: ModelDownloader,
    options: DownloadOptions,
    { fromFolder = false }: WebLlmDownloadSource = {},
  ): Promise<DownloadResult> {
    const pinned: Pinned = fromFolder ? await this.unpin(model, variant) : await this.pin(model, variant, downloader, options);
    if ('stopped' in pinned) return pinned.stopped;
    const { commit } = pinned;
    const manifests = Object.values(webLlmManifestFiles(model, variant, commit));
    const first = await downloader.download(await this.notCached(manifests), options);
    if (first.outcome !== 'ready') return first;
    let files: WebLlmFile[];
    try {
      files = await this.buildFiles(model, variant, commit);
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

  /**
   * The commit the build's branch is at: read once from the host, then from the record in the
   * store, so every later attempt fetches the same commit whatever the branch did meanwhile.
   */
  private async pin(model: WebLlmModel, variant: WebLlmVariant, downloader: ModelDownloader, options: DownloadOptions): Promise<Pinned> {
    const record = revisionRecordFile(model, variant);
    if (!record) return { commit: undefined };
    if (await this.store.has(record.key)) return { commit: await this.recordedCommit(model, variant, record.key) };
    // Installed before commits were recorded: nothing will be fetched, and its commit is unknown.
    if ((await this.check(model, variant)).complete) return { commit: undefined };
    const result = await downloader.download([record], options);
    // Half an answer is not resumed (its two halves could name two commits); nothing was fetched with it.
    if (result.outcome !== 'ready') await this.store.delete(record.key);
    if (result.outcome === 'paused') return { stopped: result };
    if (result.outcome === 'error') {
      if (hostLacksRevisionApi(variant.source, result.error)) return { commit: undefined };
      if (!(result.error instanceof ModelDownloadError)) return { stopped: result }; // e.g. a full disk: its own words
      const error = new ModelRevisionError(`${model.id}: cannot read the commit of ${variant.source.revision}`, { cause: result.error });
      return { stopped: { ...result, error } };
    }
    const commit = await this.recordedCommit(model, variant, record.key);
    await this.discardUnpinned(model, variant, record.key);
    return { commit };
  }

  /** A folder's build is of no known commit: a commit recorded by an earlier download no longer says which it is. */
  private async unpin(model: WebLlmModel, variant: WebLlmVariant): Promise<Pinned> {
    const record = revisionRecordFile(model, variant);
    if (record) await this.store.delete(record.key);
    return { commit: undefined };
  }

  private async recordedCommit(model: WebLlmModel, variant: WebLlmVariant, key: string): Promise<string> {
    try {
      const commit = await this.storedCommit(model, variant);
      if (commit === undefined) throw new ModelRevisionError(`${key} vanished from the store`);
      return commit;
    } catch (error) {
      // Only an answer that named a commit lets files be fetched, so none came from this one (a
      // captive portal's page…): ask the host again next time.
      await this.store.delete(key);
      throw error;
    }
  }

  /**
   * Files of the build already here when its commit is first read (a folder install that stopped
   * half-way, a download begun by an earlier version of Escriba) may be of another commit: they
   * are fetched again from this one.
   */
  private async discardUnpinned(model: WebLlmModel, variant: WebLlmVariant, recordKey: string): Promise<void> {
    await this.cache.removeBuild(webLlmModelUrl(variant), variant.modelLib);
    const prefix = webLlmStorePrefix(model, variant);
    for (const entry of await this.store.list()) {
      if (isUnderPrefix(entry.key, prefix) && entry.key !== recordKey) await this.store.delete(entry.key);
    }
  }

  /** The commit recorded for the build, undefined where none is (pinned, a folder, a host without the API). */
  private async storedCommit(model: WebLlmModel, variant: WebLlmVariant): Promise<string | undefined> {
    const key = `${webLlmStorePrefix(model, variant)}${REVISION_RECORD_FILE}`;
    const text = await (await this.store.read(key))?.text();
    return text === undefined ? undefined : commitOfRecord(text, key);
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
  private async localFiles(model: WebLlmModel, variant: WebLlmVariant, commit?: string): Promise<WebLlmFile[] | undefined> {
    const { chatConfig, tensorCache } = webLlmManifestFiles(model, variant, commit);
    const [config, manifest] = await Promise.all([this.readJson(chatConfig), this.readJson(tensorCache)]);
    if (config === undefined || manifest === undefined) return undefined;
    return webLlmBuildFiles(model, variant, config, manifest, commit);
  }

  private async buildFiles(model: WebLlmModel, variant: WebLlmVariant, commit: string | undefined): Promise<WebLlmFile[]> {
    const files = await this.localFiles(model, variant, commit);
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
