/**
 * The note engine's answer to a lost GPU: its words and its final errors for the recovery inside
 * the worker (shared/gpuRecovery.ts), and its replacement of the worker (shared/worker/workerReplacement.ts).
 */
import { NoteDeviceUnsupportedError, NoteGenerationCancelledError, NoteGpuLostError, NoteLoadError, NoteNotReadyError } from '../../shared/errors';
import { GpuDeviceLostError } from '../../shared/gpuRecovery';
import type { GpuLossPolicy } from '../../shared/worker/workerReplacement';

export const NOTICE_GPU_RELOADED =
  'La placa de video dejó de responder y Escriba la reinició. Si estaba redactando una nota, la empezó de nuevo desde el principio; no se perdió nada.';
/** After NoteClient replaced a worker whose GPU was lost mid-note. */
export const NOTICE_NOTE_RESTARTED =
  'La placa de video dejó de responder mientras se redactaba la nota. Escriba volvió a cargar el modelo y redactó la nota de nuevo desde el principio; no se perdió nada.';
export const NOTICE_NOW_ON_CPU =
  'La placa de video dejó de responder, así que Escriba redacta las notas con el procesador. Funciona igual, pero bastante más lento; no se perdió nada. Si se repite, reinicie el navegador.';
export const NOTICE_GPU_UNUSABLE =
  'No se pudo usar la placa de video, así que Escriba redacta las notas con el procesador. Funciona igual, pero bastante más lento.';

/**
 * Unlike speech, a note generation that loses its GPU is not recovered inside the worker: measured
 * in Chromium (note-engine.spec), once a decoder step failed on a destroyed device every later
 * ONNX Runtime call in that worker failed with the same GPU error, even on WASM sessions. So a loss
 * during a generation ends it with NoteGpuLostError, and NoteClient replaces the whole worker
 * (a fresh ONNX Runtime) and writes the note again. A GPU that keeps getting lost is not replaced
 * past the cap: many note models need the GPU, so the loss reaches the doctor, whose message says
 * to restart the browser or choose a model that runs on the processor.
 */
export const NOTE_GPU_RECOVERY: GpuLossPolicy = {
  notices: { gpuReloaded: NOTICE_GPU_RELOADED, nowOnCpu: NOTICE_NOW_ON_CPU, gpuUnusable: NOTICE_GPU_UNUSABLE },
  // A cancel, missing files or a model that is no LLM stay so on any device; a GPU without the
  // features a build needs (NoteDeviceUnsupportedError) is what the processor is there for; a GPU
  // lost mid-generation is the worker's replacement's business (above).
  isFinal: (error) =>
    error instanceof NoteGenerationCancelledError ||
    error instanceof NoteGpuLostError ||
    error instanceof GpuDeviceLostError ||
    (error instanceof NoteLoadError && !(error instanceof NoteDeviceUnsupportedError)),
  notReady: (message) => new NoteNotReadyError(message),
  worker: {
    isGpuLost: (error) => error instanceof NoteGpuLostError,
    pastCap: 'stop',
    notice: () => NOTICE_NOTE_RESTARTED,
  },
};
