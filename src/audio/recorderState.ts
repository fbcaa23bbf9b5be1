/**
 * What the recorder tells the UI, in two stores that change at very different rates:
 *
 * - `RecorderState` (phase, consultation, error) changes a handful of times per consultation; the
 *   whole app may depend on it.
 * - `RecorderLevels` (meter level, recorded time) changes with every audio post (~10 times a
 *   second); only the meter, the timer and the header indicator read it, so a post re-renders
 *   those and nothing else.
 */
import { EscribaError, StorageFullError, isQuotaError } from '../shared/errors';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'paused' | 'stopped';

export interface RecorderState {
  readonly phase: RecorderPhase;
  /** The consultation the phase refers to; absent until the first `start`. */
  readonly encounterId?: string;
  /** Why the last command or the recording stopped short; cleared by the next command. */
  readonly error?: EscribaError;
}

export interface RecorderLevels {
  /** Peak of the latest ~100 ms of audio, 0..1; 0 unless audio is arriving. */
  readonly level: number;
  /** The consultation's whole recorded length: audio stored before this recording plus this one's. */
  readonly elapsedMs: number;
}

export type RecorderListener = (state: RecorderState) => void;

/**
 * A value with change listeners, shaped for React's useSyncExternalStore: `get` and `subscribe`
 * are bound once, so a component can pass them straight in without resubscribing on each render,
 * and every change is a new frozen object. A patch that changes nothing notifies no one.
 */
export class Observable<T extends object> {
  private value: Readonly<T>;
  private readonly listeners = new Set<(value: Readonly<T>) => void>();

  constructor(initial: T) {
    this.value = Object.freeze({ ...initial });
  }

  readonly get = (): Readonly<T> => this.value;

  /** Calls `listener` on every change (not with the current value); returns the unsubscribe. */
  readonly subscribe = (listener: (value: Readonly<T>) => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Applies `patch` (`key: undefined` clears an optional key). */
  update(patch: Partial<T>): void {
    const current = new Map<string, unknown>(Object.entries(this.value));
    const changes = Object.entries(patch).some(([key, value]: [string, unknown]) => !Object.is(value, current.get(key)));
    if (!changes) return;
    this.value = Object.freeze({ ...this.value, ...patch });
    for (const listener of this.listeners) listener(this.value);
  }
}

/** Failures reach the UI as named Escriba errors, whatever threw them. */
export function asEscribaError(error: unknown): EscribaError {
  if (error instanceof EscribaError) return error;
  if (isQuotaError(error)) return new StorageFullError('Sin espacio de almacenamiento', { cause: error });
  return new EscribaError('Error inesperado al grabar', { cause: error });
}
