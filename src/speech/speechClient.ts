/**
 * The main thread's side of the speech worker: the same `SpeechEngine` interface as the Whisper
 * engine inside it, so screens and the transcription queue depend on the interface and tests can
 * drive either side. Every call is a message; cancelling is a message too (the worker interrupts
 * the decoder), never a terminated worker.
 *
 * A worker that fails to start (its chunk missing offline) or crashes rejects every pending call
 * with SpeechWorkerError and leaves the status in `error`; the next `load()` starts a new worker.
 */
import { SpeechNotReadyError, SpeechWorkerError, TranscriptionCancelledError } from '../shared/errors';
import { fromWireError, isSpeechEvent, type SpeechEvent, type SpeechRequest, type SpeechResult } from './speech.protocol';
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

export class SpeechClient implements SpeechEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: SpeechStatus) => void>();
  private status: SpeechStatus = IDLE;
  private current: { worker: SpeechWorkerLike; watchId: number } | undefined;

  /** The worker is started on first use, and again after it failed or was disposed. */
  constructor(private readonly createWorker: () => SpeechWorkerLike = createSpeechWorker) {}

  load(request: SpeechLoadRequest): Promise<SpeechStatus> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { type: 'load', resolve, reject });
      this.worker.postMessage({ type: 'load', id, request });
    });
  }

  transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
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
    this.status = status;
    for (const listener of this.listeners) listener(status);
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

/** Pairs a result with the call that asked for it; a mismatch is a protocol bug, reported as such. */
function settle(pending: Pending, result: SpeechResult | undefined): void {
  if (pending.type === 'load' && result?.type === 'load') pending.resolve(result.status);
  else if (pending.type === 'transcribe' && result?.type === 'transcribe') pending.resolve(result.transcription);
  else if (pending.type === 'dispose' && result === undefined) pending.resolve();
  else pending.reject(new SpeechWorkerError(`The speech worker answered a ${pending.type} request with ${result?.type ?? 'done'}`));
}
