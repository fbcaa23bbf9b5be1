import { describe, expect, it } from 'vitest';
import bundled from '../../models/catalog.json';
import { parseCatalog } from './catalog';
import type { CatalogModel, ModelVariant } from './catalogSchema';
import { DownloadEngine } from './download.engine';
import { FakeFileServer, type FakeFaults } from './download.fakeFetch';
import { ModelInstaller, downloadFilesFor, type InstallState } from './installer';
import { MemoryModelStore } from './store.memory';

const HOST = 'https://models.test';

/** A two-file speech "model" (bytes only: this proves the plumbing, not any model). */
function fixtureCatalog() {
  return parseCatalog({
    version: 1,
    models: [
      {
        id: 'tiny-speech',
        name: 'Tiny',
        description: 'Archivos de prueba',
        task: 'speech',
        engine: 'transformers.js',
        tier: 'cpu',
        languages: ['es'],
        license: 'mit',
        contextWindowTokens: null,
        source: {
          host: HOST,
          repo: 'escriba/tiny',
          revision: 'a'.repeat(40),
          files: [
            { path: 'config.json', bytes: 64, approxBytes: null, sha256: null },
            { path: 'onnx/model.onnx', bytes: null, approxBytes: null, sha256: null },
          ],
        },
        variants: [
          { device: 'wasm', dtype: { model: 'q8' }, files: ['config.json', 'onnx/model.onnx'], requiredFeatures: [], vramMB: null },
        ],
      },
    ],
  });
}

function setup(faults: FakeFaults = {}) {
  const catalog = fixtureCatalog();
  const model: CatalogModel = catalog.models[0]!;
  const variant: ModelVariant = model.variants[0]!;
  const server = new FakeFileServer();
  const files = downloadFilesFor(model, variant)!;
  server.serve(files[0]!.url, new Uint8Array(64).fill(7));
  server.serve(files[1]!.url, new Uint8Array(50_000).fill(9), faults);
  const store = new MemoryModelStore();
  const engine = new DownloadEngine({
    store,
    fetch: server.fetch,
    estimate: async () => ({ quota: 1e9, usage: 0 }),
    sleep: async (_ms, signal) => signal.throwIfAborted(),
  });
  const installer = new ModelInstaller(engine, store);
  const state = (): InstallState | undefined => installer.getStates().get(model.id);
  const heal = () => server.serve(files[1]!.url, new Uint8Array(50_000).fill(9));
  return { model, variant, installer, store, state, files, heal };
}

describe('downloadFilesFor', () => {
  it("maps a variant's catalogued files to store keys under the model id and host URLs at the pinned revision", () => {
    const { files } = setup();
    expect(files).toEqual([
      { key: 'tiny-speech/config.json', url: `${HOST}/escriba/tiny/resolve/${'a'.repeat(40)}/config.json`, bytes: 64 },
      { key: 'tiny-speech/onnx/model.onnx', url: `${HOST}/escriba/tiny/resolve/${'a'.repeat(40)}/onnx/model.onnx` },
    ]);
  });
});

describe('ModelInstaller', () => {
  it('goes absent → downloading → ready, and a fresh installer reads "ready" back from the store', async () => {
    const { model, variant, installer, store, state } = setup();
    await installer.refresh([{ model, variant }]);
    expect(state()).toEqual({ phase: 'absent' });
    const phases: string[] = [];
    installer.subscribe(() => phases.push(state()!.phase));
    await installer.download(model, variant);
    expect(state()).toEqual({ phase: 'ready', storedBytes: 50_064 });
    expect(phases).toContain('downloading');

    const later = new ModelInstaller({ download: () => Promise.reject(new Error('unused')) }, store);
    await later.refresh([{ model, variant }]);
    expect(later.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: 50_064 });
  });

  it('reports a partial download as "partial" after a failure, and resumes it to ready', async () => {
    const { model, variant, installer, store, state, heal } = setup({ dropAtOffset: 20_000 });
    await installer.download(model, variant);
    expect(state()?.phase).toBe('error');
    const fresh = new ModelInstaller({ download: () => Promise.reject(new Error('unused')) }, store);
    await fresh.refresh([{ model, variant }]);
    expect(fresh.getStates().get(model.id)).toMatchObject({ phase: 'partial' });
    heal();
    await installer.download(model, variant);
    expect(state()).toEqual({ phase: 'ready', storedBytes: 50_064 });
  });

  it('pauses a queued download before it starts and deletes what a model stored', async () => {
    const { model, variant, installer, state } = setup();
    const run = installer.download(model, variant);
    installer.pause(model.id);
    await run;
    expect(state()).toEqual({ phase: 'absent' });
    await installer.download(model, variant);
    await installer.remove(model, variant);
    expect(state()).toEqual({ phase: 'absent' });
  });

  it('turns a store that refuses to be read into an error state instead of "Revisando…" forever', async () => {
    const { model, variant, installer, store, state } = setup();
    const denied = new DOMException('denied', 'SecurityError');
    store.has = () => Promise.reject(denied);
    await installer.refresh([{ model, variant }]);
    expect(state()).toMatchObject({ phase: 'error', error: denied });
  });

  it('never lets a refresh that read the store before a download started overwrite the download', async () => {
    const { model, variant, installer, store, state } = setup();
    let releaseRead!: () => void;
    let readStarted!: () => void;
    const reading = new Promise<void>((resolve) => (readStarted = resolve));
    const originalUsage = store.usage.bind(store);
    store.usage = async (prefix) => {
      store.usage = originalUsage;
      readStarted();
      await new Promise<void>((resolve) => (releaseRead = resolve));
      return originalUsage(prefix);
    };
    const refreshing = installer.refresh([{ model, variant }]);
    await reading;
    const downloading = installer.download(model, variant);
    expect(state()?.phase).toBe('queued');
    releaseRead();
    await refreshing;
    expect(['queued', 'downloading']).toContain(state()?.phase);
    await downloading;
    expect(state()?.phase).toBe('ready');
  });

  it('has no catalogued files for web-llm builds (their manifest lists them: webLlmInstall.test.ts)', () => {
    const webLlm = parseCatalog(bundled).models.find((m) => m.engine === 'web-llm')!;
    expect(downloadFilesFor(webLlm, webLlm.variants[0]!)).toBeNull();
  });

  it('calls web-llm builds "unsupported" where there is no Cache Storage to hand them to web-llm', async () => {
    const { store } = setup();
    const webLlm = parseCatalog(bundled).models.find((m) => m.engine === 'web-llm')!;
    const installer = new ModelInstaller({ download: () => Promise.reject(new Error('unused')) }, store);
    await installer.refresh([{ model: webLlm, variant: webLlm.variants[0]! }]);
    expect(installer.getStates().get(webLlm.id)).toEqual({ phase: 'unsupported' });
  });
});
