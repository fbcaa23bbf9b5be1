/**
 * What the segmenter hands to speech recognition, and the near-silence test the hallucination
 * guard applies before sending it: Whisper invents text ("Gracias por ver el video") for audio
 * with nothing in it, so such utterances are not transcribed, and a known silence phrase is only
 * dropped when its audio passes this test.
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';

/** Why an utterance ended; a `max-length` cut means the next one continues the same speech. */
export type UtteranceEnd = 'pause' | 'max-length' | 'flush' | 'discontinuity';

export interface Utterance {
  /** Absolute offset of the first sample in the recording (16 kHz samples). */
  readonly startSample: number;
  /** Absolute offset one past the last sample. */
  readonly endSample: number;
  /** The audio, owned by the receiver (a copy; transferable to a worker). */
  readonly samples: Float32Array<ArrayBuffer>;
  /** Share of the utterance the VAD judged speech, 0–1 (the rest is padding and short gaps). */
  readonly speechRatio: number;
  /** RMS of the samples, linear full scale (1 = 0 dBFS). */
  readonly rms: number;
  readonly end: UtteranceEnd;
}

/** Quieter than this overall (RMS), an utterance is treated as silence. */
export const NEAR_SILENT_RMS_DBFS = -50;
/**
 * Less speech than this in an utterance is a click or a breath, not a word. Kept below the
 * length of a short "sí" (~200 ms): losing a patient's answer is worse than one wasted decode.
 */
export const NEAR_SILENT_MIN_SPEECH_MS = 150;

export function rmsToDbfs(rms: number): number {
  return rms > 0 ? 20 * Math.log10(rms) : Number.NEGATIVE_INFINITY;
}

export function speechMs(utterance: Utterance): number {
  const durationMs = ((utterance.endSample - utterance.startSample) * 1000) / AUDIO_SAMPLE_RATE_HZ;
  return utterance.speechRatio * durationMs;
}

export function isNearSilent(utterance: Utterance): boolean {
  return rmsToDbfs(utterance.rms) < NEAR_SILENT_RMS_DBFS || speechMs(utterance) < NEAR_SILENT_MIN_SPEECH_MS;
}
