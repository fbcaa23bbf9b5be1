/** What the recorder tells the UI, and the small observable store that holds it. */
import { EscribaError, StorageFullError, isQuotaError } from '../shared/errors';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'paused' | 'stopped';

export interface RecorderState {
  readonly phase: RecorderPhase;
  /** The consultation the phase refers to; absent until the first `start`. */
  readonly encounterId?: string;
  /** Peak of the latest ~100 ms of audio, 0..1; 0 unless recording. */
  readonly level: number;
  /** The consultation's whole recorded length: audio stored before this recording plus this one's. */
  readonly elapsedMs: number;
  /** Why the last command or the recording stopped short; cleared by the next command. */
  readonly error?: EscribaError;
}

export type RecorderListener = (state: RecorderState) => void;

const IDLE: RecorderState = Object.freeze({ phase: 'idle', level: 0, elapsedMs: 0 });

/** A new frozen object per change, so React's useSyncExternalStore sees every change. */
export class RecorderStateStore {
  private state: RecorderState = IDLE;
  private readonly listeners = new Set<RecorderListener>();

  get(): RecorderState {
    return this.state;
  }

  subscribe(listener: RecorderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies `patch`; `error: undefined` in it clears the error. */
  update(patch: Partial<RecorderState>): void {
    const { error, ...rest } = { ...this.state, ...patch };
    this.state = Object.freeze(error ? { ...rest, error } : rest);
    for (const listener of this.listeners) listener(this.state);
  }

  clearListeners(): void {
    this.listeners.clear();
  }
}

/** Failures reach the UI as named Escriba errors, whatever threw them. */
export function asEscribaError(error: unknown): EscribaError {
  if (error instanceof EscribaError) return error;
  if (isQuotaError(error)) return new StorageFullError('Sin espacio de almacenamiento', { cause: error });
  return new EscribaError('Error inesperado al grabar', { cause: error });
}
