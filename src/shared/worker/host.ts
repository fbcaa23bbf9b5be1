/**
 * The worker's side of a protocol: runs each request's handler and answers it by id. Separate
 * from the worker files so tests can join it to a client without a real worker, and so a test
 * worker can host the same engine with test-only extras (messages that fail the protocol's checks
 * are ignored here, so the extras can share the channel).
 */
import { toWireError } from './errorCodec';
import { isCallRequest, isCancelRequest, type MethodMap, type MethodName, type ParamsOf, type ProgressOf, type Protocol, type ResultOf, type WorkerEvent } from './protocol';

/** What the host uses of DedicatedWorkerGlobalScope (the project compiles against the DOM lib). */
export interface HostScope {
  postMessage(message: WorkerEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export interface HostCall<Progress> {
  /** Aborts when the client cancels the call. */
  signal: AbortSignal;
  progress(progress: Progress): void;
}

export type Handlers<M extends MethodMap> = {
  [K in MethodName<M>]: (params: ParamsOf<M, K>, call: HostCall<ProgressOf<M, K>>) => Promise<ResultOf<M, K>>;
};

export function serve<M extends MethodMap>(scope: HostScope, protocol: Protocol<M>, handlers: Handlers<M>): void {
  const running = new Map<number, AbortController>();

  function run<K extends MethodName<M>>(id: number, method: K, params: ParamsOf<M, K>): void {
    const controller = new AbortController();
    running.set(id, controller);
    const call: HostCall<ProgressOf<M, K>> = {
      signal: controller.signal,
      progress: (progress) => scope.postMessage({ type: 'progress', id, progress }),
    };
    // A handler that throws before its first await is a rejection like any other.
    Promise.resolve()
      .then(() => handlers[method](params, call))
      .then(
        (result) => scope.postMessage({ type: 'result', id, result }),
        (error: unknown) => scope.postMessage({ type: 'error', id, error: toWireError(error) }),
      )
      .finally(() => running.delete(id));
  }

  scope.addEventListener('message', (event) => {
    const request = event.data;
    if (isCancelRequest(request)) running.get(request.id)?.abort();
    else if (isCallRequest(protocol, request)) run(request.id, request.type, request.params);
  });
}

/**
 * The handler of a `watch` method: streams the engine's status now and at every change, until
 * the client cancels it or the worker ends.
 */
export function watchStatus<S>(engine: { getStatus(): S; subscribe(listener: (status: S) => void): () => void }) {
  return (_params: undefined, { signal, progress }: HostCall<S>): Promise<undefined> => {
    progress(engine.getStatus());
    const unsubscribe = engine.subscribe(progress);
    return new Promise((resolve) =>
      signal.addEventListener('abort', () => {
        unsubscribe();
        resolve(undefined);
      }),
    );
  };
}
