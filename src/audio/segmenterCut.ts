/**
 * Where to cut speech that has run to the maximum length without a pause: at the quietest
 * moment of the last few seconds, judged on a short average of frame power so that one quiet
 * frame inside a word does not win over a real gap between words.
 */
import type { SampleWindow } from './segmenterWindow';

export interface CutSearch {
  /** Earliest allowed cut (a frame boundary after the utterance start). */
  readonly from: number;
  /** Latest allowed cut: the end of the analysed audio. */
  readonly to: number;
  readonly frameSamples: number;
  /** Frames averaged on each side of a candidate boundary. */
  readonly halfSpanFrames: number;
}

export function quietestCut(window: SampleWindow, search: CutSearch): number {
  const { from, to, frameSamples, halfSpanFrames } = search;
  let best = to;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let boundary = from; boundary <= to; boundary += frameSamples) {
    const lo = Math.max(window.start, boundary - halfSpanFrames * frameSamples);
    const hi = Math.min(to, boundary + halfSpanFrames * frameSamples);
    let sum = 0;
    let count = 0;
    for (let frame = lo; frame < hi; frame += frameSamples) {
      sum += window.framePower(frame);
      count++;
    }
    const score = count > 0 ? sum / count : Number.POSITIVE_INFINITY;
    // Ties go to the later boundary: in a stretch of equal silence the next utterance then
    // starts close to where speech resumes instead of carrying the whole gap.
    if (score <= bestScore) {
      bestScore = score;
      best = boundary;
    }
  }
  return best;
}
