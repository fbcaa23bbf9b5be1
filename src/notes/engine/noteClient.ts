/**
 * The main thread's side of the note worker: the same `NoteEngine` interface as the engines inside
 * it, so the note UI depends on the interface and tests can drive either side. Generation progress
 * arrives as events and is handed to the request's `onProgress`. The worker runtime
 * (shared/worker/engineClient.ts) does the rest: messages, cancelling by message, a crashed worker,
 * joined loads, and a note whose GPU was lost written again in a new worker (noteGpuRecovery.ts
 * says why, and what the doctor reads).
 */
import { NoteGenerationCancelledError, NoteNotReadyError, NoteWorkerError } from '../../shared/errors';
import type { CallOptions, WorkerLike } from '../../shared/worker/connection';
import { CLIENT_STATUSES, EngineClient } from '../../shared/worker/engineClient';
import { NOTE_PROTOCOL, type NoteWork } from './note.protocol';
import { NOTE_GPU_RECOVERY } from './noteGpuRecovery';
import type { NoteEngine, NoteEngineStatus, NoteGenerationProgress, NoteGenerationRequest, NoteGenerationResult, NoteLoadRequest } from './noteEngine';

export function createNoteWorker(): WorkerLike {
  return new Worker(new URL('./note.worker.ts', import.meta.url), { type: 'module', name: 'escriba-notes' });
}

/** The app's note engine: a client of a new note worker (started on the first call). */
export function createNoteEngine(): NoteEngine {
  return new NoteClient();
}

export class NoteClient extends EngineClient<NoteLoadRequest, NoteEngineStatus, NoteWork> implements NoteEngine {
  /** The worker is started on first use, and again after it failed or was disposed. */
  constructor(createWorker: () => WorkerLike = createNoteWorker) {
    super(createWorker, {
      protocol: NOTE_PROTOCOL,
      statuses: CLIENT_STATUSES,
      gpuLoss: NOTE_GPU_RECOVERY.worker,
      errors: {
        worker: (message = 'El proceso que escribe la nota se detuvo') => new NoteWorkerError(message),
        replaced: () => new NoteWorkerError('Se reemplazó el proceso de notas'),
        notReady: () => new NoteNotReadyError('No hay un modelo de notas cargado'),
        cancelled: () => new NoteGenerationCancelledError('Generación de la nota cancelada'),
      },
    });
  }

  generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal, onProgress, messages, jsonSchema, maxTokens } = request;
    const options: CallOptions<NoteGenerationProgress> = {};
    if (signal) options.signal = signal;
    if (onProgress) options.onProgress = onProgress;
    return this.run('generate', { messages, jsonSchema, maxTokens }, options);
  }
}
