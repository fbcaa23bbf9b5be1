/**
 * A tiny web-llm build for unit tests: a chat config, a two-shard manifest, a tokenizer and a
 * library, as bytes. It proves the file list, the keys and the hand-over, never any model.
 */
import { parseCatalog } from './catalog';
import type { WebLlmModel, WebLlmVariant } from './catalogSchema';

export const TEST_HOST = 'https://models.test';
export const TEST_REVISION = 'b'.repeat(40);
export const TEST_LIB = 'https://libs.test/v0_2_86/base/Tiny-q4f32_1-webgpu.wasm';
export const TEST_BASE = `${TEST_HOST}/escriba/tiny-mlc/resolve/${TEST_REVISION}/`;

/** A model package manifest as web-llm 0.2.86 names it (Gemma 4's builds have one). */
export const TEST_PACKAGE_MANIFEST = 'mlc-model-manifest.json';

/** What a test build may add to the variant: a package manifest, the library's SHA-256. */
export interface TestBuildOptions {
  modelManifest?: string;
  modelLibSha256?: string | null;
}

/** The model as the catalogue names it; `source` overrides its host or revision (a branch: "main"). */
export function testWebLlmModel(
  source: { host?: string; revision?: string } = {},
  build: TestBuildOptions = {},
): { model: WebLlmModel; variant: WebLlmVariant } {
  const model = parseCatalog({
    version: 1,
    models: [
      {
        id: 'tiny-llm',
        name: 'Tiny LLM',
        description: 'Archivos de prueba',
        task: 'llm',
        engine: 'web-llm',
        tier: 'gpu-low',
        languages: ['es'],
        license: 'mit',
        contextWindowTokens: 1024,
        variants: [
          {
            device: 'webgpu',
            quantization: 'q4f32_1',
            modelId: 'Tiny-q4f32_1-MLC',
            modelLib: TEST_LIB,
            source: { host: TEST_HOST, repo: 'escriba/tiny-mlc', revision: TEST_REVISION, files: null, ...source },
            requiredFeatures: [],
            vramMB: 10,
            ...build,
          },
        ],
      },
    ],
  }).models[0]!;
  if (model.engine !== 'web-llm') throw new Error('unreachable');
  return { model, variant: model.variants[0]! };
}

const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The library's bytes (a wasm header: web-llm is never run on it). */
export const TEST_LIB_BYTES = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** The build's files by URL, as a host serves them; `withPackageManifest` adds `mlc-model-manifest.json`. */
export function testWebLlmBuild({ withPackageManifest = false } = {}): Map<string, Uint8Array> {
  const chatConfig = { model_type: 'qwen2', tokenizer_files: ['tokenizer.json', 'vocab.json', 'merges.txt'] };
  const tensorCache = {
    metadata: { ParamSize: 2, ParamBytes: 3000 },
    records: [
      { dataPath: 'params_shard_0.bin', format: 'raw-shard', nbytes: 2000, records: [] },
      { dataPath: 'params_shard_1.bin', format: 'raw-shard', nbytes: 1000, records: [] },
    ],
  };
  const packageManifest = { schema: 'mlc.model-package', schema_version: 1, chat_config: 'mlc-chat-config.json' };
  return new Map([
    ...(withPackageManifest ? ([[`${TEST_BASE}${TEST_PACKAGE_MANIFEST}`, text(packageManifest)]] as const) : []),
    [`${TEST_BASE}mlc-chat-config.json`, text(chatConfig)],
    [`${TEST_BASE}tensor-cache.json`, text(tensorCache)],
    [`${TEST_BASE}tokenizer.json`, text({ model: { type: 'BPE' } })],
    [`${TEST_BASE}params_shard_0.bin`, new Uint8Array(2000).fill(1)],
    [`${TEST_BASE}params_shard_1.bin`, new Uint8Array(1000).fill(2)],
    [TEST_LIB, TEST_LIB_BYTES],
  ]);
}
