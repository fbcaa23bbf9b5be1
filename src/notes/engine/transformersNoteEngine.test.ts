/**
 * The transformers.js note engine on the real runtime: the scripted LLM fixture (random weights,
 * scripted note; test/fixtures/models/llm-fixture/README.md) read from an in-memory model store by
 * catalogue id, run by onnxruntime-node on the CPU. Proves the engine's plumbing (lifecycle,
 * per-file bytes, grammar, progress, cancel, named errors), nothing about note quality.
 */
import { describe, expect, it } from 'vitest';
import { MemoryModelStore } from '../../model-manager/store.memory';
import {
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
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
import type { NoteEngineStatus } from './noteEngine';
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

function engineFor(store: MemoryModelStore, features?: string[]) {
  return new TransformersNoteEngine({
    store,
    xgrammar: async () => loadXGrammarInNode(),
    adapterFeatures: async () => features,
    runtimeDevice: () => 'cpu',
  });
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

    await expect(engineFor(new MemoryModelStore(), undefined).load({ model, device: 'webgpu' })).rejects.toBeInstanceOf(
      NoteDeviceUnsupportedError,
    );
    const speech = { ...model, task: 'speech' as const };
    await expect(engineFor(new MemoryModelStore()).load({ model: speech, device: 'wasm' })).rejects.toBeInstanceOf(NoteLoadError);
  });
});
