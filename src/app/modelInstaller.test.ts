/**
 * The footer's storage figures are read again when a model's install phase changes (installed,
 * deleted), not only on their timer, and not on every progress event of a download.
 */
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../model-manager/download.engine';
import { FakeFileServer } from '../model-manager/download.fakeFetch';
import { ModelInstaller } from '../model-manager/installer';
import { MemoryModelStore } from '../model-manager/store.memory';
import { parseCatalog } from '../model-manager/catalog';
import { onStorageChanged } from './data';
import { refreshStorageOnPhaseChange } from './modelInstaller';

const URL_BASE = 'https://models.test/escriba/files/resolve/main/';
const model = parseCatalog({
  version: 1,
  models: [
    {
      id: 'files',
      name: 'Archivos',
      description: 'Bytes de prueba',
      task: 'speech',
      engine: 'transformers.js',
      tier: 'cpu',
      languages: ['es'],
      license: 'mit',
      contextWindowTokens: null,
      source: {
        host: 'https://models.test',
        repo: 'escriba/files',
        revision: 'main',
        files: [{ path: 'a.bin', bytes: 300_000, approxBytes: 300_000, sha256: null }],
      },
      variants: [{ device: 'wasm', dtype: { model: 'q8' }, files: ['a.bin'], requiredFeatures: [], vramMB: null }],
    },
  ],
}).models[0]!;

describe('refreshStorageOnPhaseChange', () => {
  it('asks for fresh storage figures when a model is installed or removed, not on each progress event', async () => {
    const server = new FakeFileServer();
    server.serve(`${URL_BASE}a.bin`, new Uint8Array(300_000).fill(7));
    const store = new MemoryModelStore();
    const engine = new DownloadEngine({
      store,
      fetch: server.fetch,
      estimate: async () => ({ quota: 1e9, usage: 0 }),
      sleep: async (_ms, signal) => signal.throwIfAborted(),
      now: () => 0,
    });
    const installer = new ModelInstaller(engine, store, undefined);
    refreshStorageOnPhaseChange(installer);
    let refreshes = 0;
    const stop = onStorageChanged(() => refreshes++);
    let notifications = 0;
    installer.subscribe(() => notifications++);

    const variant = model.variants[0]!;
    await installer.refresh([{ model, variant }]);
    const afterRefresh = refreshes;
    expect(afterRefresh).toBe(1); // unknown → absent
    await installer.download(model, variant);
    expect(installer.getStates().get(model.id)?.phase).toBe('ready');
    // queued, downloading, ready: one refresh each, however many progress events came in between.
    expect(refreshes - afterRefresh).toBe(3);
    expect(notifications).toBeGreaterThan(refreshes);
    await installer.remove(model, variant);
    expect(installer.getStates().get(model.id)?.phase).toBe('absent');
    expect(refreshes - afterRefresh).toBe(4);
    stop();
  });
});
