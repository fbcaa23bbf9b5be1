/**
 * The web-llm engine around a fake MLCEngine: no weights and no GPU here, so this checks Escriba's
 * side only (which build is picked, what web-llm is asked, how its stream and its string
 * rejections come back), never web-llm itself.
 */
import { readFileSync } from 'node:fs';
import type { ChatCompletionChunk, ChatCompletionRequestStreaming, MLCEngineConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../model-manager/catalog';
import type { WebLlmModel } from '../../model-manager/catalogSchema';
import {
  NoteDeviceUnsupportedError,
  NoteGpuLostError,
  NoteGenerationCancelledError,
  NoteGenerationError,
  NoteLoadError,
  NoteNotReadyError,
} from '../../shared/errors';
import { appConfigFor, isDeviceLost, NOTICE_WEBLLM_RELOADED, pickWebLlmVariant, WebLlmNoteEngine, type MlcEngineLike } from './webLlmNoteEngine';

const catalog = parseCatalog(JSON.parse(readFileSync(new URL('../../../models/catalog.json', import.meta.url), 'utf8')));
const qwen = catalog.byId('qwen2.5-1.5b-instruct');
if (qwen?.engine !== 'web-llm') throw new Error('the catalogue lost qwen2.5-1.5b-instruct');
const MODEL: WebLlmModel = qwen;
const thinker = catalog.byId('qwen3.5-2b');
if (thinker?.engine !== 'web-llm' || thinker.thinking !== 'off') throw new Error('the catalogue lost qwen3.5-2b with thinking off');
const THINKER: WebLlmModel = thinker;
const gemma4 = catalog.byId('gemma-4-e2b-it');
if (gemma4?.engine !== 'web-llm') throw new Error('the catalogue lost gemma-4-e2b-it');
/** What web-llm 0.2.86 puts before the answer when told `enable_thinking: false` (`forwardPrefill`). */
const EMPTY_THINKING = '<think>\n\n</think>\n\n';
const REQUEST = { messages: [{ role: 'user' as const, content: 'Transcripción: [s1] …' }], jsonSchema: { type: 'object' }, maxTokens: 64 };

function chunk(content: string | undefined, usage?: ChatCompletionChunk['usage']): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: content === undefined ? [] : [{ index: 0, delta: { content, role: 'assistant' }, finish_reason: null }],
    ...(usage ? { usage } : {}),
  };
}

const USAGE = {
  prompt_tokens: 900,
  completion_tokens: 3,
  total_tokens: 903,
  extra: { e2e_latency_s: 1, prefill_tokens_per_s: 900, decode_tokens_per_s: 30, time_to_first_token_s: 0.25, time_per_output_token_s: 0.03 },
};

/** Records what web-llm was asked; answers with `pieces`, or rejects as web-llm does, with a string. */
class FakeMlc implements MlcEngineLike {
  readonly requests: ChatCompletionRequestStreaming[] = [];
  pieces = ['{"a"', ':1', '}'];
  rejectWith: unknown;
  interrupted = false;
  unloaded = 0;
  chat = {
    completions: {
      create: async (request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> => {
        this.requests.push(request);
        if (this.rejectWith !== undefined && request.response_format) throw this.rejectWith;
        const fake = this;
        return (async function* () {
          for (const piece of fake.pieces) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            if (fake.interrupted) return;
            yield chunk(piece);
          }
          yield chunk(undefined, USAGE);
        })();
      },
    },
  };
  interruptGenerate = () => {
    this.interrupted = true;
  };
  unload = async () => {
    this.unloaded++;
  };
}

function engineWith(fake: FakeMlc, features: string[] | undefined, created: { id: string; config: MLCEngineConfig }[] = []) {
  return new WebLlmNoteEngine({
    adapterFeatures: async () => features,
    createEngine: async (id, config) => {
      created.push({ id, config });
      config.initProgressCallback?.({ progress: 0.5, timeElapsed: 1, text: '50%' });
      return fake;
    },
  });
}

