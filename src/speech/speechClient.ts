/**
 * The main thread's side of the speech worker: the same `SpeechEngine` interface as the Whisper
 * engine inside it, so screens and the transcription queue depend on the interface and tests can
 * drive either side. Every call is a message; cancelling is a message too (the worker interrupts
 * the decoder), never a terminated worker.
 *
 * A worker that fails to start (its chunk missing offline) or crashes rejects every pending call
 * with SpeechWorkerError and leaves the status in `error`; the next `load()` starts a new worker.
 *
 * A transcription that lost its GPU (SpeechGpuLostError) leaves the worker's ONNX Runtime unusable
 * (speechGpuRecovery.ts), so the client ends that worker, loads the same model in a new one (on a
 * fresh GPU, or the processor if the GPU will not come back) and runs the transcription again,
 * once, with a notice in the status for the doctor. Calls that were waiting in the old worker are
 * run again in the new one too.
 */
import { SpeechGpuLostError, SpeechNotReadyError, SpeechWorkerError, TranscriptionCancelledError } from '../shared/errors';
import { fromWireError, isSpeechEvent, type SpeechEvent, type SpeechRequest, type SpeechResult } from './speech.protocol';
import { NOTICE_GPU_RELOADED, NOTICE_NOW_ON_CPU } from './speechGpuRecovery';
import type { SpeechEngine, SpeechLoadRequest, SpeechStatus, TranscribeOptions, Transcription } from './speechEngine';

/** What the client needs of a Worker; tests pass a fake. */
export interface SpeechWorkerLike {
  postMessage(message: SpeechRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export function createSpeechWorker(): SpeechWorkerLike {
  return new Worker(new URL('./speech.worker.ts', import.meta.url), { type: 'module', name: 'escriba-speech' });
}

type Pending =
  | { type: 'load'; resolve(status: SpeechStatus): void; reject(error: Error): void }
  | { type: 'transcribe'; resolve(transcription: Transcription): void; reject(error: Error): void; cleanup(): void }
  | { type: 'dispose'; resolve(): void; reject(error: Error): void };

const IDLE: SpeechStatus = { phase: 'idle', files: [] };
/** Workers replaced after lost GPUs before the model is loaded on the processor instead. */
export const MAX_WORKER_REPLACEMENTS = 3;

export class SpeechClient implements SpeechEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: SpeechStatus) => void>();
  private status: SpeechStatus = IDLE;
  /** The worker's own status, before the client's notice is added. */
  private workerStatus: SpeechStatus = IDLE;
  private current: { worker: SpeechWorkerLike; watchId: number } | undefined;
  /** The last model asked for, to load it again in a new worker after a lost GPU. */
  private lastLoad: SpeechLoadRequest | undefined;
  /** Set when the client replaced a worker; shown with every status until the next load(). */
  private notice: string | undefined;
  private replacements = 0;
  /** Counts replacements, so calls that failed together replace the worker once. */
  private workerGeneration = 0;
  private replacing: Promise<unknown> = Promise.resolve();
  /** The load in flight, which a second request for the same model and device joins. */
  private loading: { key: string; promise: Promise<SpeechStatus> } | undefined;

  /** The worker is started on first use, and again after it failed or was disposed. */
  constructor(private readonly createWorker: () => SpeechWorkerLike = createSpeechWorker) {}

