/**
 * The main thread's side of a model worker (speech, notes): the engine's own interface, each call
 * a message to the worker, which is started on first use and again after it failed or was
 * disposed. What the engines share lives here once:
 *   - a status mirrored from the worker (its `watch` call), with the client's notice added;
 *   - a load of the model and device that are loading or ready joins that load instead of
 *     starting another, which would release the model under the first caller;
 *   - a worker that crashes rejects its pending calls with the engine's worker error and leaves the
 *     status in `error`; the next load starts a new worker;
 *   - a call that lost its GPU replaces the worker (workerReplacement.ts): the calls waiting in the
 *     old one run again in the new one; calls that failed together replace it once (generations);
 *     a second loss of the same call reaches the caller; a capped number of replacements.
 */
import type { ComputeDevice } from '../gpuRecovery';
import { toWireError } from './errorCodec';
import { WorkerConnection, type CallOptions, type WorkerLike } from './connection';
import { isNothing, type Guard, type Method, type MethodChecks, type MethodMap, type MethodName, type ParamsOf, type ProgressOf, type Protocol, type ResultOf, type WireError } from './protocol';
import { MAX_WORKER_REPLACEMENTS, type WorkerReplacementPolicy } from './workerReplacement';

export interface ModelLoadRequest {
  model: { id: string };
  device: ComputeDevice;
}

/** What the client reads of an engine's status. */
export interface ModelStatus {
  phase: string;
  device?: ComputeDevice;
  /** Spanish, for the doctor: something changed that they must know. */
  notice?: string;
  error?: WireError;
}

/** The methods every model worker answers, besides its own work (transcribe, generate). */
export type EngineMethods<L, S> = {
  /** Streams every status change as progress; never ends. */
  watch: Method<undefined, S, undefined>;
  load: Method<L, never, S>;
  /** Releases the model; the client then ends the worker. */
  dispose: Method<undefined, never, undefined>;
};

/** The statuses the client itself sets, the same for every engine. */
export const CLIENT_STATUSES = {
  idle: { phase: 'idle', files: [] } as { phase: 'idle'; files: never[] },
  failed: (error: WireError): { phase: 'error'; files: never[]; error: WireError } => ({ phase: 'error', files: [], error }),
};

export interface EngineClientConfig<L extends ModelLoadRequest, S extends ModelStatus, W extends MethodMap> {
  protocol: Protocol<EngineMethods<L, S> & W>;
  statuses: { idle: S; failed(error: WireError): S };
  gpuLoss: WorkerReplacementPolicy;
  /** The engine's named errors for what the client decides; messages in Spanish where the doctor may read them. */
  errors: {
    /** The worker failed to start or crashed; also a protocol answer that fails its check. */
    worker(message?: string): Error;
    /** A call that was waiting in a worker replaced after a lost GPU (it runs again). */
    replaced(): Error;
    /** A call while no model is loaded, or pending when the model was released. */
    notReady(): Error;
    /** A call whose signal was aborted before it was sent. */
    cancelled(): Error;
  };
}

interface Current<M extends MethodMap> {
  connection: WorkerConnection<M>;
  /** A call lost its GPU here and the worker was kept: its runtime is unusable, the next load replaces it. */
  gpuLost: boolean;
}

