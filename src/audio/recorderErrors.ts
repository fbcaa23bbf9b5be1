/**
 * The recorder's own failures: a `start` it must refuse, and the ways a capture can stop by itself,
 * each with the error the doctor sees and the detail the audit log keeps.
 */
import { CaptureStalledError, EscribaError, MicrophoneDisconnectedError } from '../shared/errors';
import type { CaptureEndReason } from './captureSource';

/** `start` for one consultation while the recorder holds another: the caller must stop that one first. */
export class RecorderBusyError extends EscribaError {
  override name = 'RecorderBusyError';
}

export type StopCause = CaptureEndReason | 'stalled';

/** What the doctor is told, and what the audit log keeps, for each way a capture can stop by itself. */
export const STOP_CAUSES: Record<StopCause, { detail: string; error: () => EscribaError }> = {
  ended: { detail: 'microphone-ended', error: () => new MicrophoneDisconnectedError('El micrófono dejó de entregar audio') },
  'processor-error': { detail: 'capture-processor-error', error: () => new MicrophoneDisconnectedError('La captura de audio falló') },
  muted: { detail: 'microphone-muted', error: () => new CaptureStalledError('El micrófono quedó silenciado') },
  suspended: { detail: 'audio-suspended', error: () => new CaptureStalledError('El sistema suspendió el audio') },
  stalled: { detail: 'capture-stalled', error: () => new CaptureStalledError('Dejó de llegar audio del micrófono') },
};
