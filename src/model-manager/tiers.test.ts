import { describe, expect, it } from 'vitest';
import catalogText from '../../models/catalog.json?raw';
import { parseCatalog } from './catalog';
import { buildProfile, withDeclaredGpuMemory, type GpuProfile, type HardwareProfile } from './hardware';
import { canRun, recommend, tierOf } from './tiers';

const GIB = 1024 ** 3;
const catalog = parseCatalog(JSON.parse(catalogText));
const model = (id: string) => {
  const found = catalog.byId(id);
  if (!found) throw new Error(`no ${id} in the catalogue`);
  return found;
};

function gpu(overrides: Partial<GpuProfile>): GpuProfile {
  return {
    vendor: '',
    architecture: '',
    device: '',
    description: '',
    isFallbackAdapter: false,
    features: [],
    maxBufferSizeBytes: 2 * GIB,
    maxStorageBufferBindingSizeBytes: 2 * GIB - 4,
    ...overrides,
  };
}

const ROOMY_STORAGE = { quotaBytes: 200e9, usageBytes: 2e9, persisted: true };

/** Headless Chromium's SwiftShader adapter (FACTS.md): no shader-f16, 1 GiB storage binding. */
const swiftshader: HardwareProfile = buildProfile({
  gpu: gpu({
    vendor: 'google',
    architecture: 'swiftshader',
    description: 'SwiftShader Device (Subzero)',
    features: ['float32-filterable', 'timestamp-query'],
    maxStorageBufferBindingSizeBytes: GIB,
  }),
  gpuUnavailableReason: null,
  deviceMemoryBytes: 8 * GIB,
  logicalCores: 2,
  storage: ROOMY_STORAGE,
});

