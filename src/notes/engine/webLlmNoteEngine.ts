/**
 * The web-llm note engine, inside the note worker: the primary engine on WebGPU. web-llm runs its
 * own compiled model libraries and applies the note JSON Schema itself (`response_format:
 * { type: 'json_object', schema }`, through the same xgrammar the transformers.js engine uses).
 *
 * Two things it does not leave to web-llm:
 * - The build: q4f16 only when the adapter has `shader-f16`, read by Escriba (several prebuilt
 *   entries do not declare it); otherwise q4f32 (FACTS.md).
 * - Errors: web-llm can reject with a plain string. Every failure becomes NoteLoadError or
 *   NoteGenerationError, with web-llm's words kept as the cause.
 * - Thinking: a model the catalogue marks `thinking: "off"` (Qwen3, Qwen3.5) is asked not to think
 *   (`extra_body.enable_thinking: false`); the empty `<think>` block web-llm then puts at the start
 *   of the answer is removed from every text handed on (thinking.ts).
 * - A lost GPU: web-llm unloads the model when its device is lost (it asks to be loaded again). A
 *   generation that fails so is given one reload and one more try, with a notice for the doctor;
 *   if the reload fails too, the error says the GPU is the cause (NoteGpuLostError).
 *
 * web-llm cannot run on these machines (no weights, no GPU): webLlmNoteEngine.test.ts checks the
 * variant choice, the request it sends, streaming, cancelling and the error wrapping with a fake
 * engine; the real one is untested here.
 */
import type { AppConfig, ChatCompletionChunk, ChatCompletionRequestStreaming, MLCEngineConfig } from '@mlc-ai/web-llm';
import { modelLibIntegrity, webLlmModelUrl } from '../../model-manager/webLlmFiles';
import type { WebLlmModel, WebLlmVariant } from '../../model-manager/catalogSchema';
import {
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
  NoteGpuLostError,
  NoteGenerationError,
  NoteLoadError,
  NoteNotReadyError,
} from '../../shared/errors';
import { browserAdapterFeatures, type AdapterFeatures } from './gpuAdapter';
import { stripThinking } from './thinking';
import type { NoteEngine, NoteEngineStatus, NoteGenerationRequest, NoteGenerationResult, NoteLoadRequest } from './noteEngine';
import { NoteEngineBase } from './noteEngineBase';

