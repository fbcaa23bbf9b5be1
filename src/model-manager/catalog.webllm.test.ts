/**
 * Every web-llm entry must name a model the installed @mlc-ai/web-llm knows, with the same
 * compiled library, repository, VRAM estimate, context window and model package manifest:
 * otherwise the note engine would load a lib built for another version. Imported here only: the
 * app loads web-llm in its worker.
 */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import catalogText from '../../models/catalog.json?raw';
import readme from '../../models/README.md?raw';
import { isPinnedRevision, parseCatalog } from './catalog';
import type { WebLlmModel } from './catalogSchema';

const catalog = parseCatalog(JSON.parse(catalogText));
const webLlmModels = catalog.models.filter((model): model is WebLlmModel => model.engine === 'web-llm');
const records = new Map(prebuiltAppConfig.model_list.map((record) => [record.model_id, record]));
const rawEntries = (JSON.parse(catalogText) as { models: Record<string, unknown>[] }).models;

/** A library URL on GitHub's raw host: the ref it is read at (branch or commit) and the path after it. */
const LIB_URL = /^https:\/\/raw\.githubusercontent\.com\/mlc-ai\/binary-mlc-llm-libs\/([^/]+)\/(.+)$/;
function libParts(url: string | undefined): { ref: string; path: string } | undefined {
  const match = LIB_URL.exec(url ?? '');
  return match ? { ref: match[1]!, path: match[2]! } : undefined;
}

describe('web-llm entries against the installed prebuiltAppConfig', () => {
  it('cover the Spanish-capable prebuilt LLMs, each with a q4f16 and a q4f32 build', () => {
    expect(webLlmModels.map((m) => m.id)).toEqual([
      'qwen3.5-2b',
      'qwen3-1.7b',
      'qwen2.5-1.5b-instruct',
      'gemma-2-2b-it',
      'qwen3.5-4b',
      'qwen3-4b',
      'gemma-4-e2b-it',
      'phi-4-mini-instruct',
      'llama-3.2-3b-instruct',
      'qwen2.5-3b-instruct',
    ]);
    for (const model of webLlmModels) {
      expect(model.variants.map((v) => v.quantization).sort()).toEqual(['q4f16_1', 'q4f32_1']);
    }
  });

  it('say for every model how its thinking is handled: off for Qwen3 and Qwen3.5, which think unless told not to', () => {
    for (const entry of rawEntries.filter((m) => m['engine'] === 'web-llm')) expect(Object.keys(entry)).toContain('thinking');
    for (const model of webLlmModels) {
      const thinks = model.variants.some((v) => /^Qwen3(\.5)?-/.test(v.modelId));
      expect(`${model.id}: ${model.thinking}`).toBe(`${model.id}: ${thinks ? 'off' : 'none'}`);
    }
  });

  for (const model of webLlmModels) {
    for (const variant of model.variants) {
      it(`${variant.modelId}: same model, lib, repository, VRAM, context window and manifest`, () => {
        const record = records.get(variant.modelId);
        expect(record, `${variant.modelId} is not in the installed prebuiltAppConfig`).toBeDefined();
        // The lib may be pinned to a commit where web-llm names its branch: the path after the ref is what must match.
        const ours = libParts(variant.modelLib);
        const theirs = libParts(record?.model_lib);
        expect(ours?.path).toBe(theirs?.path);
        expect(ours?.path).toMatch(/^web-llm-models\/v0_2_86\//);
        if (ours && !isPinnedRevision(ours.ref)) {
          expect(ours.ref).toBe(theirs?.ref);
          expect(readme).toContain(`TODO(${ours.path})`);
        }
        if (ours && isPinnedRevision(ours.ref)) expect(variant.modelLibSha256).toMatch(/^[0-9a-f]{64}$/);
        expect(`${variant.source.host}/${variant.source.repo}`).toBe(record?.model);
        expect(variant.vramMB).toBe(record?.vram_required_MB);
        expect(model.contextWindowTokens).toBe(record?.overrides?.context_window_size);
        expect(variant.modelManifest).toBe(record?.model_manifest);
        // appConfigFor passes only the context window: any other override must be web-llm's own default.
        const { context_window_size: _window, ...others } = record?.overrides ?? {};
        expect(others).toEqual(Object.keys(others).length === 0 ? {} : { max_history_size: 1 });
        // Escriba checks shader-f16 itself; whatever web-llm lists must be in the catalogue too.
        for (const feature of record?.required_features ?? []) expect(variant.requiredFeatures).toContain(feature);
      });
    }
  }
});