describe('web-llm note engine (fake MLCEngine)', () => {
  it('picks q4f16 only when the adapter has shader-f16, checked by Escriba', () => {
    expect(pickWebLlmVariant(MODEL, ['shader-f16'])?.quantization).toBe('q4f16_1');
    expect(pickWebLlmVariant(MODEL, [])?.quantization).toBe('q4f32_1');
    // Even an entry that forgot to require it (web-llm's own list does) is not run without it.
    const careless: WebLlmModel = { ...MODEL, variants: MODEL.variants.map((v) => ({ ...v, requiredFeatures: [] })) };
    expect(pickWebLlmVariant(careless, [])?.quantization).toBe('q4f32_1');
    expect(pickWebLlmVariant({ ...MODEL, variants: careless.variants.slice(0, 1) }, [])).toBeUndefined();
  });

  it('gives web-llm the catalogue build, pinned, with the context window', () => {
    const variant = MODEL.variants[1]!;
    expect(appConfigFor(MODEL, variant).model_list).toEqual([
      {
        model: `https://huggingface.co/${variant.source.repo}/resolve/${variant.source.revision}/`,
        model_id: variant.modelId,
        model_lib: variant.modelLib,
        vram_required_MB: variant.vramMB,
        required_features: [],
        overrides: { context_window_size: 4096 },
      },
    ]);
  });

  it('passes a model package manifest and the library hash on to web-llm when the catalogue has them', () => {
    const variant = gemma4.variants[0]!;
    expect(appConfigFor(gemma4, variant).model_list[0]).toMatchObject({ model_manifest: 'mlc-model-manifest.json' });
    expect(appConfigFor(gemma4, variant).model_list[0]?.integrity).toBeUndefined();
    const hashed = { ...variant, modelLibSha256: 'ab'.repeat(32) };
    expect(appConfigFor(gemma4, hashed).model_list[0]?.integrity).toEqual({
      model_lib: `sha256-${Buffer.from('ab'.repeat(32), 'hex').toString('base64')}`,
      onFailure: 'error',
    });
  });

  it('asks a thinking model not to think, and hands on its answer without the empty <think> block web-llm puts first', async () => {
    const fake = new FakeMlc();
    fake.pieces = [EMPTY_THINKING, '{"a"', ':1', '}'];
    const engine = engineWith(fake, ['shader-f16']);
    await engine.load({ model: THINKER, device: 'webgpu' });
    const progress: string[] = [];
    const result = await engine.generate({ ...REQUEST, onProgress: (p) => progress.push(p.text) });
    // The warm-up and the note: both carry the switch.
    expect(fake.requests.map((r) => r.extra_body)).toEqual([{ enable_thinking: false }, { enable_thinking: false }]);
    expect(result.text).toBe('{"a":1}');
    expect(progress).toEqual(['', '{"a"', '{"a":1', '{"a":1}']);
    expect(progress.some((text) => text.includes('think'))).toBe(false);
  });

  it('sends no thinking switch to a model that has none', async () => {
    for (const model of [MODEL, gemma4]) {
      const fake = new FakeMlc();
      await engineWith(fake, ['shader-f16']).load({ model, device: 'webgpu' });
      expect(fake.requests.every((r) => r.extra_body === undefined)).toBe(true);
    }
  });

  it('loads through loading (with web-llm’s fraction) and warming to ready, then streams a constrained note', async () => {
    const fake = new FakeMlc();
    const created: { id: string; config: MLCEngineConfig }[] = [];
    const engine = engineWith(fake, [], created);
    const phases: string[] = [];
    engine.subscribe((s) => phases.push(s.progress === undefined ? s.phase : `${s.phase} ${s.progress}`));
    expect(await engine.load({ model: MODEL, device: 'webgpu' })).toMatchObject({ phase: 'ready', modelId: MODEL.id, device: 'webgpu' });
    expect(phases).toEqual(['loading 0', 'loading 0.5', 'warming', 'ready']);
    expect(created.map((c) => c.id)).toEqual(['Qwen2.5-1.5B-Instruct-q4f32_1-MLC']);

    const progress: string[] = [];
    const result = await engine.generate({ ...REQUEST, onProgress: (p) => progress.push(p.text) });
    expect(result).toMatchObject({ text: '{"a":1}', promptTokens: 900, outputTokens: 3, timeToFirstTokenMs: 250 });
    expect(progress).toEqual(['{"a"', '{"a":1', '{"a":1}']);
    expect(fake.requests.at(-1)).toMatchObject({
      stream: true,
      max_tokens: 64,
      temperature: 0,
      response_format: { type: 'json_object', schema: JSON.stringify(REQUEST.jsonSchema) },
    });
    expect(engine.getStatus().phase).toBe('ready');
  });

  it('wraps web-llm’s string rejections in named errors that keep its words', async () => {
    const failing = new WebLlmNoteEngine({
      adapterFeatures: async () => [],
      createEngine: () => Promise.reject('Cannot find adapter that satisfies the request'),
    });
    const error = await failing.load({ model: MODEL, device: 'webgpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoteLoadError);
    expect(error).toMatchObject({ cause: 'Cannot find adapter that satisfies the request' });
    expect(failing.getStatus()).toMatchObject({ phase: 'error', error: { name: 'NoteLoadError' } });
    expect(failing.getStatus().error?.message).toContain('Cannot find adapter');

    const fake = new FakeMlc();
    const engine = engineWith(fake, []);
    await engine.load({ model: MODEL, device: 'webgpu' });
    fake.rejectWith = 'Grammar init failed';
    const generationError = await engine.generate(REQUEST).catch((e: unknown) => e);
    expect(generationError).toBeInstanceOf(NoteGenerationError);
    expect(generationError).toMatchObject({ cause: 'Grammar init failed' });
    expect(engine.getStatus().phase).toBe('ready');
  });

  it('refuses WASM, a browser without WebGPU, and generating before ready', async () => {
    await expect(engineWith(new FakeMlc(), []).load({ model: MODEL, device: 'wasm' })).rejects.toBeInstanceOf(NoteDeviceUnsupportedError);
    await expect(engineWith(new FakeMlc(), undefined).load({ model: MODEL, device: 'webgpu' })).rejects.toBeInstanceOf(NoteDeviceUnsupportedError);
    await expect(engineWith(new FakeMlc(), []).generate(REQUEST)).rejects.toBeInstanceOf(NoteNotReadyError);
  });

  it('cancels with interruptGenerate and rejects as cancelled; dispose unloads', async () => {
    const fake = new FakeMlc();
    const engine = engineWith(fake, ['shader-f16']);
    await engine.load({ model: MODEL, device: 'webgpu' });
    const controller = new AbortController();
    const running = engine.generate({ ...REQUEST, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(running).rejects.toBeInstanceOf(NoteGenerationCancelledError);
    expect(fake.interrupted).toBe(true);
    await engine.dispose();
    expect(fake.unloaded).toBe(1);
    expect(engine.getStatus()).toEqual({ phase: 'idle', files: [] });
  });

  it('after a lost GPU loads the model again and writes the note again, with a notice; a second loss is named', async () => {
    const fake = new FakeMlc();
    const created: { id: string; config: MLCEngineConfig }[] = [];
    const engine = engineWith(fake, [], created);
    await engine.load({ model: MODEL, device: 'webgpu' });
    // What web-llm rejects with once it has unloaded the model after a device loss.
    fake.rejectWith = new Error('Device was lost. This can happen due to insufficient memory or other GPU constraints.');
    const reloading = engine.generate(REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.rejectWith = undefined;
    expect(await reloading).toMatchObject({ text: '{"a":1}' });
    expect(created).toHaveLength(2);
    expect(engine.getStatus()).toMatchObject({ phase: 'ready', notice: NOTICE_WEBLLM_RELOADED });

    fake.rejectWith = 'Device is lost';
    const twice = await engine.generate(REQUEST).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(NoteGpuLostError);
    expect(created).toHaveLength(3);
    // Not every failure is the GPU's: those are not retried.
    fake.rejectWith = 'Grammar init failed';
    expect(await engine.generate(REQUEST).catch((e: unknown) => e)).not.toBeInstanceOf(NoteGpuLostError);
    expect(created).toHaveLength(3);
    expect(isDeviceLost('Device was lost')).toBe(true);
    expect(isDeviceLost(new Error('out of memory'))).toBe(false);
  });
});