/** The part of web-llm's MLCEngine this engine uses; tests pass a fake. */
export interface MlcEngineLike {
  chat: { completions: { create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export type CreateMlcEngine = (modelId: string, config: MLCEngineConfig) => Promise<MlcEngineLike>;

export interface WebLlmNoteEngineOptions {
  createEngine?: CreateMlcEngine;
  adapterFeatures?: AdapterFeatures;
}

const WARMUP_MAX_TOKENS = 2;

export const NOTICE_WEBLLM_RELOADED =
  'La placa de video dejó de responder y Escriba volvió a cargar el modelo de texto. La nota se redactó de nuevo desde el principio; no se perdió nada.';

const createMlcEngine: CreateMlcEngine = async (modelId, config) => (await import('@mlc-ai/web-llm')).CreateMLCEngine(modelId, config);

/** The catalogue's first build this adapter runs; q4f16 never without `shader-f16`, whatever the entry says. */
export function pickWebLlmVariant(model: WebLlmModel, features: readonly string[]): WebLlmVariant | undefined {
  const has = new Set(features);
  return model.variants.find(
    (variant) =>
      variant.requiredFeatures.every((feature) => has.has(feature)) && (!variant.quantization.startsWith('q4f16') || has.has('shader-f16')),
  );
}

/**
 * web-llm's app config for one catalogue build, pinned to its revision. Its URLs are the keys under
 * which Escriba's installer stores the files for web-llm (model-manager/webLlmFiles.ts); the
 * default cache backend ("cache") is the one the installer fills.
 */
export function appConfigFor(model: WebLlmModel, variant: WebLlmVariant): AppConfig {
  const integrity = modelLibIntegrity(variant);
  return {
    model_list: [
      {
        model: webLlmModelUrl(variant),
        model_id: variant.modelId,
        model_lib: variant.modelLib,
        vram_required_MB: variant.vramMB,
        required_features: variant.requiredFeatures,
        ...(model.contextWindowTokens ? { overrides: { context_window_size: model.contextWindowTokens } } : {}),
        ...(variant.modelManifest === undefined ? {} : { model_manifest: variant.modelManifest }),
        // web-llm hashes the library it loads and refuses it on a mismatch (IntegrityError).
        ...(integrity === undefined ? {} : { integrity: { model_lib: integrity, onFailure: 'error' as const } }),
      },
    ],
  };
}

export class WebLlmNoteEngine extends NoteEngineBase implements NoteEngine {
  private engine: MlcEngineLike | undefined;
  /** What was loaded last, to load it again after a lost GPU. */
  private loaded: NoteLoadRequest | undefined;

  constructor(private readonly options: WebLlmNoteEngineOptions = {}) {
    super();
  }

  async generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal } = request;
    if (signal?.aborted) throw cancelled();
    const engine = this.engine;
    if (!engine || this.status.get().phase !== 'ready') {
      throw new NoteNotReadyError(this.status.get().phase === 'generating' ? 'Ya se está generando una nota' : 'No hay un modelo de notas listo');
    }
    this.status.update({ phase: 'generating' });
    try {
      return await this.streamOn(engine, request);
    } catch (error) {
      if (error instanceof NoteGenerationCancelledError) throw error;
      if (!isDeviceLost(error)) throw new NoteGenerationError('No se pudo generar la nota', { cause: error });
      return await this.retryAfterGpuLoss(request, error);
    } finally {
      const current = this.engine;
      if (current && this.status.get().phase === 'generating') this.status.update({ phase: 'ready' });
    }
  }

  private async streamOn(engine: MlcEngineLike, request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal } = request;
    const interrupt = () => engine.interruptGenerate();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      const result = await stream(engine, request, this.loaded?.model);
      if (signal?.aborted) throw cancelled();
      return result;
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      throw error;
    } finally {
      signal?.removeEventListener('abort', interrupt);
    }
  }

  /** One reload of the same build on a new device, then the whole note again. */
  private async retryAfterGpuLoss(request: NoteGenerationRequest, lost: unknown): Promise<NoteGenerationResult> {
    const loaded = this.loaded;
    if (!loaded) throw new NoteGpuLostError('La placa de video dejó de responder', { cause: lost });
    try {
      await this.load(loaded);
    } catch (error) {
      throw new NoteGpuLostError('La placa de video dejó de responder y el modelo no volvió a cargar', { cause: error });
    }
    const engine = this.engine;
    if (!engine) throw new NoteGpuLostError('La placa de video dejó de responder', { cause: lost });
    this.status.update({ phase: 'generating', notice: NOTICE_WEBLLM_RELOADED });
    try {
      return await this.streamOn(engine, request);
    } catch (error) {
      if (error instanceof NoteGenerationCancelledError) throw error;
      if (isDeviceLost(error)) throw new NoteGpuLostError('La placa de video dejó de responder dos veces seguidas', { cause: error });
      throw new NoteGenerationError('No se pudo generar la nota', { cause: error });
    }
  }

  protected async loadNow(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    const { model, device } = request;
    await this.release();
    this.loaded = request;
    this.status.replace({ phase: 'loading', modelId: model.id, device, files: [], progress: 0 });
    try {
      if (model.engine !== 'web-llm') throw new NoteLoadError(`${model.id} no es un modelo de web-llm`);
      if (device !== 'webgpu') throw new NoteDeviceUnsupportedError('web-llm necesita la placa de video (WebGPU)');
      const features = await (this.options.adapterFeatures ?? browserAdapterFeatures)();
      if (!features) throw new NoteDeviceUnsupportedError('Este navegador no ofrece WebGPU');
      const variant = pickWebLlmVariant(model, features);
      if (!variant) throw new NoteDeviceUnsupportedError(`La placa de video no tiene lo que ${model.name} necesita`);
      const config: MLCEngineConfig = {
        appConfig: appConfigFor(model, variant),
        initProgressCallback: (report) => {
          if (this.status.get().phase === 'loading') this.status.update({ progress: report.progress });
        },
      };
      this.engine = await (this.options.createEngine ?? createMlcEngine)(variant.modelId, config);
      this.status.update({ phase: 'warming' });
      await drain(
        await this.engine.chat.completions.create({
          messages: [{ role: 'user', content: 'Hola.' }],
          stream: true,
          max_tokens: WARMUP_MAX_TOKENS,
          ...thinkingSwitch(model),
        }),
      );
      this.status.update({ phase: 'ready' });
      return this.status.get();
    } catch (error) {
      await this.release();
      const named = error instanceof NoteLoadError ? error : new NoteLoadError('web-llm no pudo cargar el modelo de notas', { cause: error });
      this.status.fail(named);
      throw named;
    }
  }

  protected async release(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    await engine?.unload().catch(() => undefined);
  }
}

