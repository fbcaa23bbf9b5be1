/**
 * What the screens know about each model's files on this computer, and the commands that change
 * it: download (resuming whatever is on disk), pause, delete. One download runs at a time, so a
 * doctor preparing two models sees them finish one after the other instead of both crawling.
 * web-llm builds take the same path and are then handed to web-llm's cache (webLlmInstall.ts).
 */
import { folderDownloader, type PickedFolder } from './folderSource';
import { fileUrl, variantFiles, variantSource } from './catalog';
import type { CatalogModel, ModelVariant, WebLlmModel, WebLlmVariant } from './catalogSchema';
import type { DownloadFile, DownloadProgress, ModelDownloader } from './download.types';
import type { ModelStore } from './store';
import type { WebLlmCache } from './webLlmCache';
import { webLlmFolderEntryFiles } from './webLlmFiles';
import { WebLlmInstall } from './webLlmInstall';

export type InstallState =
  /** This installer cannot place the files where the runtime reads them (web-llm without its cache). */
  | { phase: 'unsupported' }
  | { phase: 'absent' }
  /** Some bytes are on disk (an earlier page, a dropped connection): "Reanudar" continues. */
  | { phase: 'partial'; storedBytes: number }
  | { phase: 'queued' }
  | { phase: 'downloading'; progress: DownloadProgress }
  | { phase: 'paused'; progress: DownloadProgress }
  /** `commit`: the commit a web-llm build was fetched from, where its catalogue names a branch. */
  | { phase: 'ready'; storedBytes: number; commit?: string }
  | { phase: 'error'; error: Error; storedBytes: number };

export function downloadFilesFor(model: CatalogModel, variant: ModelVariant): DownloadFile[] | null {
  if (model.engine !== 'transformers.js') return null;
  const source = variantSource(model, variant);
  return variantFiles(model, variant).map((file) => ({
    key: `${model.id}/${file.path}`,
    url: fileUrl(source, file.path),
    ...(file.bytes !== null ? { bytes: file.bytes } : {}),
    ...(file.sha256 !== null ? { sha256: file.sha256 } : {}),
  }));
}

/** The model and variant as a web-llm build, or undefined for a transformers.js model. */
function webLlmBuild(model: CatalogModel, variant: ModelVariant): { model: WebLlmModel; variant: WebLlmVariant } | undefined {
  return model.engine === 'web-llm' && 'modelId' in variant ? { model, variant } : undefined;
}

/**
 * The files a provisioning folder must hold for the model to be installed from it: all of them,
 * or for a web-llm build those its file list is read from (the rest are checked once it is read).
 */
export function folderEntryFilesFor(model: CatalogModel, variant: ModelVariant): DownloadFile[] | null {
  const build = webLlmBuild(model, variant);
  return build ? webLlmFolderEntryFiles(build.model, build.variant) : downloadFilesFor(model, variant);
}

