/**
 * Installing a web-llm build through Escriba's installer: its own downloader (resume, exact sizes,
 * verification) into the store, then a hand-over to web-llm's Cache Storage that leaves no second
 * copy. web-llm's real `hasModelInCache` confirms it would find the build. Bytes only: this proves
 * the plumbing, not any model.
 */
import { createHash } from 'node:crypto';
import { deleteModelAllInfoInCache, hasModelInCache, verifyIntegrity } from '@mlc-ai/web-llm';
import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityError, ModelFolderIncompleteError, ModelManifestError } from '../shared/errors';
import { appConfigFor } from '../notes/engine/webLlmNoteEngine';
import { DownloadEngine } from './download.engine';
import { FakeFileServer, type FakeFaults } from './download.fakeFetch';
import { pickedFolder } from './folderSource';
import { folderEntryFilesFor, ModelInstaller, type InstallState } from './installer';
import { MemoryModelStore } from './store.memory';
import { WebLlmCache } from './webLlmCache';
import { MemoryCacheStorage } from './webLlmCache.fake';
import {
  TEST_BASE,
  TEST_LIB,
  TEST_LIB_BYTES,
  TEST_PACKAGE_MANIFEST,
  testWebLlmBuild,
  testWebLlmModel,
  type TestBuildOptions,
} from './webLlm.testModel';

