/**
 * Every web-llm entry must name a model the installed @mlc-ai/web-llm knows, with the same
 * compiled library, repository, VRAM estimate and context window: otherwise the note engine would
 * load a lib built for another version. Imported here only: the app loads web-llm in its worker.
 */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import catalogText from '../../models/catalog.json?raw';
import { parseCatalog } from './catalog';
import type { WebLlmModel } from './catalogSchema';

const catalog = parseCatalog(JSON.parse(catalogText));
const webLlmModels = catalog.models.filter((model): model is WebLlmModel => model.engine === 'web-llm');
const records = new Map(prebuiltAppConfig.model_list.map((record) => [record.model_id, record]));

describe('web-llm entries against the installed prebuiltAppConfig', () => {
  it('cover the Spanish-capable prebuilt LLMs, each with a q4f16 and a q4f32 build', () => {
    expect(webLlmModels.map((m) => m.id)).toEqual([
      'qwen2.5-1.5b-instruct',
      'gemma-2-2b-it',
      'llama-3.2-3b-instruct',
      'qwen2.5-3b-instruct',
    ]);
    for (const model of webLlmModels) {
      expect(model.variants.map((v) => v.quantization).sort()).toEqual(['q4f16_1', 'q4f32_1']);
    }
  });

  for (const model of webLlmModels) {
    for (const variant of model.variants) {
      it(`${variant.modelId}: same model, lib, repository, VRAM and context window`, () => {
        const record = records.get(variant.modelId);
        expect(record, `${variant.modelId} is not in the installed prebuiltAppConfig`).toBeDefined();
        expect(variant.modelLib).toBe(record?.model_lib);
        expect(variant.modelLib).toContain('/v0_2_86/');
        expect(`${variant.source.host}/${variant.source.repo}`).toBe(record?.model);
        expect(variant.vramMB).toBe(record?.vram_required_MB);
        expect(model.contextWindowTokens).toBe(record?.overrides?.context_window_size);
        // Escriba checks shader-f16 itself; whatever web-llm lists must be in the catalogue too.
        for (const feature of record?.required_features ?? []) expect(variant.requiredFeatures).toContain(feature);
      });
    }
  }
});
