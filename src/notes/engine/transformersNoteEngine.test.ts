/**
 * The transformers.js note engine on the real runtime: the scripted LLM fixture (random weights,
 * scripted note; test/fixtures/models/llm-fixture/README.md) read from an in-memory model store by
 * catalogue id, run by onnxruntime-node on the CPU. Proves the engine's plumbing (lifecycle,
 * per-file bytes, grammar, progress, cancel, named errors), nothing about note quality.
 */
import { describe, expect, it } from 'vitest';
import { MemoryModelStore } from '../../model-manager/store.memory';
import {
  NoteGenerationCancelledError,
  NoteGpuLostError,
  NoteLoadError,
  NoteModelMissingError,
  NoteNotReadyError,
} from '../../shared/errors';
import { noteJsonSchema } from '../noteSchema';
import { buildNotePrompt } from '../prompt';
import { BUILT_IN_TEMPLATES } from '../templates';
import {
  LLM_FIXTURE_ID,
  LLM_FIXTURE_TEMPLATE_ID,
  llmFixtureModel,
  llmFixtureScript,
  llmFixtureStore,
  loadXGrammarInNode,
} from '../../../test/fixtures/llm-fixture';
import { WebGpuUnavailableError, type GpuDeviceLike, type GpuDeviceSource } from '../../shared/gpuDevice';
import type { NoteEngineStatus } from './noteEngine';
import { NOTICE_GPU_RELOADED, NOTICE_GPU_UNUSABLE } from './noteGpuRecovery';
import { TransformersNoteEngine } from './transformersNoteEngine';

const TIMEOUT_MS = 120_000;
const model = llmFixtureModel(LLM_FIXTURE_ID);
const template = BUILT_IN_TEMPLATES.find((t) => t.id === LLM_FIXTURE_TEMPLATE_ID)!;
const script = llmFixtureScript();
const request = {
  messages: buildNotePrompt(template, script.transcript),
  jsonSchema: noteJsonSchema(template, { evidenceIds: script.transcript.map((s) => s.ref) }),
  maxTokens: 1024,
};

/**
 * GPUDevices for "webgpu" sessions that the model never touches (Node runs every session on the
 * CPU), so a test can lose one mid-generation or stop handing them out: the engine's recovery
 * runs for real, on the real runtime.
 */
class FakeGpu implements GpuDeviceSource {
  readonly devices: { lose(): void; destroyed: boolean }[] = [];
  /** Features of the devices it gives; `undefined`: no WebGPU at all. */
  features: string[] | undefined = [];

  async requestDevice(): Promise<GpuDeviceLike> {
    if (!this.features) throw new WebGpuUnavailableError('No WebGPU here');
    let lose = () => undefined as void;
    const lost = new Promise<{ reason?: string }>((resolve) => (lose = () => resolve({ reason: 'unknown' })));
    const device = { features: this.features, lost, destroyed: false, lose, destroy: () => void (device.destroyed = true) };
    this.devices.push(device);
    return device;
  }
}

function engineFor(store: MemoryModelStore, gpu = new FakeGpu()) {
  return new TransformersNoteEngine({ store, xgrammar: async () => loadXGrammarInNode(), gpu, runtimeDevice: () => 'cpu' });
}

/** Both variants' files, as after installing the model for the GPU and the processor. */
function bothVariants(): MemoryModelStore {
  return llmFixtureStore(model, 'wasm', llmFixtureStore(model, 'webgpu').store).store;
}

