/** How times, dates and sizes read in the UI (Spanish, Argentina first). */
import type { EncounterStatus } from '../storage/types';

/** Elapsed time as m:ss, or h:mm:ss past an hour. Truncates: 9.9 s is still "0:09" while recording. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Machine-readable duration for `<time dateTime>`. */
export function isoDuration(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(2).replace(/\.?0+$/, '')}S`;
}

const dateFormat = new Intl.DateTimeFormat('es-AR', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(epochMs: number): string {
  return dateFormat.format(epochMs);
}

export { formatBytes } from '../shared/formatBytes';

export const STATUS_LABELS: Record<EncounterStatus, string> = {
  new: 'Nueva',
  recording: 'Grabando',
  paused: 'En pausa',
  interrupted: 'Interrumpida',
  recorded: 'Grabada',
  importing: 'Importando',
};

/** A length of audio in words, for sentences ("2 min 5 s", "45 s", "1 h 3 min"). Truncates like formatDuration, so the dialog says "8 s" for the recording the timer and the player show as 0:08. */
export function formatAudioLength(ms: number): string {
  if (ms > 0 && ms < 1000) return 'menos de 1 s';
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** "1 segmento", "3 segmentos". */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const dateOnlyFormat = new Intl.DateTimeFormat('es-AR', { dateStyle: 'medium' });

export function formatDate(epochMs: number): string {
  return dateOnlyFormat.format(epochMs);
}
