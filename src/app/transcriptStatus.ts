/**
 * The one line the transcript region says about transcription: why it is not happening, or how far
 * behind it is. It is a polite live region, so its text is coarse on purpose: it changes when the
 * phase changes, per 10 % of model loading, and per stored segment, never once a second while the
 * recording grows.
 */
import { samplesToMs } from '../audio/format';
import type { SpeechStatus } from '../speech/speechEngine';
import type { Encounter } from '../storage';
import type { Transcription } from './transcriptionContext';

export type TranscriptStatusLine =
  /** Rendered with a link to Modelos. */
  | { kind: 'no-model' }
  | { kind: 'text'; text: string }
  | null;

/**
 * While this tab records, transcription trails the microphone by an utterance (up to ~28 s, cut at
 * pauses) plus its decoding: that is not lag. Only a backlog past this is worth the doctor's eye.
 */
export const RECORDING_LAG_NOTICE_MS = 60_000;
const LOAD_PERCENT_STEP = 10;

export function transcriptStatusLine(
  transcription: Pick<Transcription, 'availability' | 'speech' | 'activeEncounterId' | 'error'>,
  encounter: Pick<Encounter, 'id' | 'storedSamples' | 'transcribedSamples'>,
  capturing: boolean,
): TranscriptStatusLine {
  const { availability, speech } = transcription;
  switch (availability.kind) {
    case 'checking':
      return null; // a moment at start-up: saying so would only flash
    case 'no-model':
      return { kind: 'no-model' };
    case 'unavailable':
      return { kind: 'text', text: availability.message };
    case 'other-tab':
      return { kind: 'text', text: 'La transcripción se hace en otra pestaña de Escriba.' };
    case 'available':
      break;
    default:
      return availability satisfies never;
  }
  // An error is shown as an alert with "Reintentar"; the line would only repeat it.
  if (transcription.error) return null;
  if (speech.phase === 'loading') {
    const percent = loadPercent(speech);
    return { kind: 'text', text: `Preparando el modelo de voz…${percent === null ? '' : ` ${percent} %`}` };
  }
  if (speech.phase === 'warming') return { kind: 'text', text: 'Preparando el modelo de voz…' };

  const backlogMs = samplesToMs(Math.max(0, encounter.storedSamples - (encounter.transcribedSamples ?? 0)));
  if (transcription.activeEncounterId === encounter.id) {
    if (capturing && backlogMs <= RECORDING_LAG_NOTICE_MS) return { kind: 'text', text: 'Transcribiendo mientras graba…' };
    if (backlogMs > 0) return { kind: 'text', text: `Transcribiendo… faltan ${formatBacklog(backlogMs)} de audio` };
  }
  if (encounter.storedSamples === 0) return null;
  if (backlogMs > 0) {
    // Queued behind another consultation, or the model not started yet. While capturing the
    // backlog grows every second: no figure, or the live region would speak every second.
    return capturing
      ? { kind: 'text', text: 'Transcripción en espera.' }
      : { kind: 'text', text: `Transcripción pendiente: ${formatBacklog(backlogMs)} de audio.` };
  }
  return { kind: 'text', text: 'Transcripción al día.' };
}

/** Bytes read of the model's files, floored to a 10 % step; null while any file's size is unknown. */
export function loadPercent(speech: Pick<SpeechStatus, 'files'>): number | null {
  let loaded = 0;
  let total = 0;
  for (const file of speech.files) {
    if (file.totalBytes === null) return null;
    loaded += Math.min(file.loadedBytes, file.totalBytes);
    total += file.totalBytes;
  }
  if (total === 0) return null;
  return Math.floor((loaded / total) * (100 / LOAD_PERCENT_STEP)) * LOAD_PERCENT_STEP;
}

/** "45 s" under a minute (rounded up: never "0 s" while something is left), whole minutes past it. */
export function formatBacklog(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
