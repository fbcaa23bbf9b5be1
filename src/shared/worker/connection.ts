/**
 * The main thread's side of one worker: calls by id, their progress and result, cancelling by
 * message, errors rebuilt by name, and a worker that fails to start or crashes rejecting every
 * pending call. It knows nothing of models; engineClient.ts decides when to start a new worker.
 */
import { fromWireError } from './errorCodec';
import { isWorkerEvent, type MethodMap, type MethodName, type ParamsOf, type ProgressOf, type Protocol, type ResultOf, type WorkerEvent, type WorkerRequest } from './protocol';

/** What a client needs of a Worker; tests pass one end of a MessageChannel. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface CallOptions<Progress> {
  /** Aborting sends a cancel; the call then rejects with what the worker answers (its cancel error). */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
  progress(progress: unknown): void;
  cleanup(): void;
}

export class WorkerConnection<M extends MethodMap> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopped = false;

  /**
   * `crashed` runs once if the worker fires `error` or `messageerror` (a chunk that failed to load
   * offline, a crash): without it a worker that never started would leave its callers waiting.
   * `broken` is the error for an answer that fails the protocol's checks.
   */
  constructor(
    private readonly worker: WorkerLike,
    private readonly protocol: Protocol<M>,
    private readonly hooks: { crashed(): void; broken(message: string): Error },
  ) {
    worker.addEventListener('message', (event) => {
      if (event instanceof MessageEvent && isWorkerEvent(event.data)) this.receive(event.data);
    });
    const crashed = () => {
      if (!this.stopped) this.hooks.crashed();
    };
    worker.addEventListener('error', crashed);
    worker.addEventListener('messageerror', crashed);
  }

  call<K extends MethodName<M>>(method: K, params: ParamsOf<M, K>, options: CallOptions<ProgressOf<M, K>> = {}): Promise<ResultOf<M, K>> {
    const { signal, onProgress } = options;
    const checks = this.protocol.methods[method];
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const cancel = () => this.worker.postMessage({ type: 'cancel', id });
      signal?.addEventListener('abort', cancel, { once: true });
      this.pending.set(id, {
        method,
        resolve: (result) => (checks.result(result) ? resolve(result) : reject(this.hooks.broken(`${method}: unexpected result`))),
        reject,
        progress: (progress) => {
          if (checks.progress?.(progress)) onProgress?.(progress);
        },
        cleanup: () => signal?.removeEventListener('abort', cancel),
      });
      // Copied by structured clone, not transferred: the caller keeps what it sent (to store or retry).
      this.worker.postMessage({ type: method, id, params });
      // Aborted before it was sent: the worker still answers it (a paused download says `paused`).
      if (signal?.aborted) cancel();
    });
  }

  /** Ends the worker (its memory goes with it) and rejects every pending call with `error()`. */
  stop(error: () => Error): void {
    this.stopped = true;
    this.worker.terminate();
    for (const pending of this.pending.values()) {
      pending.cleanup();
      pending.reject(error());
    }
    this.pending.clear();
  }

  private receive(event: WorkerEvent): void {
    const pending = this.pending.get(event.id);
    if (!pending) return;
    if (event.type === 'progress') {
      pending.progress(event.progress);
      return;
    }
    this.pending.delete(event.id);
    pending.cleanup();
    if (event.type === 'error') pending.reject(fromWireError(this.protocol.errors, event.error));
    else pending.resolve(event.result);
  }
}