const BUILD_BYTES = [...testWebLlmBuild().values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
const SHARD_0 = `${TEST_BASE}params_shard_0.bin`;

function setup(faults: Record<string, FakeFaults> = {}, build: TestBuildOptions = {}) {
  const { model, variant } = testWebLlmModel({}, build);
  const server = new FakeFileServer();
  const files = testWebLlmBuild({ withPackageManifest: build.modelManifest !== undefined });
  for (const [url, bytes] of files) server.serve(url, bytes, faults[url]);
  const store = new MemoryModelStore();
  const storage = new MemoryCacheStorage();
  const engine = new DownloadEngine({
    store,
    fetch: server.fetch,
    estimate: async () => ({ quota: 1e9, usage: 0 }),
    sleep: async (_ms, signal) => signal.throwIfAborted(),
    now: () => 0,
  });
  const installer = new ModelInstaller(engine, store, new WebLlmCache(storage));
  const state = (): InstallState | undefined => installer.getStates().get(model.id);
  return { model, variant, server, store, storage, installer, state };
}

describe('ModelInstaller with a web-llm build', () => {
  const global = globalThis as { caches?: unknown };
  afterEach(() => {
    delete global.caches;
  });

  it('downloads it, hands every file to web-llm once, and reads "ready" back from web-llm\'s cache', async () => {
    const { model, variant, server, store, storage, installer, state } = setup();
    await installer.refresh([{ model, variant }]);
    expect(state()).toEqual({ phase: 'absent' });
    await installer.download(model, variant);
    expect(state()).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    // Stored once: the store kept nothing, web-llm's cache has every file.
    expect(await store.list()).toEqual([]);
    expect(Object.values(storage.urls()).flat()).toHaveLength(6);
    global.caches = storage;
    expect(await hasModelInCache(variant.modelId, appConfigFor(model, variant))).toBe(true);

    const requests = server.requests.length;
    const later = new ModelInstaller({ download: () => Promise.reject(new Error('unused')) }, store, new WebLlmCache(storage));
    await later.refresh([{ model, variant }]);
    expect(later.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    expect(server.requests).toHaveLength(requests);
  });

  it('resumes a shard with Range after the connection dropped, and is "partial" in between', async () => {
    const { model, variant, server, store, storage, installer, state } = setup({ [SHARD_0]: { dropAtOffset: 1200 } });
    await installer.download(model, variant);
    expect(state()?.phase).toBe('error');
    const fresh = new ModelInstaller({ download: () => Promise.reject(new Error('unused')) }, store, new WebLlmCache(storage));
    await fresh.refresh([{ model, variant }]);
    expect(fresh.getStates().get(model.id)).toMatchObject({ phase: 'partial' });

    server.setFaults(SHARD_0, {});
    await installer.download(model, variant);
    expect(state()).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    expect(server.requests.filter((r) => r.url === SHARD_0).at(-1)?.range).toBe('bytes=1200-');
  });

  it('deletes the build from web-llm\'s cache and the store', async () => {
    const { model, variant, store, storage, installer, state } = setup();
    await installer.download(model, variant);
    await installer.remove(model, variant);
    expect(state()).toEqual({ phase: 'absent' });
    expect(Object.values(storage.urls()).flat()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('checks each shard against the size the manifest gives', async () => {
    const { model, variant, server, installer, state } = setup();
    server.serve(SHARD_0, new Uint8Array(1500));
    await installer.download(model, variant);
    expect(state()).toMatchObject({ phase: 'error', error: expect.any(IntegrityError) });
  });

  it('stops on a manifest it cannot use, and fetches the manifest again next time', async () => {
    const { model, variant, server, store, installer, state } = setup();
    server.serve(`${TEST_BASE}tensor-cache.json`, new TextEncoder().encode('{"records":[{"dataPath":"../x","nbytes":1}]}'));
    await installer.download(model, variant);
    expect(state()).toMatchObject({ phase: 'error', error: expect.any(ModelManifestError) });
    expect(await store.list()).toEqual([]);
  });

  it('fetches a model package manifest where the build has one, and web-llm finds and deletes it where it reads it', async () => {
    const { model, variant, server, storage, installer, state } = setup({}, { modelManifest: TEST_PACKAGE_MANIFEST });
    await installer.download(model, variant);
    const bytes = [...testWebLlmBuild({ withPackageManifest: true }).values()].reduce((sum, b) => sum + b.byteLength, 0);
    expect(state()).toEqual({ phase: 'ready', storedBytes: bytes });
    expect(server.requests.map((r) => r.url)).toContain(`${TEST_BASE}${TEST_PACKAGE_MANIFEST}`);
    expect(storage.urls()['webllm/config']).toEqual([`${TEST_BASE}${TEST_PACKAGE_MANIFEST}`, `${TEST_BASE}mlc-chat-config.json`].sort());
    global.caches = storage;
    const appConfig = appConfigFor(model, variant);
    expect(appConfig.model_list[0]?.model_manifest).toBe(TEST_PACKAGE_MANIFEST);
    expect(await hasModelInCache(variant.modelId, appConfig)).toBe(true);
    await deleteModelAllInfoInCache(variant.modelId, appConfig);
    expect(storage.urls()['webllm/config'] ?? []).toEqual([]);
  });

  it('checks the library against the catalogue\'s SHA-256, and gives web-llm the same hash as SRI', async () => {
    const sha256 = createHash('sha256').update(TEST_LIB_BYTES).digest('hex');
    const good = setup({}, { modelLibSha256: sha256 });
    await good.installer.download(good.model, good.variant);
    expect(good.state()).toMatchObject({ phase: 'ready' });
    const sri = appConfigFor(good.model, good.variant).model_list[0]?.integrity?.model_lib;
    expect(sri).toBe(`sha256-${createHash('sha256').update(TEST_LIB_BYTES).digest('base64')}`);
    // web-llm's own check, as it runs at every load, agrees with the hash Escriba checked.
    await expect(verifyIntegrity(TEST_LIB_BYTES.slice().buffer, sri!, TEST_LIB)).resolves.toBeUndefined();
    await expect(verifyIntegrity(new Uint8Array([1, 2, 3]).buffer, sri!, TEST_LIB)).rejects.toThrow();

    const bad = setup({}, { modelLibSha256: 'f'.repeat(64) });
    await bad.installer.download(bad.model, bad.variant);
    expect(bad.state()).toMatchObject({ phase: 'error', error: expect.any(IntegrityError) });
    expect(Object.values(bad.storage.urls()).flat()).not.toContain(TEST_LIB);
  });

  describe('from a clinic\'s folder', () => {
    /** The build copied as `<owner>/<repo>/<file>`, its library in the same folder under its own name. */
    function clinicFolder(skip: readonly string[] = []) {
      const files = [...testWebLlmBuild()]
        .filter(([url]) => !skip.some((name) => url.endsWith(name)))
        .map(([url, bytes]) => {
          const name = url.split('/').pop()!;
          const file = new File([bytes.slice()], name);
          Object.defineProperty(file, 'webkitRelativePath', { value: `pendrive/escriba/tiny-mlc/${name}` });
          return file;
        });
      return pickedFolder(files);
    }

    it('installs it with no request to any host, stored once where web-llm reads it', async () => {
      const { model, variant, server, store, storage, installer, state } = setup();
      const folder = clinicFolder();
      expect([...folder.keys()]).toContain('escriba/tiny-mlc/Tiny-q4f32_1-webgpu.wasm');
      expect(folderEntryFilesFor(model, variant)?.map((f) => f.url)).toEqual([`${TEST_BASE}mlc-chat-config.json`, `${TEST_BASE}tensor-cache.json`, TEST_LIB]);

      await installer.download(model, variant, { folder });

      expect(state()).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
      expect(server.requests).toEqual([]);
      expect(await store.list()).toEqual([]);
      global.caches = storage;
      expect(await hasModelInCache(variant.modelId, appConfigFor(model, variant))).toBe(true);
    });

    it('names a shard the folder lacks, and installs once the folder is complete', async () => {
      const { model, variant, server, installer, state } = setup();
      await installer.download(model, variant, { folder: clinicFolder(['params_shard_1.bin']) });
      expect(state()).toMatchObject({ phase: 'error', error: expect.any(ModelFolderIncompleteError) });
      const failed = state();
      expect(failed?.phase === 'error' && failed.error instanceof ModelFolderIncompleteError && failed.error.missing).toEqual([
        'escriba/tiny-mlc/params_shard_1.bin',
      ]);

      await installer.download(model, variant, { folder: clinicFolder() });
      expect(state()).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
      expect(server.requests).toEqual([]);
    });
  });
});
