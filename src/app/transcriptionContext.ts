/**
 * What the screens see of the app's transcription service (TranscriptionProvider): which
 * consultation it is working on, the speech engine's status, and the actions the doctor can take
 * on a segment. Screens depend on this, not on the service.
 */
import { createContext, useContext } from 'react';
import type { SpeechStatus } from '../speech/speechEngine';
import type { TranscriptSegment } from '../storage';

export type TranscriptionAvailability =
  /** The catalogue and this computer's hardware are still being read. */
  | { kind: 'checking' }
  /** No speech model installed (or none runnable here): the doctor installs one in Modelos. */
  | { kind: 'no-model' }
  /** The chosen model cannot run on this computer; `message` says why, in Spanish. */
  | { kind: 'unavailable'; message: string }
  /** Another tab of Escriba is transcribing; this one shows the segments as they are stored. */
  | { kind: 'other-tab' }
  | { kind: 'available'; modelId: string; device: 'webgpu' | 'wasm' };

export interface Transcription {
  availability: TranscriptionAvailability;
  speech: SpeechStatus;
  /** The consultation being transcribed now, if any. */
  activeEncounterId: string | null;
  /** Spanish, when transcription stopped on an error (it resumes from storage on retry). */
  error: string | null;
  /** Transcribes the segment's audio again; rejects with a named error (shown in Spanish). */
  retranscribe(segment: TranscriptSegment): Promise<void>;
  /** After an error: try again from where the stored transcript ends. */
  retry(): void;
}

export const TranscriptionContext = createContext<Transcription | null>(null);

export function useTranscription(): Transcription {
  const transcription = useContext(TranscriptionContext);
  if (!transcription) throw new Error('useTranscription outside TranscriptionProvider');
  return transcription;
}