/** What web-llm is told about thinking for this model: nothing, or not to think (catalogue `thinking: "off"`). */
export function thinkingSwitch(model: NoteLoadRequest['model'] | undefined): Pick<ChatCompletionRequestStreaming, 'extra_body'> {
  return model?.engine === 'web-llm' && model.thinking === 'off' ? { extra_body: { enable_thinking: false } } : {};
}

/** One streamed, schema-constrained, greedy completion, with progress per chunk (one token each). */
async function stream(
  engine: MlcEngineLike,
  request: NoteGenerationRequest,
  model: NoteLoadRequest['model'] | undefined,
): Promise<NoteGenerationResult> {
  const start = performance.now();
  const chunks = await engine.chat.completions.create({
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: request.maxTokens,
    temperature: 0,
    response_format: { type: 'json_object', schema: JSON.stringify(request.jsonSchema) },
    ...thinkingSwitch(model),
  });
  let text = '';
  let chunksSeen = 0;
  let firstAt: number | undefined;
  let usage: ChatCompletionChunk['usage'];
  for await (const chunk of chunks) {
    const piece = chunk.choices[0]?.delta.content;
    if (piece) {
      text += piece;
      chunksSeen++;
      firstAt ??= performance.now();
      const decodingS = (performance.now() - firstAt) / 1000;
      request.onProgress?.({
        outputTokens: chunksSeen,
        tokensPerSecond: decodingS > 0 ? (chunksSeen - 1) / decodingS : 0,
        text: stripThinking(text),
      });
    }
    if (chunk.usage) usage = chunk.usage;
  }
  const end = performance.now();
  return {
    text: stripThinking(text),
    promptTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? chunksSeen,
    timeToFirstTokenMs: usage ? usage.extra.time_to_first_token_s * 1000 : (firstAt ?? end) - start,
    totalMs: end - start,
  };
}

async function drain(chunks: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of chunks) {
    // only the side effect: the first generation compiles the shaders
  }
}

/**
 * web-llm's words for a lost device: its DeviceLostError, or the "Device was lost" / "device is
 * lost" texts it logs and rejects with once it has unloaded the model after a loss.
 */
export function isDeviceLost(error: unknown): boolean {
  if (error instanceof Error && error.name === 'DeviceLostError') return true;
  const text = error instanceof Error ? error.message : String(error);
  return /device (was |is |has been )?lost|DeviceLost/i.test(text);
}

function cancelled(): NoteGenerationCancelledError {
  return new NoteGenerationCancelledError('Generación de la nota cancelada');
}
