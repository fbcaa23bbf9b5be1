/**
 * What the note panel sees of the app's text model (NoteEngineProvider): whether one can write
 * notes on this computer, the engine's status, and the engine itself, created on first use. The
 * panel depends on this, not on the provider; without a provider there is no model, so the panel
 * still shows and edits stored notes.
 */
import { createContext, useContext } from 'react';
import type { CatalogModel } from '../model-manager/catalogSchema';
import type { NoteDevice, NoteEngine, NoteEngineStatus } from '../notes/engine/noteEngine';

export type NoteEngineAvailability =
  /** The catalogue and this computer's hardware are still being read. */
  | { kind: 'checking' }
  /** No text model installed (or none runnable here): the doctor installs one in Modelos. */
  | { kind: 'no-model' }
  /** The chosen model cannot run on this computer; `message` says why, in Spanish. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'available'; model: CatalogModel; device: NoteDevice; contextWindowTokens: number };

export interface NoteEngineAccess {
  availability: NoteEngineAvailability;
  status: NoteEngineStatus;
  /** The engine (created on the first call), or null when no model is available. Load it before generating. */
  engine(): NoteEngine | null;
}

/** A window assumed when the catalogue gives none: what every small model Escriba offers has at least. */
export const DEFAULT_CONTEXT_WINDOW_TOKENS = 4096;

export const IDLE_NOTE_ENGINE: NoteEngineStatus = { phase: 'idle', files: [] };

const NO_ENGINE: NoteEngineAccess = { availability: { kind: 'no-model' }, status: IDLE_NOTE_ENGINE, engine: () => null };

export const NoteEngineContext = createContext<NoteEngineAccess>(NO_ENGINE);

export function useNoteEngine(): NoteEngineAccess {
  return useContext(NoteEngineContext);
}

/**
 * The engine loaded with the available model. Loading is not cancellable through the engine, so an
 * abort stops the wait and leaves the load to finish in the background (the next note is faster).
 */
export async function loadedEngine(access: NoteEngineAccess, signal?: AbortSignal): Promise<NoteEngine | null> {
  const { availability } = access;
  const engine = access.engine();
  if (!engine || availability.kind !== 'available') return null;
  const status = engine.getStatus();
  const ready = (status.phase === 'ready' || status.phase === 'generating') && status.modelId === availability.model.id;
  if (!ready) {
    const load = engine.load({ model: availability.model, device: availability.device });
    await (signal ? untilAborted(load, signal) : load);
  }
  signal?.throwIfAborted();
  return engine;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
