/**
 * The speech engine's answer to a lost GPU: its words and its final errors for the recovery inside
 * the worker (shared/gpuRecovery.ts), and its replacement of the worker (shared/worker/workerReplacement.ts).
 */
import { GpuDeviceLostError } from '../shared/gpuRecovery';
import type { GpuLossPolicy } from '../shared/worker/workerReplacement';
import { SpeechGpuLostError, SpeechLoadError, SpeechNotReadyError, TranscriptionCancelledError } from '../shared/errors';

export const NOTICE_GPU_RELOADED =
  'La placa de video dejó de responder y Escriba la reinició. La transcripción sigue normalmente; no se perdió audio.';
export const NOTICE_NOW_ON_CPU =
  'La placa de video dejó de responder, así que Escriba sigue transcribiendo con el procesador. Funciona igual, pero más lento; no se perdió audio. Si se repite, reinicie el navegador.';
export const NOTICE_GPU_UNUSABLE =
  'No se pudo usar la placa de video, así que Escriba transcribe con el procesador. Funciona igual, pero más lento.';

/**
 * Inside the worker, the recovery covers a GPU unusable at load and a GPU lost between two
 * transcriptions. A transcription that loses its GPU while it runs is not recovered there:
 * measured in Chromium after a real GPU process crash (transcription.spec), ONNX Runtime's failed
 * buffer read left that worker unable to load the model again, on WebGPU or WASM, as the note
 * engine found too (noteGpuRecovery.ts). So it ends with SpeechGpuLostError and SpeechClient
 * replaces the worker and runs the transcription again; calls waiting in the old worker run in
 * the new one too. A GPU that keeps getting lost ends on the processor.
 */
export const SPEECH_GPU_RECOVERY: GpuLossPolicy = {
  notices: { gpuReloaded: NOTICE_GPU_RELOADED, nowOnCpu: NOTICE_NOW_ON_CPU, gpuUnusable: NOTICE_GPU_UNUSABLE },
  // A cancel, or model files that are not installed: another device would not change that. A GPU
  // lost mid-call: the worker's replacement's business (above).
  isFinal: (error) =>
    error instanceof TranscriptionCancelledError ||
    error instanceof SpeechLoadError ||
    error instanceof SpeechGpuLostError ||
    error instanceof GpuDeviceLostError,
  notReady: (message) => new SpeechNotReadyError(message),
  worker: {
    isGpuLost: (error) => error instanceof SpeechGpuLostError,
    pastCap: 'processor',
    notice: (device) => (device === 'webgpu' ? NOTICE_GPU_RELOADED : NOTICE_NOW_ON_CPU),
  },
};