  /**
   * Loads a model. Asked again for the model and device that are loading or ready (the queue and
   * «Transcribir de nuevo» both make sure the model is loaded), it joins that load instead of
   * starting another, which would release the model under the first caller.
   */
  load(request: SpeechLoadRequest): Promise<SpeechStatus> {
    const key = loadKey(request);
    if (this.loading?.key === key) return this.loading.promise;
    if (this.lastLoad && loadKey(this.lastLoad) === key && this.current && this.workerStatus.phase === 'ready') {
      return Promise.resolve(this.status);
    }
    this.lastLoad = request;
    this.notice = undefined;
    const promise = this.loadInWorker(request).finally(() => {
      if (this.loading?.promise === promise) this.loading = undefined;
    });
    this.loading = { key, promise };
    return promise;
  }

  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
    const generation = this.workerGeneration;
    try {
      return await this.transcribeInWorker(audio, options);
    } catch (error) {
      if (!(error instanceof SpeechGpuLostError) || options.signal?.aborted || !this.lastLoad) throw error;
      await this.replaceWorker(generation, this.lastLoad);
      // A second loss is not retried: it reaches the caller as SpeechGpuLostError.
      return this.transcribeInWorker(audio, options);
    }
  }

  /** Ends a worker whose GPU was lost and loads the model in a new one (once for calls that failed together). */
  private replaceWorker(generation: number, load: SpeechLoadRequest): Promise<unknown> {
    if (generation !== this.workerGeneration) return this.replacing;
    this.workerGeneration++;
    const current = this.current;
    if (current) this.stop(current.worker, () => new SpeechGpuLostError('Se reemplazó el proceso de transcripción'));
    // A GPU that keeps getting lost: stay on the processor.
    const request: SpeechLoadRequest = ++this.replacements > MAX_WORKER_REPLACEMENTS ? { ...load, device: 'wasm' } : load;
    this.replacing = this.loadInWorker(request).then((status) => {
      this.notice = status.device === 'webgpu' ? NOTICE_GPU_RELOADED : NOTICE_NOW_ON_CPU;
      this.setStatus(this.workerStatus);
    });
    return this.replacing;
  }

  private loadInWorker(request: SpeechLoadRequest): Promise<SpeechStatus> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { type: 'load', resolve, reject });
      this.worker.postMessage({ type: 'load', id, request });
    });
  }

  private transcribeInWorker(audio: Float32Array, options: TranscribeOptions): Promise<Transcription> {
    const { prompt, signal } = options;
    if (signal?.aborted) return Promise.reject(new TranscriptionCancelledError('Transcripción cancelada'));
    if (!this.current) return Promise.reject(new SpeechNotReadyError('No speech model is loaded'));
    const { worker } = this.current;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const cancel = () => worker.postMessage({ type: 'cancel', id });
      signal?.addEventListener('abort', cancel, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', cancel);
      this.pending.set(id, { type: 'transcribe', resolve, reject, cleanup });
      // Copied by structured clone, not transferred: the caller keeps its samples (to store or retry).
      worker.postMessage({ type: 'transcribe', id, audio, ...(prompt === undefined ? {} : { prompt }) });
    });
  }

  getStatus(): SpeechStatus {
    return this.status;
  }

  subscribe(listener: (status: SpeechStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Releases the model in the worker, then ends the worker (its memory goes with it). */
  async dispose(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { type: 'dispose', resolve, reject });
      current.worker.postMessage({ type: 'dispose', id });
    }).catch(() => undefined); // the worker ends either way
    if (this.current !== current) return;
    this.stop(current.worker, () => new SpeechNotReadyError('The speech model was released'));
    this.notice = undefined;
    this.setStatus(IDLE);
  }

  private get worker(): SpeechWorkerLike {
    if (this.current) return this.current.worker;
    const worker = this.createWorker();
    const watchId = this.nextId++;
    worker.addEventListener('message', (event) => {
      if (event instanceof MessageEvent && isSpeechEvent(event.data)) this.receive(event.data);
    });
    // Without this, a worker that never started would leave load() and the UI waiting forever.
    const crashed = () => this.crashed(worker);
    worker.addEventListener('error', crashed);
    worker.addEventListener('messageerror', crashed);
    this.current = { worker, watchId };
    worker.postMessage({ type: 'watch', id: watchId });
    return worker;
  }

  private crashed(worker: SpeechWorkerLike): void {
    if (this.current?.worker !== worker) return;
    const message = 'El proceso de transcripción se detuvo';
    this.stop(worker, () => new SpeechWorkerError(message));
    this.setStatus({ phase: 'error', files: [], error: { name: 'SpeechWorkerError', message } });
  }

  private stop(worker: SpeechWorkerLike, error: () => Error): void {
    this.current = undefined;
    worker.terminate();
    for (const pending of this.pending.values()) {
      if (pending.type === 'transcribe') pending.cleanup();
      pending.reject(error());
    }
    this.pending.clear();
  }

  private setStatus(status: SpeechStatus): void {
    this.workerStatus = status;
    this.status = this.notice && !status.notice ? { ...status, notice: this.notice } : status;
    for (const listener of this.listeners) listener(this.status);
  }

  private receive(event: SpeechEvent): void {
    if (event.type === 'status') {
      if (event.id === this.current?.watchId) this.setStatus(event.status);
      return;
    }
    const pending = this.pending.get(event.id);
    if (!pending) return;
    this.pending.delete(event.id);
    if (pending.type === 'transcribe') pending.cleanup();
    if (event.type === 'error') pending.reject(fromWireError(event.error));
    else if (event.type === 'done') settle(pending, undefined);
    else settle(pending, event.result);
  }
}

/** Two load requests with the same key load the same thing. */
function loadKey(request: SpeechLoadRequest): string {
  return `${request.model.id}:${request.device}`;
}

/** Pairs a result with the call that asked for it; a mismatch is a protocol bug, reported as such. */
function settle(pending: Pending, result: SpeechResult | undefined): void {
  if (pending.type === 'load' && result?.type === 'load') pending.resolve(result.status);
  else if (pending.type === 'transcribe' && result?.type === 'transcribe') pending.resolve(result.transcription);
  else if (pending.type === 'dispose' && result === undefined) pending.resolve();
  else pending.reject(new SpeechWorkerError(`The speech worker answered a ${pending.type} request with ${result?.type ?? 'done'}`));
}
