/**
 * The speech engine inside the speech worker: Whisper on transformers.js, loaded by catalogue id
 * from Escriba's model store, on WebGPU or WASM as the catalogue's variant for that device says.
 *
 * It keeps the status (phases, per-file bytes, notice, error) and turns failures into named
 * errors; loading, warming up and decoding live in whisperSession.ts / whisperRuntime.ts, and what
 * happens when the GPU fails in gpuRecovery.ts.
 */
import { env } from '@huggingface/transformers';
import type { ModelStore } from '../model-manager/store';
import { useModelStore } from '../model-manager/transformersStore';
import {
  SpeechGpuLostError,
  SpeechLoadError,
  SpeechNotReadyError,
  TranscriptionCancelledError,
  TranscriptionError,
} from '../shared/errors';
import { browserGpu, type GpuDeviceSource } from '../shared/gpuDevice';
import { GpuDeviceLostError, RecoveringSession } from '../shared/gpuRecovery';
import { SPEECH_GPU_RECOVERY } from './speechGpuRecovery';
import { useAppOnnxRuntimeFiles } from './onnxRuntimeFiles';
import { toWireError } from '../shared/worker/errorCodec';
import {
  MAX_UTTERANCE_S,
  SPEECH_SAMPLE_RATE,
  type SpeechEngine,
  type SpeechLoadRequest,
  type SpeechStatus,
  type TranscribeOptions,
  type Transcription,
} from './speechEngine';
import { WhisperSessionOpener, type WhisperSession } from './whisperSession';

/** Per-file byte updates are sent at most this often (a large file reports every chunk it reads). */
const PROGRESS_INTERVAL_MS = 100;
const MAX_SAMPLES = MAX_UTTERANCE_S * SPEECH_SAMPLE_RATE;
/** How long a failed WebGPU decode waits for its device's loss to be reported before calling it ordinary. */
const LOST_GRACE_MS = 2_000;

export interface WhisperEngineOptions {
  store: ModelStore;
  /** Where WebGPU sessions get their GPUDevice (a test harness wraps it to reach the device). */
  gpu?: GpuDeviceSource;
}

export class WhisperEngine implements SpeechEngine {
  private status: SpeechStatus = { phase: 'idle', files: [] };
  private readonly listeners = new Set<(status: SpeechStatus) => void>();
  private session: RecoveringSession<WhisperSession> | undefined;
  /** load() and dispose() one at a time: a new model replaces the old one only once it is released. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private lastProgressAt = 0;

  constructor(private readonly options: WhisperEngineOptions) {
    // transformers.js reads every model file from the store and ORT's own files from the app.
    useModelStore(env, options.store);
    useAppOnnxRuntimeFiles(env);
  }

  load(request: SpeechLoadRequest): Promise<SpeechStatus> {
    const run = this.lifecycle.then(() => this.loadNow(request));
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
    const { prompt, signal } = options;
    if (signal?.aborted) throw cancelled();
    if (audio.length > MAX_SAMPLES) {
      throw new TranscriptionError(`Utterances are at most ${MAX_UTTERANCE_S} s (${audio.length} samples given)`);
    }
    const session = this.session;
    if (!session || this.status.phase === 'error') throw new SpeechNotReadyError('No speech model is loaded');
    const run = session.run(async (opened) => {
      try {
        return { text: await opened.decode(audio, { prompt, signal }), device: opened.device };
      } catch (error) {
        if (opened.device === 'webgpu' && (await opened.lostWithin(LOST_GRACE_MS))) {
          throw new SpeechGpuLostError('La placa de video dejó de responder', { cause: error });
        }
        throw error;
      }
    });
    try {
      // A call still waiting behind others is cancelled at once, not when its turn comes.
      return await (signal ? Promise.race([run, rejectOnAbort(signal)]) : run);
    } catch (error) {
      if (error instanceof TranscriptionCancelledError || error instanceof SpeechNotReadyError) throw error;
      if (error instanceof SpeechGpuLostError || error instanceof GpuDeviceLostError) {
        // This worker's ONNX Runtime is unusable now (speechGpuRecovery.ts): say so; SpeechClient replaces it.
        const lost = error instanceof SpeechGpuLostError ? error : new SpeechGpuLostError('La placa de video dejó de responder', { cause: error });
        if (this.session === session) this.update({ phase: 'error', error: toWireError(lost) });
        throw lost;
      }
      throw new TranscriptionError('La transcripción falló', { cause: error });
    }
  }

  getStatus(): SpeechStatus {
    return this.status;
  }

  subscribe(listener: (status: SpeechStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): Promise<void> {
    const run = this.lifecycle.then(async () => {
      await this.release();
      this.update({ phase: 'idle', files: [] }, { replace: true });
    });
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  private async loadNow({ model, device }: SpeechLoadRequest): Promise<SpeechStatus> {
    await this.release();
    this.update({ phase: 'loading', modelId: model.id, device, files: [] }, { replace: true });
    if (model.task !== 'speech') return this.failLoad(new SpeechLoadError(`${model.id} is not a speech model`));
    const opener = new WhisperSessionOpener(model, this.options.store, this.options.gpu ?? browserGpu, {
      loading: (loadingDevice, files) => this.update({ phase: 'loading', device: loadingDevice, files }),
      fileProgress: (file, loadedBytes, totalBytes) => this.fileProgress(file, loadedBytes, totalBytes),
      warming: () => this.update({ phase: 'warming' }),
    });
    const session = new RecoveringSession(
      opener,
      {
        recovered: (recoveredDevice, notice) => this.update({ phase: 'ready', device: recoveredDevice, notice }),
        failed: (error) => this.update({ phase: 'error', error: toWireError(error) }),
      },
      SPEECH_GPU_RECOVERY,
    );
    this.session = session;
    try {
      const opened = await session.start(device);
      this.update({ phase: 'ready', device: opened.device, files: this.status.files });
      return this.status;
    } catch (error) {
      this.session = undefined;
      await session.close().catch(() => undefined);
      return this.failLoad(error instanceof SpeechLoadError ? error : new SpeechLoadError('No se pudo cargar el modelo de voz', { cause: error }));
    }
  }

  private failLoad(error: SpeechLoadError): never {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    this.update({ phase: 'error', error: { name: error.name, message: `${error.message}${cause}` } });
    throw error;
  }

  private async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }

  private fileProgress(file: string, loadedBytes: number, totalBytes: number | null): void {
    const files = this.status.files.some((entry) => entry.file === file)
      ? this.status.files.map((entry) => (entry.file === file ? { file, loadedBytes, totalBytes: totalBytes ?? entry.totalBytes } : entry))
      : [...this.status.files, { file, loadedBytes, totalBytes }];
    const complete = totalBytes !== null && loadedBytes >= totalBytes;
    const now = Date.now();
    if (!complete && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) {
      this.status = { ...this.status, files }; // kept, sent with the next update
      return;
    }
    this.lastProgressAt = now;
    this.update({ files });
  }

  private update(change: Partial<SpeechStatus>, { replace = false } = {}): void {
    const next: SpeechStatus = replace ? { files: [], ...change, phase: change.phase ?? 'idle' } : { ...this.status, ...change };
    // An error belongs to the error phase only; a notice stays until the next load or release.
    if (next.phase !== 'error') delete next.error;
    this.status = next;
    for (const listener of this.listeners) listener(next);
  }
}

function cancelled(): TranscriptionCancelledError {
  return new TranscriptionCancelledError('Transcripción cancelada');
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(cancelled()), { once: true }));
}