/** An office laptop: Intel integrated graphics without shader-f16, 8 GiB RAM → a 4 GiB GPU budget. */
const integrated4GB: HardwareProfile = buildProfile({
  gpu: gpu({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics 620' }),
  gpuUnavailableReason: null,
  deviceMemoryBytes: 8 * GIB,
  logicalCores: 8,
  storage: ROOMY_STORAGE,
});

/** A desktop with a discrete 8 GB card with shader-f16; the doctor stated its memory in settings. */
const discrete8GB: HardwareProfile = withDeclaredGpuMemory(
  buildProfile({
    gpu: gpu({ vendor: 'nvidia', architecture: 'ampere', features: ['shader-f16', 'timestamp-query'], maxBufferSizeBytes: 4 * GIB }),
    gpuUnavailableReason: null,
    deviceMemoryBytes: 8 * GIB,
    logicalCores: 16,
    storage: ROOMY_STORAGE,
  }),
  8 * GIB,
);

/** An old browser or a GPU on the blocklist: no WebGPU at all. */
const noWebGpu: HardwareProfile = buildProfile({
  gpu: null,
  gpuUnavailableReason: 'no-webgpu-api',
  deviceMemoryBytes: 4 * GIB,
  logicalCores: 4,
  storage: ROOMY_STORAGE,
});

describe('tierOf', () => {
  it('puts software and missing GPUs in CPU mode and sizes hardware GPUs by their memory budget', () => {
    expect(tierOf(swiftshader)).toBe('cpu');
    expect(tierOf(noWebGpu)).toBe('cpu');
    expect(tierOf(integrated4GB)).toBe('gpu-mid');
    expect(tierOf(discrete8GB)).toBe('gpu-high');
    expect(tierOf({ ...integrated4GB, gpuMemory: null })).toBe('gpu-low');
    expect(tierOf(withDeclaredGpuMemory(integrated4GB, 2 * GIB))).toBe('gpu-low');
  });
});

describe('recommend', () => {
  it('SwiftShader: CPU mode, Whisper Base and the ONNX Qwen on WASM', () => {
    const r = recommend(swiftshader, catalog);
    expect(r).toMatchObject({ tier: 'cpu', mode: 'cpu', llmUnavailable: null });
    expect(r.speech?.model.id).toBe('whisper-base');
    expect(r.speech?.device).toBe('wasm');
    expect(r.llm).toMatchObject({ model: { id: 'qwen2.5-1.5b-instruct-onnx' }, device: 'wasm' });
    expect(r.summary).toBe(
      'No hay una GPU que Escriba pueda usar, así que funciona en modo CPU. ' +
        'Esta computadora puede usar Whisper Base para transcribir (en el procesador) y Qwen2.5 1.5B Instruct (ONNX) para redactar notas (en el procesador).',
    );
  });

  it('integrated GPU with 4 GB: Whisper Small and Llama 3.2 3B in its q4f32 build (no shader-f16)', () => {
    const r = recommend(integrated4GB, catalog);
    expect(r.tier).toBe('gpu-mid');
    expect(r.speech?.model.id).toBe('whisper-small');
    expect(r.speech?.device).toBe('webgpu');
    expect(r.llm?.model.id).toBe('llama-3.2-3b-instruct');
    expect(r.llm?.variant).toMatchObject({ quantization: 'q4f32_1' });
    expect(r.summary).toBe(
      'Esta computadora puede usar Whisper Small para transcribir (en la GPU) y Llama 3.2 3B Instruct para redactar notas (en la GPU).',
    );
  });

  it('discrete GPU with 8 GB and shader-f16: Whisper Large v3 Turbo with its fp16 encoder and Qwen3.5 4B in q4f16', () => {
    const r = recommend(discrete8GB, catalog);
    expect(r.tier).toBe('gpu-high');
    expect(r.speech?.model.id).toBe('whisper-large-v3-turbo');
    expect(r.speech?.variant).toMatchObject({ dtype: { encoder_model: 'fp16', decoder_model_merged: 'q4' } });
    expect(r.llm?.model.id).toBe('qwen3.5-4b');
    expect(r.llm?.variant).toMatchObject({ quantization: 'q4f16_1', modelId: 'Qwen3.5-4B-q4f16_1-MLC' });
  });

  it('a GPU budget between the new and the old builds steps down in catalogue order, by what fits', () => {
    const f16 = (budget: number) =>
      withDeclaredGpuMemory({ ...discrete8GB, gpu: discrete8GB.gpu && { ...discrete8GB.gpu, features: ['shader-f16'] } }, budget);
    expect(recommend(f16(2.8 * GIB), catalog).llm?.model.id).toBe('qwen3.5-2b'); // 2245 MB of 2437 MiB usable
    expect(recommend(f16(2.5 * GIB), catalog).llm?.model.id).toBe('qwen3-1.7b'); // 2037 of 2176
    expect(recommend(f16(4.2 * GIB), catalog).llm?.model.id).toBe('qwen3-4b'); // 3432 of 3656; Qwen3.5 4B needs 3868
    expect(recommend(f16(4.7 * GIB), catalog).llm?.model.id).toBe('qwen3.5-4b');
  });

  it('no WebGPU: CPU mode with Whisper Base and the ONNX Qwen on WASM', () => {
    const r = recommend(noWebGpu, catalog);
    expect(r).toMatchObject({ tier: 'cpu', mode: 'cpu', llm: { model: { id: 'qwen2.5-1.5b-instruct-onnx' }, device: 'wasm' } });
    expect(r.speech?.model.id).toBe('whisper-base');
  });

  it('never recommends an experimental model (a fine-tune under evaluation), even the only one that fits', () => {
    const json: { models: Record<string, unknown>[] } = JSON.parse(catalogText);
    const onnxQwen = json.models.find((m) => m['id'] === 'qwen2.5-1.5b-instruct-onnx');
    if (!onnxQwen) throw new Error('fixture');
    const fineTune = { ...onnxQwen, id: 'escriba-med-es-test', experimental: true, baseModel: 'qwen2.5-1.5b-instruct-onnx' };
    const withFineTune = parseCatalog({ ...json, models: [fineTune, ...json.models] });
    expect(recommend(noWebGpu, withFineTune).llm?.model.id).toBe('qwen2.5-1.5b-instruct-onnx');
    const onlyFineTune = parseCatalog({ ...json, models: [fineTune, ...json.models.filter((m) => m['task'] !== 'llm')] });
    expect(recommend(noWebGpu, onlyFineTune).llm).toBeNull();
    // The doctor can still pick it: it runs here.
    expect(canRun(onlyFineTune.byId('escriba-med-es-test')!, noWebGpu).ok).toBe(true);
  });

  it('no WebGPU and only web-llm text models: no automatic notes, and it says why', () => {
    const json: { models: { engine: string; task: string }[] } = JSON.parse(catalogText);
    const webLlmOnly = parseCatalog({ ...json, models: json.models.filter((m) => m.task !== 'llm' || m.engine === 'web-llm') });
    const r = recommend(noWebGpu, webLlmOnly);
    expect(r).toMatchObject({ tier: 'cpu', mode: 'cpu', llm: null });
    expect(r.llmUnavailable).toMatch(/hace falta una GPU con WebGPU/);
  });

  it('a small GPU budget gets the 1.5B model; never the English-only Gemma', () => {
    const r = recommend(withDeclaredGpuMemory(integrated4GB, 2.5 * GIB), catalog);
    expect(r.tier).toBe('gpu-low');
    expect(r.llm?.model.id).toBe('qwen2.5-1.5b-instruct');
    expect(r.speech?.model.id).toBe('whisper-small');
    for (const profile of [swiftshader, integrated4GB, discrete8GB, noWebGpu]) {
      expect(recommend(profile, catalog).llm?.model.id).not.toBe('gemma-2-2b-it');
    }
  });

  it('steps down when storage is short: in 300 MB neither Turbo nor Small (its 353 MB encoder) surely fits, Whisper Base is not known not to', () => {
    const cramped = { ...discrete8GB, storage: { quotaBytes: 302e6, usageBytes: 2e6, persisted: false } };
    expect(recommend(cramped, catalog).speech?.model.id).toBe('whisper-base');
    expect(canRun(model('whisper-small'), cramped)).toMatchObject({ ok: false, reason: 'insufficient-storage' });
  });

  it('says what is missing when nothing fits: the refusals of the models it considered', () => {
    const noRoom = { quotaBytes: 50e6, usageBytes: 50e6, persisted: false };
    // web-llm builds' sizes are known only from their manifests, so storage never refuses them.
    const full = recommend({ ...discrete8GB, storage: noRoom }, catalog);
    expect(full.speech).toBeNull();
    expect(full.speechUnavailable).toBe('Ningún modelo de transcripción puede usarse en esta computadora: falta espacio de almacenamiento.');
    const tinyGpu = recommend({ ...withDeclaredGpuMemory(integrated4GB, 0.2 * GIB), storage: noRoom }, catalog);
    expect(tinyGpu.llm).toBeNull();
    expect(tinyGpu.llmUnavailable).toBe(
      'Ningún modelo para redactar notas puede usarse en esta computadora: falta memoria de la GPU o espacio de almacenamiento. ' +
        'Escriba puede grabar y transcribir, y la nota se escribe a mano.',
    );
  });
});

describe('canRun', () => {
  it('runs a web-llm model on a SwiftShader adapter with the q4f32 build (slow, but possible)', () => {
    const result = canRun(model('qwen2.5-1.5b-instruct'), swiftshader);
    expect(result).toMatchObject({ ok: true, device: 'webgpu', variant: { quantization: 'q4f32_1' } });
  });

  it('refuses an LLM without WebGPU, in Spanish', () => {
    const result = canRun(model('llama-3.2-3b-instruct'), noWebGpu);
    expect(result).toMatchObject({ ok: false, reason: 'no-webgpu' });
    if (!result.ok) expect(result.message).toMatch(/^«Llama 3.2 3B Instruct» necesita una GPU con WebGPU/);
  });

  it('refuses a web-llm model on WASM: it has no build for it', () => {
    expect(canRun(model('llama-3.2-3b-instruct'), discrete8GB, { device: 'wasm' })).toMatchObject({
      ok: false,
      reason: 'no-variant',
    });
  });

  it('refuses a model that needs more GPU memory than the budget leaves, counting what is reserved', () => {
    const small = withDeclaredGpuMemory(integrated4GB, 2 * GIB);
    const result = canRun(model('llama-3.2-3b-instruct'), small);
    expect(result).toMatchObject({ ok: false, reason: 'insufficient-gpu-memory' });
    if (!result.ok) {
      expect(result.detail.neededBytes).toBe(Math.ceil(2951.51 * 1024 * 1024));
      expect(result.message).toBe(
        '«Llama 3.2 3B Instruct» necesita unos 3,1 GB de memoria de la GPU y esta computadora tiene alrededor de 1,8 GB disponibles. Elija un modelo más chico.',
      );
    }
    expect(canRun(model('qwen2.5-1.5b-instruct'), integrated4GB)).toMatchObject({ ok: true });
    expect(canRun(model('qwen2.5-1.5b-instruct'), integrated4GB, { reservedGpuBytes: 2 * GIB })).toMatchObject({
      ok: false,
      reason: 'insufficient-gpu-memory',
    });
  });

  it('refuses a download that surely does not fit in the free quota, unless it is already installed', () => {
    const full = { ...discrete8GB, storage: { quotaBytes: 10e9, usageBytes: 9.9e9, persisted: true } };
    const result = canRun(model('whisper-large-v3-turbo'), full);
    expect(result).toMatchObject({ ok: false, reason: 'insufficient-storage', detail: { availableBytes: 100e6 } });
    if (!result.ok) expect(result.message).toMatch(/necesita al menos 33\d MB de espacio y quedan 100 MB disponibles/);
    expect(canRun(model('whisper-large-v3-turbo'), full, { installed: true })).toMatchObject({ ok: true });
  });

  it('refuses a build whose GPU feature the adapter lacks', () => {
    const json = JSON.parse(catalogText);
    // A catalogue offering only the q4f16 build, as a clinic might trim it.
    json.models = json.models
      .filter((m: { id: string }) => m.id === 'qwen2.5-1.5b-instruct')
      .map((m: { variants: { quantization: string }[] }) => ({ ...m, variants: m.variants.filter((v) => v.quantization === 'q4f16_1') }));
    const trimmed = parseCatalog(json);
    const qwen = trimmed.byId('qwen2.5-1.5b-instruct');
    if (!qwen) throw new Error('fixture');
    const result = canRun(qwen, integrated4GB);
    expect(result).toMatchObject({ ok: false, reason: 'missing-feature', detail: { feature: 'shader-f16' } });
    if (!result.ok) expect(result.message).toMatch(/necesita una función de la GPU \(shader-f16\)/);
    expect(canRun(qwen, discrete8GB)).toMatchObject({ ok: true, variant: { quantization: 'q4f16_1' } });
  });
});
