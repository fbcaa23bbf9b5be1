/**
 * A web-llm build the catalogue names by branch ("main") is pinned to the commit the branch is at
 * before any of its files is fetched, and stays pinned across a pause, a reload and a branch that
 * moved meanwhile; web-llm's real `hasModelInCache` still finds it under the catalogue's URL.
 * Bytes only: this proves the plumbing, not any model.
 */
import { hasModelInCache } from '@mlc-ai/web-llm';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelRevisionError } from '../shared/errors';
import { appConfigFor } from '../notes/engine/webLlmNoteEngine';
import { DownloadEngine } from './download.engine';
import { FakeFileServer } from './download.fakeFetch';
import { pickedFolder } from './folderSource';
import { ModelInstaller } from './installer';
import { MemoryModelStore } from './store.memory';
import { WebLlmCache } from './webLlmCache';
import { MemoryCacheStorage } from './webLlmCache.fake';
import { TEST_BASE, TEST_HOST, TEST_REVISION, testWebLlmBuild, testWebLlmModel } from './webLlm.testModel';
import { HUGGING_FACE_HUB, isCommit, revisionApiUrl } from './webLlmRevision';

const BUILD_BYTES = [...testWebLlmBuild().values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
const MOVED = 'c'.repeat(40);
const RECORD = 'tiny-llm/Tiny-q4f32_1-MLC/revision.json';
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The build on `host`, under `resolve/<revision>/` (the test build is at TEST_REVISION). */
function buildAt(host: string, revision = TEST_REVISION): Map<string, Uint8Array> {
  return new Map([...testWebLlmBuild()].map(([url, bytes]) => [url.replace(TEST_BASE, `${host}/escriba/tiny-mlc/resolve/${revision}/`), bytes]));
}

function setup({ host = TEST_HOST, revision = 'main', files = buildAt(host) } = {}) {
  const { model, variant } = testWebLlmModel({ host, revision });
  const server = new FakeFileServer();
  for (const [url, bytes] of files) server.serve(url, bytes);
  const api = revisionApiUrl(variant.source);
  const store = new MemoryModelStore();
  const storage = new MemoryCacheStorage();
  /** A new installer over the same disk: what a reload of the page gets. */
  const installer = () =>
    new ModelInstaller(
      new DownloadEngine({ store, fetch: server.fetch, estimate: async () => ({ quota: 1e9, usage: 0 }), sleep: async (_ms, signal) => signal.throwIfAborted(), now: () => 0 }),
      store,
      new WebLlmCache(storage),
    );
  const fetched = (prefix: string) => server.requests.filter((r) => r.url.startsWith(prefix));
  return { model, variant, server, api, store, storage, installer, fetched };
}

describe('a web-llm build on a branch', () => {
  const global = globalThis as { caches?: unknown };
  afterEach(() => {
    delete global.caches;
  });

  it('is resolved to its commit once, fetched from resolve/<commit>/ and found by web-llm under resolve/main/', async () => {
    const { model, variant, server, api, store, storage, installer, fetched } = setup();
    server.serve(api, json({ id: 'escriba/tiny-mlc', sha: TEST_REVISION, siblings: [] }));
    const app = installer();
    await app.download(model, variant);

    expect(app.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES + (await store.size(RECORD))!, commit: TEST_REVISION });
    expect(fetched(api)).toHaveLength(1);
    expect(fetched(`${TEST_HOST}/escriba/tiny-mlc/resolve/`).every((r) => r.url.startsWith(TEST_BASE))).toBe(true);
    expect(fetched(TEST_BASE)).toHaveLength(5);
    // web-llm's keys keep the catalogue's revision; the record of the commit stays with the build.
    expect(storage.urls()['webllm/model']?.every((url) => url.includes('/resolve/main/'))).toBe(true);
    expect((await store.list()).map((e) => e.key)).toEqual([RECORD]);
    global.caches = storage;
    expect(await hasModelInCache(variant.modelId, appConfigFor(model, variant))).toBe(true);

    // Removing the build removes its record: a new download asks the host again.
    await app.remove(model, variant);
    expect(await store.list()).toEqual([]);
  });

  it('resumes after a reload from the recorded commit, although the branch moved meanwhile', async () => {
    const { model, variant, server, api, installer, fetched } = setup();
    server.serve(api, json({ sha: TEST_REVISION }));
    const shard0 = `${TEST_BASE}params_shard_0.bin`;
    server.setFaults(shard0, { dropAtOffset: 1200 });
    const monday = installer();
    await monday.download(model, variant);
    expect(monday.getStates().get(model.id)?.phase).toBe('error');

    // Thursday: main is at another commit (whose files the host would not even have), and the page was reloaded.
    server.serve(api, json({ sha: MOVED }));
    server.setFaults(shard0, {});
    const thursday = installer();
    await thursday.refresh([{ model, variant }]);
    await thursday.download(model, variant);

    expect(thursday.getStates().get(model.id)).toMatchObject({ phase: 'ready', commit: TEST_REVISION });
    expect(fetched(api)).toHaveLength(1);
    expect(fetched(`${TEST_HOST}/escriba/tiny-mlc/resolve/${MOVED}`)).toEqual([]);
    expect(fetched(shard0).at(-1)?.range).toBe('bytes=1200-');
  });

  it('fetches again, from the commit, build files stored before any commit was known', async () => {
    const { model, variant, server, api, store, installer, fetched } = setup();
    server.serve(api, json({ sha: TEST_REVISION }));
    // Half a shard from an earlier build (a folder that was not complete, an older Escriba).
    store.seed('tiny-llm/Tiny-q4f32_1-MLC/params_shard_0.bin', new Uint8Array(1500).fill(9), { partial: true });
    const app = installer();
    await app.download(model, variant);
    expect(app.getStates().get(model.id)).toMatchObject({ phase: 'ready' });
    expect(fetched(`${TEST_BASE}params_shard_0.bin`).map((r) => r.range)).toEqual([null]);
  });

  it('is not resolved when the catalogue names a commit', async () => {
    const { model, variant, server, installer } = setup({ revision: TEST_REVISION });
    const app = installer();
    await app.download(model, variant);
    expect(app.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    expect(server.requests.some((r) => r.url.includes('/api/'))).toBe(false);
  });

  it("keeps the catalogue's revision on a host without the API (404 from a clinic's server)", async () => {
    const clinic = 'https://modelos.clinica.test';
    const { model, variant, store, installer, fetched } = setup({ host: clinic, files: buildAt(clinic, 'main') });
    const app = installer();
    await app.download(model, variant);
    expect(app.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    expect(fetched(`${clinic}/escriba/tiny-mlc/resolve/main/`)).toHaveLength(5);
    expect(await store.list()).toEqual([]);
  });

  it('is not resolved from a clinic\'s folder: the folder is the build, of no known commit', async () => {
    const { model, variant, server, store, installer } = setup();
    store.seed(RECORD, json({ sha: MOVED })); // from an earlier download, which the folder now replaces
    const folder = pickedFolder(
      [...testWebLlmBuild()].map(([url, bytes]) => {
        const file = new File([bytes.slice()], url.split('/').pop()!);
        Object.defineProperty(file, 'webkitRelativePath', { value: `pendrive/escriba/tiny-mlc/${file.name}` });
        return file;
      }),
    );
    const app = installer();
    await app.download(model, variant, { folder });
    expect(app.getStates().get(model.id)).toEqual({ phase: 'ready', storedBytes: BUILD_BYTES });
    expect(server.requests).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  describe('when the commit cannot be read, stops with ModelRevisionError before any file of the build', () => {
    const hub = () => setup({ host: HUGGING_FACE_HUB });
    const cases: [string, (s: ReturnType<typeof hub>) => void][] = [
      ['the hub answers 404 (repository or branch gone)', () => {}],
      ['offline', (s) => s.server.serve(s.api, json({ sha: TEST_REVISION }), { dropAfterBytes: 0 })],
      ['not JSON (a captive portal)', (s) => s.server.serve(s.api, new TextEncoder().encode('<html>Wi-Fi</html>'))],
      ['no sha', (s) => s.server.serve(s.api, json({ id: 'escriba/tiny-mlc' }))],
      ['a sha that is not a commit', (s) => s.server.serve(s.api, json({ sha: 'main' }))],
    ];
    it.each(cases)('%s', async (_, arrange) => {
      const s = hub();
      arrange(s);
      const app = s.installer();
      await app.download(s.model, s.variant);
      expect(app.getStates().get(s.model.id)).toMatchObject({ phase: 'error', error: expect.any(ModelRevisionError) });
      expect(s.server.requests.every((r) => r.url === s.api)).toBe(true);
      // An answer that named no commit is not kept: the next attempt asks again.
      expect(await s.store.list()).toEqual([]);

      s.server.serve(s.api, json({ sha: TEST_REVISION }));
      await app.download(s.model, s.variant);
      expect(app.getStates().get(s.model.id)).toMatchObject({ phase: 'ready', commit: TEST_REVISION });
    });
  });

  it('knows a commit from a branch name', () => {
    expect(isCommit(TEST_REVISION)).toBe(true);
    expect(isCommit('main')).toBe(false);
    expect(isCommit('B'.repeat(40))).toBe(false);
    expect(revisionApiUrl({ host: 'https://huggingface.co/', repo: 'mlc-ai/x', revision: 'refs/pr/1', files: null })).toBe(
      'https://huggingface.co/api/models/mlc-ai/x/revision/refs%2Fpr%2F1',
    );
  });
});