describe('transformers.js note engine (LLM fixture, CPU)', () => {
  it('loads through loading (per-file bytes) and warming to ready, then writes the scripted note', { timeout: TIMEOUT_MS }, async () => {
    const engine = engineFor(llmFixtureStore(model, 'wasm').store);
    const seen: NoteEngineStatus[] = [];
    engine.subscribe((status) => seen.push(status));
    expect(await engine.load({ model, device: 'wasm' })).toMatchObject({ phase: 'ready', modelId: model.id, device: 'wasm' });
    expect([...new Set(seen.map((s) => s.phase))]).toEqual(['loading', 'warming', 'ready']);
    const onnx = model.source.files.find((f) => f.path === 'onnx/model_quantized.onnx')!;
    expect(engine.getStatus().files).toContainEqual({ file: onnx.path, loadedBytes: onnx.bytes, totalBytes: onnx.bytes });

    const progress: number[] = [];
    const result = await engine.generate({ ...request, onProgress: (p) => progress.push(p.outputTokens) });
    expect(result.text).toBe(script.text);
    expect(result.outputTokens).toBe(progress.length);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(seen.map((s) => s.phase).slice(-2)).toEqual(['generating', 'ready']);

    const controller = new AbortController();
    const cancelled = engine.generate({ ...request, signal: controller.signal, onProgress: (p) => p.outputTokens === 3 && controller.abort() });
    await expect(cancelled).rejects.toBeInstanceOf(NoteGenerationCancelledError);
    expect(engine.getStatus().phase).toBe('ready');

    await engine.dispose();
    expect(engine.getStatus()).toEqual({ phase: 'idle', files: [] });
    await expect(engine.generate(request)).rejects.toBeInstanceOf(NoteNotReadyError);
  });

  it('says which files are missing, and refuses a device it cannot use, as named errors', { timeout: TIMEOUT_MS }, async () => {
    const { store } = llmFixtureStore(model, 'wasm');
    await store.delete(`${model.id}/tokenizer.json`);
    const missing = engineFor(store);
    const error = await missing.load({ model, device: 'wasm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoteModelMissingError);
    expect(String(error)).toContain('tokenizer.json');
    expect(missing.getStatus()).toMatchObject({ phase: 'error', error: { name: 'NoteModelMissingError' } });

    const speech = { ...model, task: 'speech' as const };
    await expect(engineFor(new MemoryModelStore()).load({ model: speech, device: 'wasm' })).rejects.toBeInstanceOf(NoteLoadError);
  });

  it('writes the note on the processor, and says so, when the computer has no usable GPU', { timeout: TIMEOUT_MS }, async () => {
    const gpu = new FakeGpu();
    gpu.features = undefined;
    const engine = engineFor(bothVariants(), gpu);
    expect(await engine.load({ model, device: 'webgpu' })).toMatchObject({ phase: 'ready', device: 'wasm', notice: NOTICE_GPU_UNUSABLE });
    expect((await engine.generate(request)).text).toBe(script.text);
  });

  it('ends a note whose GPU is lost mid-generation with NoteGpuLostError (NoteClient replaces the worker); a GPU lost between notes is reloaded in place', { timeout: TIMEOUT_MS }, async () => {
    const gpu = new FakeGpu();
    const engine = engineFor(bothVariants(), gpu);
    expect(await engine.load({ model, device: 'webgpu' })).toMatchObject({ phase: 'ready', device: 'webgpu' });
    expect(engine.getStatus().notice).toBeUndefined();

    const lostMidNote = await engine
      .generate({ ...request, onProgress: ({ outputTokens }) => outputTokens === 3 && gpu.devices[0]!.lose() })
      .catch((e: unknown) => e);
    expect(lostMidNote).toBeInstanceOf(NoteGpuLostError);
    expect(engine.getStatus()).toMatchObject({ phase: 'error', error: { name: 'NoteGpuLostError' } });

    // A GPU read that fails before the device's `lost` settles (ORT's mapAsync error) is the loss too.
    const early = new FakeGpu();
    const racing = engineFor(bothVariants(), early);
    await racing.load({ model, device: 'webgpu' });
    const failedRead = await racing
      .generate({
        ...request,
        onProgress: ({ outputTokens }) => {
          if (outputTokens !== 3) return;
          setTimeout(() => early.devices[0]!.lose(), 300);
          throw new Error("Failed to execute 'mapAsync' on 'GPUBuffer': Buffer was unmapped before mapping was resolved.");
        },
      })
      .catch((e: unknown) => e);
    expect(failedRead).toBeInstanceOf(NoteGpuLostError);
    expect(early.devices).toHaveLength(1);
    await racing.dispose();

    // Between notes nothing is running on the device, so the engine reloads on a fresh one by itself.
    const freshGpu = new FakeGpu();
    const fresh = engineFor(bothVariants(), freshGpu);
    await fresh.load({ model, device: 'webgpu' });
    freshGpu.devices[0]!.lose();
    await expect.poll(() => fresh.getStatus(), { timeout: 60_000 }).toMatchObject({ phase: 'ready', device: 'webgpu', notice: NOTICE_GPU_RELOADED });
    expect((await fresh.generate(request)).text).toBe(script.text);
    expect(freshGpu.devices).toHaveLength(2);
    await fresh.dispose();
    await engine.dispose();
    expect([...gpu.devices, ...early.devices, ...freshGpu.devices].every((d) => d.destroyed)).toBe(true);
  });
});
