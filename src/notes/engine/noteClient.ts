/**
 * The main thread's side of the note worker: the same `NoteEngine` interface as the engines inside
 * it, so the note UI depends on the interface and tests can drive either side. Every call is a
 * message; cancelling is a message too (the worker interrupts the decoder), never a terminated
 * worker. Generation progress arrives as events and is handed to the request's `onProgress`.
 *
 * A worker that fails to start (its chunk missing offline) or crashes rejects every pending call
 * with NoteWorkerError and leaves the status in `error`; the next `load()` starts a new worker.
 *
 * A generation that lost its GPU (NoteGpuLostError) leaves the worker's ONNX Runtime unusable
 * (noteGpuRecovery.ts), so the client ends that worker, loads the same model in a new one and
 * writes the note again, once, with a notice in the status for the doctor.
 */
import { NoteGenerationCancelledError, NoteGpuLostError, NoteNotReadyError, NoteWorkerError } from '../../shared/errors';
import { NOTICE_NOTE_RESTARTED } from './noteGpuRecovery';
import { fromWireError, isNoteEvent, type NoteEvent, type NoteRequest, type NoteResult } from './note.protocol';
import type {
  NoteEngine,
  NoteEngineStatus,
  NoteGenerationProgress,
  NoteGenerationRequest,
  NoteGenerationResult,
  NoteLoadRequest,
} from './noteEngine';

/** What the client needs of a Worker; tests pass a fake. */
export interface NoteWorkerLike {
  postMessage(message: NoteRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export function createNoteWorker(): NoteWorkerLike {
  return new Worker(new URL('./note.worker.ts', import.meta.url), { type: 'module', name: 'escriba-notes' });
}

/** The app's note engine: a client of a new note worker (started on the first call). */
export function createNoteEngine(): NoteEngine {
  return new NoteClient();
}

type Pending =
  | { type: 'load'; resolve(status: NoteEngineStatus): void; reject(error: Error): void }
  | {
      type: 'generate';
      resolve(result: NoteGenerationResult): void;
      reject(error: Error): void;
      progress(progress: NoteGenerationProgress): void;
      cleanup(): void;
    }
  | { type: 'dispose'; resolve(): void; reject(error: Error): void };

const IDLE: NoteEngineStatus = { phase: 'idle', files: [] };

export class NoteClient implements NoteEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: NoteEngineStatus) => void>();
  private status: NoteEngineStatus = IDLE;
  private current: { worker: NoteWorkerLike; watchId: number } | undefined;
  /** The last model asked for, to load it again in a new worker after a lost GPU. */
  private lastLoad: NoteLoadRequest | undefined;
  /** Set when the client replaced a worker; shown with every status until the next load(). */
  private notice: string | undefined;

  /** The worker is started on first use, and again after it failed or was disposed. */
  constructor(private readonly createWorker: () => NoteWorkerLike = createNoteWorker) {}

  load(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    this.lastLoad = request;
    this.notice = undefined;
    return this.loadInWorker(request);
  }

  async generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    try {
      return await this.generateInWorker(request);
    } catch (error) {
      const load = this.lastLoad;
      if (!(error instanceof NoteGpuLostError) || request.signal?.aborted || !load) throw error;
      const current = this.current;
      if (current) this.stop(current.worker, () => new NoteWorkerError('Se reemplazó el proceso de notas'));
      this.notice = NOTICE_NOTE_RESTARTED;
      await this.loadInWorker(load);
      // A second loss is not retried: it reaches the doctor as NoteGpuLostError.
      return this.generateInWorker(request);
    }
  }

  private loadInWorker(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { type: 'load', resolve, reject });
      this.worker.postMessage({ type: 'load', id, request });
    });
  }

  private generateInWorker(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal, onProgress, messages, jsonSchema, maxTokens } = request;
    if (signal?.aborted) return Promise.reject(new NoteGenerationCancelledError('Generación de la nota cancelada'));
    if (!this.current) return Promise.reject(new NoteNotReadyError('No hay un modelo de notas cargado'));
    const { worker } = this.current;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const cancel = () => worker.postMessage({ type: 'cancel', id });
      signal?.addEventListener('abort', cancel, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', cancel);
      const progress = (p: NoteGenerationProgress) => onProgress?.(p);
      this.pending.set(id, { type: 'generate', resolve, reject, progress, cleanup });
      worker.postMessage({ type: 'generate', id, request: { messages, jsonSchema, maxTokens } });
    });
  }

  getStatus(): NoteEngineStatus {
    return this.status;
  }

  subscribe(listener: (status: NoteEngineStatus) => void): () => void {
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
    this.stop(current.worker, () => new NoteNotReadyError('Se liberó el modelo de notas'));
    this.notice = undefined;
    this.setStatus(IDLE);
  }

  private get worker(): NoteWorkerLike {
    if (this.current) return this.current.worker;
    const worker = this.createWorker();
    const watchId = this.nextId++;
    worker.addEventListener('message', (event) => {
      if (event instanceof MessageEvent && isNoteEvent(event.data)) this.receive(event.data);
    });
    // Without this, a worker that never started would leave load() and the UI waiting forever.
    const crashed = () => this.crashed(worker);
    worker.addEventListener('error', crashed);
    worker.addEventListener('messageerror', crashed);
    this.current = { worker, watchId };
    worker.postMessage({ type: 'watch', id: watchId });
    return worker;
  }

  private crashed(worker: NoteWorkerLike): void {
    if (this.current?.worker !== worker) return;
    const message = 'El proceso que escribe la nota se detuvo';
    this.stop(worker, () => new NoteWorkerError(message));
    this.setStatus({ phase: 'error', files: [], error: { name: 'NoteWorkerError', message } });
  }

  private stop(worker: NoteWorkerLike, error: () => Error): void {
    this.current = undefined;
    worker.terminate();
    for (const pending of this.pending.values()) {
      if (pending.type === 'generate') pending.cleanup();
      pending.reject(error());
    }
    this.pending.clear();
  }

  private setStatus(status: NoteEngineStatus): void {
    this.status = this.notice && !status.notice ? { ...status, notice: this.notice } : status;
    for (const listener of this.listeners) listener(status);
  }

  private receive(event: NoteEvent): void {
    if (event.type === 'status') {
      if (event.id === this.current?.watchId) this.setStatus(event.status);
      return;
    }
    const pending = this.pending.get(event.id);
    if (!pending) return;
    if (event.type === 'progress') {
      if (pending.type === 'generate') pending.progress(event.progress);
      return;
    }
    this.pending.delete(event.id);
    if (pending.type === 'generate') pending.cleanup();
    if (event.type === 'error') pending.reject(fromWireError(event.error));
    else if (event.type === 'done') settle(pending, undefined);
    else settle(pending, event.result);
  }
}

/** Pairs a result with the call that asked for it; a mismatch is a protocol bug, reported as such. */
function settle(pending: Pending, result: NoteResult | undefined): void {
  if (pending.type === 'load' && result?.type === 'load') pending.resolve(result.status);
  else if (pending.type === 'generate' && result?.type === 'generate') pending.resolve(result.result);
  else if (pending.type === 'dispose' && result === undefined) pending.resolve();
  else pending.reject(new NoteWorkerError(`The note worker answered a ${pending.type} request with ${result?.type ?? 'done'}`));
}
