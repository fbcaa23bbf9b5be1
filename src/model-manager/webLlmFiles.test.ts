/**
 * The file list of a web-llm build and the Cache Storage keys it is handed over under. The keys are
 * checked against web-llm 0.2.86 itself: its real `hasModelInCache` and `deleteModelAllInfoInCache`
 * run here against an in-memory Cache Storage filled with Escriba's keys.
 */
import { deleteModelAllInfoInCache, hasModelInCache } from '@mlc-ai/web-llm';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelManifestError } from '../shared/errors';
import { appConfigFor } from '../notes/engine/webLlmNoteEngine';
import { MemoryCacheStorage } from './webLlmCache.fake';
import { TEST_BASE, TEST_LIB, testWebLlmBuild, testWebLlmModel } from './webLlm.testModel';
import { parseTensorCache, tokenizerFileOf, webLlmBuildFiles, webLlmModelUrl } from './webLlmFiles';

const build = testWebLlmBuild();
const json = (url: string) => JSON.parse(new TextDecoder().decode(build.get(url))) as unknown;
const chatConfig = json(`${TEST_BASE}mlc-chat-config.json`);
const tensorCache = json(`${TEST_BASE}tensor-cache.json`);

describe('webLlmBuildFiles', () => {
  it('lists the manifests, the tokenizer web-llm reads, the library, and every shard with its exact size', () => {
    const { model, variant } = testWebLlmModel();
    const files = webLlmBuildFiles(model, variant, chatConfig, tensorCache);
    const prefix = 'tiny-llm/Tiny-q4f32_1-MLC/';
    expect(files).toEqual([
      { key: `${prefix}mlc-chat-config.json`, url: `${TEST_BASE}mlc-chat-config.json`, cache: 'webllm/config', cacheUrl: `${TEST_BASE}mlc-chat-config.json` },
      { key: `${prefix}tensor-cache.json`, url: `${TEST_BASE}tensor-cache.json`, cache: 'webllm/model', cacheUrl: `${TEST_BASE}tensor-cache.json` },
      { key: `${prefix}tokenizer.json`, url: `${TEST_BASE}tokenizer.json`, cache: 'webllm/model', cacheUrl: `${TEST_BASE}tokenizer.json` },
      // In a clinic's folder the library sits in the build's folder, under its own name.
      { key: `${prefix}model_lib.wasm`, url: TEST_LIB, cache: 'webllm/wasm', cacheUrl: TEST_LIB, folderPath: 'escriba/tiny-mlc/Tiny-q4f32_1-webgpu.wasm' },
      { key: `${prefix}params_shard_0.bin`, url: `${TEST_BASE}params_shard_0.bin`, cache: 'webllm/model', cacheUrl: `${TEST_BASE}params_shard_0.bin`, bytes: 2000 },
      { key: `${prefix}params_shard_1.bin`, url: `${TEST_BASE}params_shard_1.bin`, cache: 'webllm/model', cacheUrl: `${TEST_BASE}params_shard_1.bin`, bytes: 1000 },
    ]);
  });

  it('keeps a branch revision in the model URL as web-llm does (resolve/main/)', () => {
    const { model, variant } = testWebLlmModel();
    const onMain = { ...variant, source: { ...variant.source, revision: 'main' } };
    expect(webLlmModelUrl(onMain)).toBe('https://models.test/escriba/tiny-mlc/resolve/main/');
    expect(webLlmBuildFiles(model, onMain, chatConfig, tensorCache)[4]?.cacheUrl).toBe(
      'https://models.test/escriba/tiny-mlc/resolve/main/params_shard_0.bin',
    );
  });

  it('fetches a branch build from the commit it was resolved to, under the keys of the branch web-llm looks up', () => {
    const { model, variant } = testWebLlmModel({ revision: 'main' });
    const commit = 'c'.repeat(40);
    const files = webLlmBuildFiles(model, variant, chatConfig, tensorCache, commit);
    const repo = 'https://models.test/escriba/tiny-mlc/resolve';
    expect(files.filter((f) => f.cache !== 'webllm/wasm').map((f) => [f.url.replace(`${repo}/${commit}/`, ''), f.cacheUrl.replace(`${repo}/main/`, '')])).toEqual(
      ['mlc-chat-config.json', 'tensor-cache.json', 'tokenizer.json', 'params_shard_0.bin', 'params_shard_1.bin'].map((name) => [name, name]),
    );
    // The library is web-llm's, not the repository's: no revision in it.
    expect(files.find((f) => f.cache === 'webllm/wasm')?.url).toBe(TEST_LIB);
  });

  it('reads tokenizer.model only when the chat config names no tokenizer.json', () => {
    expect(tokenizerFileOf({ tokenizer_files: ['tokenizer.model', 'tokenizer.json'] })).toBe('tokenizer.json');
    expect(tokenizerFileOf({ tokenizer_files: ['tokenizer.model'] })).toBe('tokenizer.model');
    expect(() => tokenizerFileOf({ tokenizer_files: ['vocab.json'] })).toThrow(ModelManifestError);
  });

  it('refuses manifests that cannot be trusted: no shards, paths out of the build, sizes that are not sizes, repeats', () => {
    const shard = (dataPath: unknown, nbytes: unknown) => ({ records: [{ dataPath, nbytes }] });
    for (const bad of [{}, { records: [] }, shard('../x.bin', 1), shard('/x.bin', 1), shard('a?b', 1), shard('x.bin', 0), shard('x.bin', 1.5), shard('x.bin', '1')]) {
      expect(() => parseTensorCache(bad)).toThrow(ModelManifestError);
    }
    expect(() => parseTensorCache({ records: [{ dataPath: 'a', nbytes: 1 }, { dataPath: 'a', nbytes: 1 }] })).toThrow(/twice/);
    expect(parseTensorCache({ records: [{ dataPath: 'sub/a.bin', nbytes: 7, records: [] }] })).toEqual([{ dataPath: 'sub/a.bin', nbytes: 7 }]);
  });

  it('refuses a library web-llm would fetch on every load instead of caching (localhost)', () => {
    const { model, variant } = testWebLlmModel();
    const local = { ...variant, modelLib: 'http://localhost:8000/lib.wasm' };
    expect(() => webLlmBuildFiles(model, local, chatConfig, tensorCache)).toThrow(ModelManifestError);
  });
});

