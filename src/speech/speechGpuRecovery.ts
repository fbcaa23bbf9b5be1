/** The speech engine's part of the GPU recovery (shared/gpuRecovery.ts): its words and its final errors. */
import type { RecoveryPolicy } from '../shared/gpuRecovery';
import { SpeechLoadError, SpeechNotReadyError, TranscriptionCancelledError } from '../shared/errors';

export const NOTICE_GPU_RELOADED =
  'La placa de video dejó de responder y Escriba la reinició. La transcripción sigue normalmente; no se perdió audio.';
export const NOTICE_NOW_ON_CPU =
  'La placa de video dejó de responder, así que Escriba sigue transcribiendo con el procesador. Funciona igual, pero más lento; no se perdió audio. Si se repite, reinicie el navegador.';
export const NOTICE_GPU_UNUSABLE =
  'No se pudo usar la placa de video, así que Escriba transcribe con el procesador. Funciona igual, pero más lento.';

export const SPEECH_GPU_RECOVERY: RecoveryPolicy = {
  notices: { gpuReloaded: NOTICE_GPU_RELOADED, nowOnCpu: NOTICE_NOW_ON_CPU, gpuUnusable: NOTICE_GPU_UNUSABLE },
  // A cancel, or model files that are not installed: another device would not change that.
  isFinal: (error) => error instanceof TranscriptionCancelledError || error instanceof SpeechLoadError,
  notReady: (message) => new SpeechNotReadyError(message),
};
