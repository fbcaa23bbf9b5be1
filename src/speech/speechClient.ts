/**
 * The main thread's side of the speech worker: the same `SpeechEngine` interface as the Whisper
 * engine inside it, so screens and the transcription queue depend on the interface and tests can
 * drive either side. The worker runtime (shared/worker/engineClient.ts) does the rest: messages,
 * cancelling by message, a crashed worker, joined loads, and a transcription that lost its GPU
 * run again in a new worker (speechGpuRecovery.ts says why, and what the doctor reads).
 */
import { SpeechGpuLostError, SpeechNotReadyError, SpeechWorkerError, TranscriptionCancelledError } from '../shared/errors';
import type { WorkerLike } from '../shared/worker/connection';
import { CLIENT_STATUSES, EngineClient } from '../shared/worker/engineClient';
import { SPEECH_PROTOCOL, type SpeechWork } from './speech.protocol';
import { SPEECH_GPU_RECOVERY } from './speechGpuRecovery';
import type { SpeechEngine, SpeechLoadRequest, SpeechStatus, TranscribeOptions, Transcription } from './speechEngine';

export function createSpeechWorker(): WorkerLike {
  return new Worker(new URL('./speech.worker.ts', import.meta.url), { type: 'module', name: 'escriba-speech' });
}

export class SpeechClient extends EngineClient<SpeechLoadRequest, SpeechStatus, SpeechWork> implements SpeechEngine {
  /** The worker is started on first use, and again after it failed or was disposed. */
  constructor(createWorker: () => WorkerLike = createSpeechWorker) {
    super(createWorker, {
      protocol: SPEECH_PROTOCOL,
      statuses: CLIENT_STATUSES,
      gpuLoss: SPEECH_GPU_RECOVERY.worker,
      errors: {
        worker: (message = 'El proceso de transcripción se detuvo') => new SpeechWorkerError(message),
        replaced: () => new SpeechGpuLostError('Se reemplazó el proceso de transcripción'),
        notReady: () => new SpeechNotReadyError('No speech model is loaded'),
        cancelled: () => new TranscriptionCancelledError('Transcripción cancelada'),
      },
    });
  }

  transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
    const { prompt, signal } = options;
    return this.run('transcribe', { audio, ...(prompt === undefined ? {} : { prompt }) }, signal ? { signal } : {});
  }
}