describe("the keys, as web-llm 0.2.86's own cache code reads them", () => {
  const global = globalThis as { caches?: unknown };
  afterEach(() => {
    delete global.caches;
  });

  async function filledCache() {
    const { model, variant } = testWebLlmModel();
    const storage = new MemoryCacheStorage();
    for (const file of webLlmBuildFiles(model, variant, chatConfig, tensorCache)) {
      await (await storage.open(file.cache)).put(file.cacheUrl, new Response(build.get(file.url)!.slice()));
    }
    global.caches = storage;
    return { storage, appConfig: appConfigFor(model, variant), modelId: variant.modelId };
  }

  it('hasModelInCache finds the build under the app config the note engine passes, and misses a lost shard', async () => {
    const { storage, appConfig, modelId } = await filledCache();
    expect(await hasModelInCache(modelId, appConfig)).toBe(true);
    await (await storage.open('webllm/model')).delete(`${TEST_BASE}params_shard_1.bin`);
    expect(await hasModelInCache(modelId, appConfig)).toBe(false);
  });

  it("deleteModelAllInfoInCache removes Escriba's config, tokenizer, shard and library entries (web-llm keeps its manifest)", async () => {
    const { storage, appConfig, modelId } = await filledCache();
    await deleteModelAllInfoInCache(modelId, appConfig);
    expect(storage.urls()).toEqual({ 'webllm/config': [], 'webllm/model': [`${TEST_BASE}tensor-cache.json`], 'webllm/wasm': [] });
  });
});