export class EngineClient<L extends ModelLoadRequest, S extends ModelStatus, W extends MethodMap> {
  private readonly listeners = new Set<(status: S) => void>();
  private status: S;
  /** The worker's own status, before the client's notice is added. */
  private workerStatus: S;
  private current: Current<EngineMethods<L, S> & W> | undefined;
  /** The last model the app asked for, to load it again in a new worker after a lost GPU. */
  private lastLoad: L | undefined;
  /** Set when the client replaced a worker; shown with every status until the app loads a model again. */
  private notice: string | undefined;
  private replacements = 0;
  /** Counts replaced workers, so calls that failed together replace the worker once. */
  private generation = 0;
  private replacing: Promise<unknown> = Promise.resolve();
  /** The load in flight, which a request for the same model and device joins. */
  private loading: { key: string; promise: Promise<S> } | undefined;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly config: EngineClientConfig<L, S, W>,
  ) {
    this.status = config.statuses.idle;
    this.workerStatus = config.statuses.idle;
  }

  load(request: L): Promise<S> {
    const key = loadKey(request);
    if (this.loading?.key === key) return this.loading.promise;
    const loaded = this.lastLoad !== undefined && loadKey(this.lastLoad) === key && this.workerStatus.phase === 'ready';
    if (loaded && this.current && !this.current.gpuLost) return Promise.resolve(this.status);
    this.lastLoad = request;
    this.notice = undefined;
    if (this.current?.gpuLost) this.endWorker();
    return this.loadInWorker(request);
  }

  getStatus(): S {
    return this.status;
  }

  subscribe(listener: (status: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Releases the model in the worker, then ends the worker (its memory goes with it). */
  async dispose(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await current.connection.call('dispose', undefined).catch(() => undefined); // the worker ends either way
    if (this.current !== current) return;
    this.current = undefined;
    current.connection.stop(() => this.config.errors.notReady());
    this.notice = undefined;
    this.setStatus(this.config.statuses.idle);
  }

  /** Runs an engine call in the worker, in a new worker once if its GPU was lost (see above). */
  protected async run<K extends MethodName<W>>(
    method: K,
    params: ParamsOf<EngineMethods<L, S> & W, K>,
    options: CallOptions<ProgressOf<EngineMethods<L, S> & W, K>> = {},
  ): Promise<ResultOf<EngineMethods<L, S> & W, K>> {
    const generation = this.generation;
    try {
      return await this.callInWorker(method, params, options);
    } catch (error) {
      const load = this.lastLoad;
      if (options.signal?.aborted || !load) throw error;
      // The call failed in a worker that is being replaced already: run it again there.
      if (generation === this.generation && !this.replaceAfterLoss(error, load)) throw error;
      await this.replacing;
      const rerun = this.generation;
      try {
        return await this.callInWorker(method, params, options);
      } catch (again) {
        // A second loss of the same call reaches the caller.
        if (rerun === this.generation) this.keptAfterLoss(again);
        throw again;
      }
    }
  }

  private callInWorker<K extends MethodName<W>>(
    method: K,
    params: ParamsOf<EngineMethods<L, S> & W, K>,
    options: CallOptions<ProgressOf<EngineMethods<L, S> & W, K>>,
  ): Promise<ResultOf<EngineMethods<L, S> & W, K>> {
    if (options.signal?.aborted) return Promise.reject(this.config.errors.cancelled());
    if (!this.current) return Promise.reject(this.config.errors.notReady());
    return this.current.connection.call(method, params, options);
  }

  /** Replaces the worker after `error` if it was a lost GPU and the cap allows; false if the loss stands. */
  private replaceAfterLoss(error: unknown, load: L): boolean {
    const policy = this.config.gpuLoss;
    if (!policy.isGpuLost(error)) return false;
    const capped = this.replacements >= MAX_WORKER_REPLACEMENTS;
    if (capped && policy.pastCap === 'stop') {
      this.keptAfterLoss(error);
      return false;
    }
    this.replacements++;
    // A GPU that keeps getting lost: stay on the processor.
    const request: L = capped ? { ...load, device: 'wasm' } : load;
    this.endWorker();
    this.replacing = this.loadInWorker(request).then((status) => {
      this.notice = policy.notice(status.device ?? request.device);
      this.setStatus(this.workerStatus);
    });
    return true;
  }

  private keptAfterLoss(error: unknown): void {
    if (this.current && this.config.gpuLoss.isGpuLost(error)) this.current.gpuLost = true;
  }

  /** Ends the current worker on purpose; its waiting calls run again in the next one (run()). */
  private endWorker(): void {
    const current = this.current;
    if (!current) return;
    this.generation++;
    this.current = undefined;
    current.connection.stop(() => this.config.errors.replaced());
  }

  private loadInWorker(request: L): Promise<S> {
    const key = loadKey(request);
    const promise = this.connection.call('load', request).finally(() => {
      if (this.loading?.promise === promise) this.loading = undefined;
    });
    this.loading = { key, promise };
    return promise;
  }

  private get connection(): WorkerConnection<EngineMethods<L, S> & W> {
    if (this.current) return this.current.connection;
    const connection: WorkerConnection<EngineMethods<L, S> & W> = new WorkerConnection(this.createWorker(), this.config.protocol, {
      crashed: () => this.crashed(connection),
      broken: (message) => this.config.errors.worker(message),
    });
    this.current = { connection, gpuLost: false };
    connection
      .call('watch', undefined, {
        onProgress: (status) => {
          if (this.current?.connection === connection) this.setStatus(status);
        },
      })
      .catch(() => undefined); // ends with its worker
    return connection;
  }

  private crashed(connection: WorkerConnection<EngineMethods<L, S> & W>): void {
    if (this.current?.connection !== connection) return;
    this.current = undefined;
    const error = this.config.errors.worker();
    connection.stop(() => this.config.errors.worker());
    this.setStatus(this.config.statuses.failed(toWireError(error)));
  }

  private setStatus(status: S): void {
    this.workerStatus = status;
    this.status = this.notice && !status.notice ? { ...status, notice: this.notice } : status;
    for (const listener of this.listeners) listener(this.status);
  }
}

/** Two load requests with the same key load the same thing. */
function loadKey(request: ModelLoadRequest): string {
  return `${request.model.id}:${request.device}`;
}

/** The protocol checks of the methods every model worker answers. */
export function engineMethodChecks<L, S>(isLoad: Guard<L>, isStatus: Guard<S>): { [K in keyof EngineMethods<L, S>]: MethodChecks<EngineMethods<L, S>[K]> } {
  return {
    watch: { params: isNothing, progress: isStatus, result: isNothing },
    load: { params: isLoad, result: isStatus },
    dispose: { params: isNothing, result: isNothing },
  };
}
