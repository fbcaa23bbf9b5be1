import { describe, expect, it } from 'vitest';
import catalogText from '../../models/catalog.json?raw';
import readme from '../../models/README.md?raw';
import { InvalidCatalogError } from '../shared/errors';
import {
  downloadEstimate,
  fileUrl,
  isPinnedRevision,
  loadCatalog,
  parseCatalog,
  variantFiles,
  variantFor,
  variantSource,
} from './catalog';

/** A fresh, mutable copy of the committed catalogue for each bad-catalogue case. */
function committed(): { models: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(catalogText);
}

function problemsOf(json: unknown): readonly string[] {
  try {
    parseCatalog(json);
  } catch (error) {
    if (error instanceof InvalidCatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected the catalogue to be rejected');
}

describe('the committed catalogue', () => {
  const catalog = parseCatalog(JSON.parse(catalogText));

  it('is valid and lists the Whisper, web-llm and transformers.js LLM models the app offers', () => {
    expect(catalog.models.map((m) => m.id)).toEqual([
      'whisper-base',
      'whisper-small',
      'whisper-large-v3-turbo',
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
      'qwen2.5-1.5b-instruct-onnx',
    ]);
    expect(catalog.byTask('speech').every((m) => m.engine === 'transformers.js')).toBe(true);
    // web-llm is the GPU engine; one ONNX build serves the transformers.js engine, on the processor too.
    expect(catalog.byTask('llm').map((m) => m.engine)).toEqual([...Array<string>(10).fill('web-llm'), 'transformers.js']);
  });

  it('never runs a q8 Whisper on WebGPU (transformers.js #1317): fp32, or for large-v3-turbo fp16 with shader-f16 else q4; q8 on WASM', () => {
    const encoders: Record<string, string[]> = {};
    for (const model of catalog.byTask('speech')) {
      if (model.engine !== 'transformers.js') throw new Error('speech models are transformers.js');
      const withF16 = variantFor(model, 'webgpu', { features: ['shader-f16'] });
      const webgpu = variantFor(model, 'webgpu');
      const wasm = variantFor(model, 'wasm');
      encoders[model.id] = [withF16?.dtype['encoder_model'] ?? '', webgpu?.dtype['encoder_model'] ?? ''];
      for (const variant of [withF16, webgpu]) expect(variant?.dtype['decoder_model_merged']).toBe('q4');
      expect(wasm?.dtype).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
      // The dtype implies the ONNX file names transformers.js will request.
      const suffix: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };
      for (const variant of [withF16, webgpu, wasm]) {
        for (const [session, dtype] of Object.entries(variant?.dtype ?? {})) {
          const expected = `onnx/${session}${suffix[dtype] ?? '?'}.onnx`;
          expect(variant?.files).toContain(expected);
        }
      }
    }
    expect(encoders).toEqual({
      'whisper-base': ['fp32', 'fp32'],
      'whisper-small': ['fp32', 'fp32'],
      'whisper-large-v3-turbo': ['fp16', 'q4'],
    });
  });

  it('flags every unpinned revision as a TODO in models/README.md', () => {
    for (const model of catalog.models) {
      for (const variant of model.variants) {
        const source = variantSource(model, variant);
        if (!isPinnedRevision(source.revision)) expect(readme).toContain(`TODO(${source.repo})`);
      }
    }
  });

  it('looks models up by id and task', () => {
    expect(catalog.byId('whisper-small')?.name).toBe('Whisper Small');
    expect(catalog.byId('nope')).toBeUndefined();
    expect(catalog.byTask('llm')).toHaveLength(11);
  });

  it('picks the web-llm build by the adapter: q4f16 with shader-f16, q4f32 without', () => {
    const llama = catalog.byId('llama-3.2-3b-instruct');
    if (llama?.engine !== 'web-llm') throw new Error('llama is a web-llm model');
    expect(variantFor(llama, 'webgpu', { features: ['shader-f16'] })?.quantization).toBe('q4f16_1');
    expect(variantFor(llama, 'webgpu', { features: [] })?.quantization).toBe('q4f32_1');
    expect(variantFor(llama, 'webgpu')?.quantization).toBe('q4f32_1');
    expect(variantFor(llama, 'wasm')).toBeUndefined();
  });

  it('builds file URLs in the Hugging Face layout and estimates downloads from what the host published', () => {
    const base = catalog.byId('whisper-base');
    if (base?.engine !== 'transformers.js') throw new Error('whisper-base is transformers.js');
    const webgpu = variantFor(base, 'webgpu');
    if (!webgpu) throw new Error('whisper-base has a WebGPU variant');
    expect(fileUrl(base.source, 'onnx/decoder_model_merged_q4.onnx')).toBe(
      'https://huggingface.co/onnx-community/whisper-base/resolve/0dc963c325ab2554e6dcedbb458decbffb4dc5b1/onnx/decoder_model_merged_q4.onnx',
    );
    expect(variantFiles(base, webgpu).map((f) => f.path)).toEqual(webgpu.files);
    const estimate = downloadEstimate(base, webgpu);
    expect(estimate.knownBytes).toBeGreaterThan(124_000_000);
    expect(estimate.unknownFiles).toBe(1); // onnx/encoder_model.onnx: size not found on the host's pages
    const qwen = catalog.byId('qwen2.5-1.5b-instruct');
    if (qwen?.engine !== 'web-llm' || !qwen.variants[0]) throw new Error('qwen is web-llm');
    expect(downloadEstimate(qwen, qwen.variants[0]).fileListUnknown).toBe(true);
  });
});

describe('an invalid catalogue', () => {
  it('is rejected with a named error and Spanish problems that point at the field', () => {
    const json = committed();
    json.version = 2;
    delete json.models[0]?.['license'];
    const problems = problemsOf(json);
    expect(problems).toContainEqual(expect.stringMatching(/^version: /));
    expect(problems).toContainEqual(expect.stringMatching(/^models\[0\]\.license: .*(esperaba|requerid)/i));
    expect(() => parseCatalog(json)).toThrow(/El catálogo de modelos no es válido/);
  });

  it('rejects anything that is not a catalogue at all', () => {
    expect(problemsOf(null).length).toBeGreaterThan(0);
    expect(problemsOf({ version: 1, models: [] })).toContainEqual(expect.stringMatching(/^models: /));
  });

  it('rejects unknown fields (a typo must not silently drop a fact)', () => {
    const json = committed();
    const model = json.models[0];
    if (model) model['contextWindow'] = 4096;
    expect(problemsOf(json)).toContainEqual(expect.stringMatching(/^models\[0\]: .*contextWindow/));
  });

  it('rejects a malformed sha256 and a non-http host', () => {
    const json = JSON.parse(catalogText.replace('09f83b71ce', 'XYZ').replace('"https://huggingface.co"', '"ftp://x"'));
    const problems = problemsOf(json);
    expect(problems).toContainEqual(expect.stringMatching(/sha256: Debe ser un SHA-256/));
    expect(problems).toContainEqual(expect.stringMatching(/source\.host: Debe ser una URL http/));
  });

  it('rejects duplicate ids, variant files missing from the source, and an llm without a context window', () => {
    const json = committed();
    const [base, , , qwen] = json.models;
    if (!base || !qwen) throw new Error('fixture');
    json.models.push({ ...base });
    base['variants'] = [{ device: 'wasm', dtype: { encoder_model: 'q8' }, files: ['onnx/missing.onnx'], requiredFeatures: [], vramMB: null }];
    qwen['contextWindowTokens'] = null;
    const problems = problemsOf(json);
    expect(problems).toContainEqual(`models[${json.models.length - 1}].id: El id «whisper-base» está repetido.`);
    expect(problems).toContainEqual('models[0].variants[0].files[0]: «onnx/missing.onnx» no figura en source.files.');
    expect(problems).toContainEqual('models[3].contextWindowTokens: Un modelo de lenguaje (llm) debe indicar su ventana de contexto.');
  });

  it('rejects a q4f16 build that does not require shader-f16 (web-llm does not always say so)', () => {
    const json = committed();
    const variants = json.models[3]?.['variants'] as Record<string, unknown>[];
    if (variants[0]) variants[0]['requiredFeatures'] = [];
    expect(problemsOf(json)).toContainEqual(expect.stringMatching(/^models\[3\]\.variants\[0\]\.requiredFeatures: Una variante q4f16 debe exigir «shader-f16»/));
  });

  it('rejects a Whisper variant in fp16 on WebGPU without shader-f16, and one an earlier variant always wins over', () => {
    const json = committed();
    const turbo = json.models[2]?.['variants'] as Record<string, unknown>[];
    if (turbo[0]) turbo[0]['requiredFeatures'] = [];
    const problems = problemsOf(json);
    expect(problems).toContainEqual('models[2].variants[0].requiredFeatures: Una variante WebGPU con fp16 o q4f16 debe exigir «shader-f16».');
    // Now both WebGPU variants need nothing: the second can never be picked.
    expect(problems).toContainEqual('models[2].variants[1].device: La variante 0 para «webgpu» se elige siempre antes que esta: nunca se usaría.');
  });

  it('takes a fine-tune\'s experimental flag, base model and prompt profile, and refuses a model that is its own base', () => {
    const json = committed();
    const qwen = json.models.find((m) => m['id'] === 'qwen2.5-1.5b-instruct-onnx');
    if (!qwen) throw new Error('fixture');
    const fineTune = { ...qwen, id: 'escriba-med-es-qwen', experimental: true, baseModel: 'qwen2.5-1.5b-instruct-onnx', promptProfile: 'compact' };
    expect(parseCatalog({ ...json, models: [...json.models, fineTune] }).byId('escriba-med-es-qwen')).toMatchObject({
      experimental: true,
      baseModel: 'qwen2.5-1.5b-instruct-onnx',
      promptProfile: 'compact',
    });
    const at = `models[${json.models.length}]`;
    const selfBased = { ...fineTune, baseModel: 'escriba-med-es-qwen' };
    expect(problemsOf({ ...json, models: [...json.models, selfBased] })).toContainEqual(
      `${at}.baseModel: Un modelo no puede ser su propio modelo base.`,
    );
    const unknownProfile = { ...fineTune, promptProfile: 'short' };
    expect(problemsOf({ ...json, models: [...json.models, unknownProfile] })).toContainEqual(
      expect.stringMatching(/^models\[\d+\]\.promptProfile: Opción inválida/),
    );
  });

  it('rejects a speech model on the web-llm engine', () => {
    const json = committed();
    const qwen = json.models[3];
    if (qwen) qwen['task'] = 'speech';
    expect(problemsOf(json)).toContainEqual(expect.stringMatching(/^models\[3\]\.task: /));
  });
});

describe('loadCatalog', () => {
  const fakeFetch = (body: string, status = 200): typeof fetch => async () => new Response(body, { status });

  it('loads and validates a catalogue from a URL (a clinic server or a local folder)', async () => {
    const catalog = await loadCatalog('http://localhost:8080/models/catalog.json', fakeFetch(catalogText));
    expect(catalog.byId('whisper-base')).toBeDefined();
  });

  it('accepts already-parsed JSON', async () => {
    expect((await loadCatalog(JSON.parse(catalogText))).models).toHaveLength(14);
  });

  it('explains in Spanish a catalogue it cannot fetch, that is not JSON, or that the server refuses', async () => {
    await expect(loadCatalog('http://x/c.json', fakeFetch('{', 200))).rejects.toThrow(/no es JSON válido/);
    await expect(loadCatalog('http://x/c.json', fakeFetch('', 404))).rejects.toThrow(/el servidor respondió 404/);
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadCatalog(new URL('http://x/c.json'), offline)).rejects.toBeInstanceOf(InvalidCatalogError);
  });
});
