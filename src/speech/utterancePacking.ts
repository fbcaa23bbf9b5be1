/**
 * Whisper always encodes a 30 s window (shorter audio is padded), so each call costs about the
 * same however short the utterance. When the transcriber is catching up (an import, a backlog, a
 * resumed queue), consecutive utterances are packed into one window of up to MAX_UTTERANCE_S,
 * gap included, and transcribed in one call: fewer encoder runs for the same audio. While it
 * keeps pace with a live recording nothing is held back, so packing never delays the text the
 * doctor is waiting for.
 */
import { MAX_UTTERANCE_S } from '../audio/segmenter';
import { AUDIO_SAMPLE_RATE_HZ } from '../audio/format';
import type { Utterance } from '../audio/segmenterUtterance';

export const MAX_PACKED_SAMPLES = MAX_UTTERANCE_S * AUDIO_SAMPLE_RATE_HZ;

export function canPack(first: Utterance, next: Utterance): boolean {
  return next.startSample >= first.endSample && next.endSample - first.startSample <= MAX_PACKED_SAMPLES;
}

/** One utterance covering both and the audio between them (`gap`, read from storage). */
export function pack(first: Utterance, gap: Float32Array, next: Utterance): Utterance {
  if (gap.length !== next.startSample - first.endSample) throw new RangeError('gap does not fill the space between the utterances');
  const samples = new Float32Array(next.endSample - first.startSample);
  samples.set(first.samples, 0);
  samples.set(gap, first.samples.length);
  samples.set(next.samples, first.samples.length + gap.length);
  let gapSquares = 0;
  for (const s of gap) gapSquares += s * s;
  const squares = first.rms ** 2 * first.samples.length + gapSquares + next.rms ** 2 * next.samples.length;
  const speech = first.speechRatio * first.samples.length + next.speechRatio * next.samples.length;
  return {
    startSample: first.startSample,
    endSample: next.endSample,
    samples,
    rms: Math.sqrt(squares / samples.length),
    speechRatio: speech / samples.length,
    end: next.end,
  };
}

/**
 * The part of `utterance` from absolute sample `from` on (a queue resumed at its cursor re-reads
 * a little audio before it, so the segmenter's noise floor is learnt, but must not send it again).
 */
export function startingAt(utterance: Utterance, from: number): Utterance {
  if (from <= utterance.startSample) return utterance;
  const samples = utterance.samples.slice(from - utterance.startSample);
  let squares = 0;
  for (const s of samples) squares += s * s;
  return { ...utterance, startSample: from, samples, rms: samples.length ? Math.sqrt(squares / samples.length) : 0 };
}