type Listener = () => void;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class ModelInstaller {
  private states = new Map<string, InstallState>();
  private readonly listeners = new Set<Listener>();
  private readonly pauses = new Map<string, AbortController>();
  private queue: Promise<void> = Promise.resolve();
  private readonly webLlm: WebLlmInstall | undefined;

  /** Without `webLlmCache` (no Cache Storage), web-llm builds are 'unsupported'. */
  constructor(
    private readonly downloader: ModelDownloader,
    private readonly store: ModelStore,
    webLlmCache?: WebLlmCache,
  ) {
    this.webLlm = webLlmCache ? new WebLlmInstall(store, webLlmCache) : undefined;
  }

  /** A new Map after every change (fits useSyncExternalStore). */
  getStates(): ReadonlyMap<string, InstallState> {
    return this.states;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads from the store what is installed, partly downloaded or absent. */
  async refresh(picks: readonly { model: CatalogModel; variant: ModelVariant }[]): Promise<void> {
    for (const { model, variant } of picks) {
      const found = await this.inspectOrError(model, variant);
      // A download may have started while the store was read: its live state wins.
      if (!this.isBusy(model.id)) this.set(model.id, found);
    }
  }

  /**
   * Downloads (or resumes) a model's files; resolves when it is ready, paused or failed. Asking
   * again while it is queued or downloading changes nothing.
   */
  download(model: CatalogModel, variant: ModelVariant, source: { folder?: PickedFolder } = {}): Promise<void> {
    const files = downloadFilesFor(model, variant);
    const build = webLlmBuild(model, variant);
    const webLlm = this.webLlm;
    if ((!files && !(webLlm && build)) || this.isBusy(model.id)) return this.queue;
    const pause = new AbortController();
    this.pauses.set(model.id, pause);
    this.set(model.id, { phase: 'queued' });
    const run = this.queue.then(async () => {
      if (pause.signal.aborted) {
        this.set(model.id, await this.inspectOrError(model, variant));
        return;
      }
      const options = {
        signal: pause.signal,
        onProgress: (progress: DownloadProgress) => this.set(model.id, { phase: 'downloading', progress }),
      };
      const downloader = source.folder ? folderDownloader(this.downloader, source.folder) : this.downloader;
      const result =
        build && webLlm
          ? await webLlm.download(build.model, build.variant, downloader, options, { fromFolder: source.folder !== undefined })
          : await downloader.download(files ?? [], options);
      const storedBytes = await this.storedBytes(model, variant);
      if (result.outcome === 'ready') this.set(model.id, { phase: 'ready', storedBytes, ...(await this.commitOf(model, variant)) });
      else if (result.outcome === 'paused') this.set(model.id, { phase: 'paused', progress: result.progress });
      else this.set(model.id, { phase: 'error', error: result.error ?? new Error('download failed'), storedBytes });
    });
    const done = run
      .catch((error: unknown) => this.set(model.id, { phase: 'error', error: asError(error), storedBytes: 0 }))
      .finally(() => {
        if (this.pauses.get(model.id) === pause) this.pauses.delete(model.id);
      });
    this.queue = done;
    return done;
  }

  pause(modelId: string): void {
    this.pauses.get(modelId)?.abort();
  }

  async remove(model: CatalogModel, variant: ModelVariant): Promise<void> {
    this.pause(model.id);
    try {
      if (model.engine === 'web-llm') await this.webLlm?.remove(model);
      await this.store.delete(`${model.id}/`);
    } catch (error) {
      this.set(model.id, { phase: 'error', error: asError(error), storedBytes: await this.storedBytes(model, variant).catch(() => 0) });
      return;
    }
    this.set(model.id, await this.inspectOrError(model, variant));
  }

  private isBusy(modelId: string): boolean {
    const phase = this.states.get(modelId)?.phase;
    return phase === 'queued' || phase === 'downloading';
  }

  /** The store can refuse to be read (a private window, a browser policy): that is a state too. */
  private inspectOrError(model: CatalogModel, variant: ModelVariant): Promise<InstallState> {
    return this.inspect(model, variant).catch((error: unknown) => ({ phase: 'error', error: asError(error), storedBytes: 0 }));
  }

  private async storedBytes(model: CatalogModel, variant: ModelVariant): Promise<number> {
    const build = webLlmBuild(model, variant);
    if (build && this.webLlm) return (await this.webLlm.check(build.model, build.variant)).storedBytes;
    return this.store.usage(`${model.id}/`);
  }

  /** The commit a web-llm build came from, where one was recorded (for the Modelos screen). */
  private async commitOf(model: CatalogModel, variant: ModelVariant): Promise<{ commit?: string }> {
    const build = webLlmBuild(model, variant);
    const commit = build && this.webLlm ? (await this.webLlm.check(build.model, build.variant)).commit : undefined;
    return commit === undefined ? {} : { commit };
  }

  private async inspect(model: CatalogModel, variant: ModelVariant): Promise<InstallState> {
    const build = webLlmBuild(model, variant);
    if (build) {
      if (!this.webLlm) return { phase: 'unsupported' };
      // Installed means: in web-llm's cache, where it reads the files (the store holds only downloads in progress).
      const { complete, storedBytes, commit } = await this.webLlm.check(build.model, build.variant);
      if (complete) return { phase: 'ready', storedBytes, ...(commit === undefined ? {} : { commit }) };
      return storedBytes > 0 ? { phase: 'partial', storedBytes } : { phase: 'absent' };
    }
    const files = downloadFilesFor(model, variant);
    if (!files) return { phase: 'unsupported' };
    const complete = await Promise.all(files.map((file) => this.store.has(file.key)));
    const storedBytes = await this.store.usage(`${model.id}/`);
    if (files.length > 0 && complete.every(Boolean)) return { phase: 'ready', storedBytes };
    return storedBytes > 0 ? { phase: 'partial', storedBytes } : { phase: 'absent' };
  }

  private set(modelId: string, state: InstallState): void {
    this.states = new Map(this.states).set(modelId, state);
    for (const listener of this.listeners) listener();
  }
}
