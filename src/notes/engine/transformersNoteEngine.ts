/**
 * The transformers.js note engine, inside the note worker: a causal LM from the catalogue, loaded
 * by id from Escriba's model store (never the network), on WebGPU or WASM with the catalogue's
 * dtypes for that device, warmed up before "ready", generating under the note grammar with
 * streamed progress, cancellable. This is the engine the tests run end to end (fixture models);
 * web-llm is the other one (webLlmNoteEngine.ts).
 *
 * It keeps the status and turns failures into named errors; loading and decoding live in
 * transformersNoteRuntime.ts, sessions on a device in noteSession.ts. The GPU recovery of
 * shared/gpuRecovery.ts (reload on a fresh GPU, else the processor, with a notice) covers a GPU
 * that is unusable at load or lost between notes; a GPU lost during a note fails it with
 * NoteGpuLostError, and NoteClient starts a new worker (noteGpuRecovery.ts says why).
 */
import { env, type DeviceType } from '@huggingface/transformers';
import type { ModelStore } from '../../model-manager/store';
import { useModelStore } from '../../model-manager/transformersStore';
import { NoteGenerationCancelledError, NoteGenerationError, NoteGpuLostError, NoteLoadError, NoteNotReadyError } from '../../shared/errors';
import { browserGpu, type GpuDeviceSource } from '../../shared/gpuDevice';
import { GpuDeviceLostError, RecoveringSession } from '../../shared/gpuRecovery';
import type { NoteDevice, NoteEngine, NoteEngineStatus, NoteGenerationRequest, NoteGenerationResult, NoteLoadRequest } from './noteEngine';
import { NOTE_GPU_RECOVERY } from './noteGpuRecovery';
import { NoteSessionOpener, type NoteSession } from './noteSession';
import { NoteEngineBase } from './noteEngineBase';
import { generateNote } from './transformersNoteRuntime';
import { loadXGrammar, type XGrammar } from './xgrammar';

/**
 * How long a generation that failed on WebGPU waits for its device's `lost` to decide whether the
 * GPU was the cause. A destroyed SwiftShader device failed ORT's next read before `lost` settled
 * (CI: the failure was taken for an ordinary one and the worker, already unusable, was reused).
 */
const LOST_GRACE_MS = 2_000;

export interface TransformersNoteEngineOptions {
  store: ModelStore;
  /** Where the grammar engine comes from (Node tests load it their own way). */
  xgrammar?: () => Promise<XGrammar>;
  /** Where WebGPU sessions get their GPUDevice (tests pass their own to lose it on purpose). */
  gpu?: GpuDeviceSource;
  /** The transformers.js device for each of Escriba's; Node tests run both on 'cpu'. */
  runtimeDevice?: (device: NoteDevice) => DeviceType;
}

export class TransformersNoteEngine extends NoteEngineBase implements NoteEngine {
  private session: RecoveringSession<NoteSession> | undefined;

  constructor(private readonly options: TransformersNoteEngineOptions) {
    super();
    // Every model file comes from the store; ORT's own files are the worker's business (note.worker.ts).
    useModelStore(env, options.store);
  }

  async generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal } = request;
    if (signal?.aborted) throw cancelled();
    const session = this.session;
    if (!session || this.status.get().phase !== 'ready') {
      throw new NoteNotReadyError(this.status.get().phase === 'generating' ? 'Ya se está generando una nota' : 'No hay un modelo de notas listo');
    }
    this.status.update({ phase: 'generating' });
    try {
      // After a lost GPU the recovery runs this again on the new session, from the start.
      return await session.run(async (opened) => {
        this.status.update({ phase: 'generating', device: opened.device });
        try {
          const result = await generateNote(opened.runtime, {
            messages: request.messages,
            jsonSchema: request.jsonSchema,
            maxTokens: request.maxTokens,
            signal: signal ? AbortSignal.any([signal, opened.closing]) : opened.closing,
            onProgress: request.onProgress,
          });
          if (result.cancelled) throw cancelled();
          const { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs } = result;
          return { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs };
        } catch (error) {
          if (await opened.lostWithin(LOST_GRACE_MS)) throw new NoteGpuLostError('La placa de video dejó de responder', { cause: error });
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof NoteGenerationCancelledError || error instanceof NoteNotReadyError) throw error;
      if (error instanceof NoteGpuLostError || error instanceof GpuDeviceLostError) {
        // This worker's ONNX Runtime is unusable now (noteGpuRecovery.ts): say so; NoteClient replaces it.
        const lost = error instanceof NoteGpuLostError ? error : new NoteGpuLostError('La placa de video dejó de responder', { cause: error });
        this.status.fail(lost);
        throw lost;
      }
      throw new NoteGenerationError('No se pudo generar la nota', { cause: error });
    } finally {
      // A dispose(), a load() or a failed recovery during generation has moved the phase on already.
      if (this.session === session && this.status.get().phase === 'generating') this.status.update({ phase: 'ready' });
    }
  }

  protected async loadNow({ model, device }: NoteLoadRequest): Promise<NoteEngineStatus> {
    await this.release();
    this.status.replace({ phase: 'loading', modelId: model.id, device, files: [] });
    const { store, gpu = browserGpu, xgrammar = loadXGrammar, runtimeDevice = (d: NoteDevice) => d } = this.options;
    const opener = new NoteSessionOpener(
      model,
      { store, gpu, xgrammar, runtimeDevice },
      {
        loading: (loadingDevice, files) => this.status.update({ phase: 'loading', device: loadingDevice, files }),
        fileProgress: (file, loadedBytes, totalBytes) => this.status.fileProgress(file, loadedBytes, totalBytes),
        warming: () => this.status.update({ phase: 'warming' }),
      },
    );
    const session = new RecoveringSession(
      opener,
      {
        recovered: (recoveredDevice, notice) => this.status.update({ phase: 'ready', device: recoveredDevice, notice }),
        failed: (error) => this.status.fail(named(error)),
      },
      NOTE_GPU_RECOVERY,
    );
    this.session = session;
    try {
      const opened = await session.start(device);
      this.status.update({ phase: 'ready', device: opened.device });
      return this.status.get();
    } catch (error) {
      this.session = undefined;
      await session.close().catch(() => undefined);
      const failure = named(error);
      this.status.fail(failure);
      throw failure;
    }
  }

  protected async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }
}

function named(error: unknown): NoteLoadError {
  return error instanceof NoteLoadError ? error : new NoteLoadError('No se pudo cargar el modelo de notas', { cause: error });
}

function cancelled(): NoteGenerationCancelledError {
  return new NoteGenerationCancelledError('Generación de la nota cancelada');
}
