/**
 * One audio import: check the file's format, open it as 16 kHz mono, and store it as a new
 * consultation, one second per chunk, exactly as a recording is stored. Either the whole file ends
 * up as a `recorded` consultation, or nothing does:
 *
 * - The consultation is created only once the file has opened (decoded, or its WAV header read),
 *   so a refused or undecodable file never creates one.
 * - From creation to the end it is `importing`, and this tab holds its import lock. A failure or a
 *   cancel discards it (its chunks with it); if this tab dies instead, the lock goes with it and the
 *   next start-up of any tab deletes the consultation (storage/recovery.ts). If the discard itself
 *   fails, the lock is released all the same, so that start-up clean-up still happens. One gap
 *   remains: the lock can only be taken once `createImport` has chosen the id, so for those few
 *   milliseconds another tab starting up could delete the new consultation; the next append then
 *   fails and the doctor is asked to try again. Closing it needs storage to accept an id chosen
 *   (and locked) before the row is written.
 * - `finishImport` turns it `recorded` only after the last chunk is stored; the transcription
 *   service picks a consultation up from then on.
 *
 * Storing yields to the event loop between batches so the page stays responsive and progress is
 * drawn. It yields through a message, not a timer: the browser throttles timers in a hidden tab
 * (to once a minute after a while), which would stretch a long import into hours.
 */
import { AudioDecodeError } from '../../shared/errors';
import { nextTask } from '../../shared/nextTask';
import type { AudioRepository } from '../../storage/audio';
import type { EncounterRepository } from '../../storage/encounters';
import { importLockName } from '../../storage/recovery';
import { ChunkAccumulator } from '../chunkAccumulator';
import type { RecordingLocks } from '../recordingLock';
import type { AudioSource } from './audioSource';
import { importFormatOf } from './formats';

export interface ImportDependencies {
  encounters: Pick<EncounterRepository, 'createImport' | 'finishImport' | 'discardImport'>;
  audio: Pick<AudioRepository, 'append'>;
  locks: Pick<RecordingLocks, 'tryAcquire'>;
  open(file: File, signal: AbortSignal): Promise<AudioSource>;
}

export type ImportProgress =
  /** Decoding: the browser reports no progress, so there is no fraction. */
  | { phase: 'reading' }
  | { phase: 'storing'; fraction: number };

export interface ImportOptions {
  signal: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/** Cancelling is not a failure: it is a result. Failures are thrown as named errors. */
export type ImportResult = { outcome: 'imported'; encounterId: string } | { outcome: 'cancelled' };

/** Chunks (seconds) stored between two yields to the event loop. */
export const CHUNKS_PER_BATCH = 10;

export async function importAudioFile(file: File, deps: ImportDependencies, options: ImportOptions): Promise<ImportResult> {
  const { signal, onProgress } = options;
  importFormatOf(file);
  onProgress?.({ phase: 'reading' });
  let source: AudioSource;
  try {
    source = await deps.open(file, signal);
  } catch (error) {
    if (signal.aborted) return { outcome: 'cancelled' };
    throw error;
  }
  if (signal.aborted) return { outcome: 'cancelled' };
  if (source.totalSamples === 0) throw new AudioDecodeError(file.name, 'empty');

  const { id } = await deps.encounters.createImport(file.name);
  const release = await deps.locks.tryAcquire(importLockName(id)).catch(() => null);
  try {
    // A fresh id's lock is always free; without the lock a second tab's start-up could delete the import.
    if (!release) throw new Error(`No se pudo tomar el bloqueo de importación de ${id}`);
    onProgress?.({ phase: 'storing', fraction: 0 });
    const stored = await storeAll(id, source, deps.audio, options);
    if (stored === 0) throw new AudioDecodeError(file.name, 'empty');
    signal.throwIfAborted();
    await deps.encounters.finishImport(id);
    return { outcome: 'imported', encounterId: id };
  } catch (error) {
    const why = signal.aborted ? 'importación cancelada' : `importación fallida: ${error instanceof Error ? error.name : 'error'}`;
    await deps.encounters.discardImport(id, why).catch(() => undefined);
    if (signal.aborted) return { outcome: 'cancelled' };
    throw error;
  } finally {
    release?.();
  }
}

/** Stores the source's audio as one-second chunks; returns the samples stored. */
async function storeAll(id: string, source: AudioSource, audio: ImportDependencies['audio'], options: ImportOptions): Promise<number> {
  const { signal, onProgress } = options;
  const pending: Int16Array[] = [];
  const accumulator = new ChunkAccumulator((chunk) => pending.push(chunk));
  let stored = 0;
  let sinceYield = 0;
  const storePending = async () => {
    for (let chunk = pending.shift(); chunk; chunk = pending.shift()) {
      signal.throwIfAborted();
      await audio.append(id, chunk);
      stored += chunk.length;
      onProgress?.({ phase: 'storing', fraction: Math.min(1, stored / source.totalSamples) });
      if (++sinceYield >= CHUNKS_PER_BATCH) {
        sinceYield = 0;
        await nextTask();
      }
    }
  };
  for await (const block of source.blocks()) {
    signal.throwIfAborted();
    accumulator.push(block);
    await storePending();
  }
  accumulator.flush();
  await storePending();
  return stored;
}
