/**
 * The messages between a model worker and its client on the main thread, for any engine. An
 * engine's protocol file names its methods and gives a check for each one's params, progress and
 * result (message data is untyped: checked, never cast); this file is the envelope around them.
 *
 * Every event answers a request, by id. A call's progress is a stream of `progress` events, its
 * end one `result` or `error`. Cancelling is a message naming the call, never a terminated worker.
 * A status that also changes between calls (bytes loaded, a GPU reloaded while idle) is the
 * progress of a `watch` call that never ends. Errors cross as `{ name, message }` and are rebuilt
 * as the protocol's named classes (errorCodec.ts): structured clone keeps neither the class nor a
 * custom `name`.
 */
import { isRecord } from '../isRecord';

export interface WireError {
  name: string;
  message: string;
}

/** One call a worker answers: what it takes, what it streams while it runs, what it returns. */
export interface Method<Params, Progress, Result> {
  params: Params;
  progress: Progress;
  result: Result;
}

export type MethodMap = Record<string, Method<unknown, unknown, unknown>>;
export type MethodName<M extends MethodMap> = keyof M & string;
export type ParamsOf<M extends MethodMap, K extends MethodName<M>> = M[K]['params'];
export type ProgressOf<M extends MethodMap, K extends MethodName<M>> = M[K]['progress'];
export type ResultOf<M extends MethodMap, K extends MethodName<M>> = M[K]['result'];

export type Guard<T> = (value: unknown) => value is T;

export interface MethodChecks<T extends Method<unknown, unknown, unknown>> {
  params: Guard<T['params']>;
  result: Guard<T['result']>;
  /** Absent for a method that streams nothing: its progress events are ignored. */
  progress?: Guard<T['progress']>;
}

export interface Protocol<M extends MethodMap> {
  methods: { [K in MethodName<M>]: MethodChecks<M[K]> };
  /** The error classes rebuilt by name on the main thread (the rest arrive as EscribaError). */
  errors: Record<string, new (message: string) => Error>;
}

/** Main thread → worker: a call… */
export type CallRequest<M extends MethodMap = MethodMap> = { [K in MethodName<M>]: { type: K; id: number; params: ParamsOf<M, K> } }[MethodName<M>];
/** …or the cancel of the call started by the request with this id (it rejects as the engine's cancel). */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}
export type WorkerRequest<M extends MethodMap = MethodMap> = CallRequest<M> | CancelRequest;

/** Worker → main thread, keyed by the request id; the call's method checks what it carries. */
export type WorkerEvent =
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WireError };

export function isWireError(value: unknown): value is WireError {
  return isRecord(value) && typeof value.name === 'string' && typeof value.message === 'string';
}

export function isCancelRequest(data: unknown): data is CancelRequest {
  return isRecord(data) && typeof data.id === 'number' && data.type === 'cancel';
}

export function isCallRequest<M extends MethodMap>(protocol: Protocol<M>, data: unknown): data is CallRequest<M> {
  if (!isRecord(data) || typeof data.id !== 'number' || typeof data.type !== 'string') return false;
  if (!Object.hasOwn(protocol.methods, data.type)) return false;
  // Own key of `methods`, so one of M's names.
  return protocol.methods[data.type as MethodName<M>].params(data.params);
}

export function isWorkerRequest<M extends MethodMap>(protocol: Protocol<M>, data: unknown): data is WorkerRequest<M> {
  return isCancelRequest(data) || isCallRequest(protocol, data);
}

export function isWorkerEvent(data: unknown): data is WorkerEvent {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'progress':
      return 'progress' in data;
    case 'result':
      return 'result' in data;
    case 'error':
      return isWireError(data.error);
    default:
      return false;
  }
}

/** For methods that take or return nothing (watch, dispose). */
export const isNothing = (value: unknown): value is undefined => value === undefined;
