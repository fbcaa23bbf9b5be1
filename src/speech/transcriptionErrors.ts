/** Errors of the transcription queue and its actions (the engine's own are in src/shared/errors.ts). */
import { EscribaError } from '../shared/errors';

/** "Transcribir de nuevo" found no speech it would keep in the segment's audio; the text stays. */
export class NoSpeechFoundError extends EscribaError {
  override name = 'NoSpeechFoundError';
}

/** An action needs the speech model, and none is installed and runnable here. */
export class NoSpeechModelError extends EscribaError {
  override name = 'NoSpeechModelError';
}
