/**
 * When «Eliminar consulta» is refused and what the doctor is told. Storage refuses a consultation
 * some tab records or imports (it asks their locks); this tab also knows when its own
 * transcription queue is working on it, which storage cannot see.
 */
import { spanishMessage } from '../shared/messages';
import { EncounterBusyError, EncounterNotFoundError, type BusyReason, type EncounterStatus } from '../storage';

export function deletionRefusal(status: EncounterStatus, transcribing: boolean): BusyReason | null {
  if (status === 'recording' || status === 'paused') return 'recording';
  if (status === 'importing') return 'importing';
  return transcribing ? 'transcribing' : null;
}

const BUSY_MESSAGES: Record<BusyReason, string> = {
  recording:
    'No se puede eliminar una consulta mientras se graba (también en pausa o en otra pestaña). Presione «Detener» y vuelva a intentarlo.',
  importing: 'No se puede eliminar la consulta mientras se importa su audio. Espere a que termine o cancele la importación.',
  transcribing:
    'No se puede eliminar la consulta mientras se está transcribiendo. Espere a que termine la transcripción y vuelva a intentarlo.',
};

export function busyMessage(reason: BusyReason): string {
  return BUSY_MESSAGES[reason];
}

export function deletionFailureMessage(error: unknown): string {
  if (error instanceof EncounterBusyError) return busyMessage(error.reason);
  if (error instanceof EncounterNotFoundError) return 'Esta consulta ya no existe: se eliminó en otra pestaña o ventana de Escriba.';
  return `No se pudo eliminar la consulta; no se borró nada. ${spanishMessage(error)}`;
}
