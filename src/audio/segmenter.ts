/**
 * Splits the 16 kHz mono recording into utterances for Whisper: cut at pauses, never longer than
 * MAX_UTTERANCE_S (Whisper sees 30 s windows; longer input is truncated or loops), with padding
 * around speech and short gaps merged. Pure and synchronous: fed blocks of any size with their
 * absolute offsets, `push` returns the utterances they completed, and the result does not depend
 * on how the stream was split. Memory is one fixed SampleWindow (one maximal utterance plus the
 * pre-speech lookback), whatever the recording's length.
 *
 * Why an energy VAD (./vad.ts) and not Silero through a package. Checked on npm:
 * `@ricky0123/vad-web` 0.0.31 (ISC; bundles silero_vad v5/v6 ONNX, 2.3 MB each). (1) It depends on
 * onnxruntime-web ^1.17, which does not admit the 1.31 dev build that @huggingface/transformers
 * 4.3 pins, so the app would ship a second ORT (14–28 MB of wasm per variant) or force an
 * untested pairing, and serve its model and wasm itself (its quick start loads them from a CDN).
 * (2) Its real-time MicVAD opens its own microphone and runs inference in a main-thread message
 * handler (invariant 3); its non-real-time API takes whole buffers. (3) It has no maximum-length
 * cut, so the pause/28 s/padding logic here is needed anyway: it would only replace the
 * per-frame decision, as an async model call every 32 ms sharing the worker's ORT with Whisper.
 * (4) A learned VAD rejects tones and noise by design, so it could only be tested on recorded
 * speech, not on the synthetic signals here. The job is finding pauses from one microphone in a
 * consulting room, which band energy over an adaptive noise floor does at a tiny fraction of real
 * time, as the tests show under hum, rumble and noise. Its weakness is loud non-speech (a door, a
 * cough) and the first seconds after a fan switches on: they become short utterances sent to
 * Whisper, so the transcript's hallucination filters must still judge its output. `EnergyVad`
 * is the seam if real recordings show a learned model is worth its cost.
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';
import { EnergyVad, VAD_FLOOR_MEMORY_S, VAD_FRAME_MS, VAD_FRAME_SAMPLES } from './vad';
import { quietestCut } from './segmenterCut';
import type { Utterance, UtteranceEnd } from './segmenterUtterance';
import { SampleWindow } from './segmenterWindow';

export type { Utterance, UtteranceEnd } from './segmenterUtterance';
export { isNearSilent } from './segmenterUtterance';

/** Whisper's window is 30 s; the margin leaves room for its timestamp and prompt tokens. */
export const MAX_UTTERANCE_S = 28;
/** A silence at least this long ends an utterance; shorter gaps are merged into it. */
export const MIN_PAUSE_MS = 700;
/** Audio kept before the first speech frame: onsets are soft and Whisper needs a lead-in. */
export const PAD_BEFORE_MS = 200;
/** Audio kept after the last speech frame: trailing consonants fall below the VAD threshold. */
export const PAD_AFTER_MS = 300;
/** Consecutive speech needed to open an utterance: a click or a tap is shorter. */
export const SPEECH_ONSET_MS = 60;
/** Utterances with less speech than this are dropped as noise bursts. */
export const MIN_UTTERANCE_SPEECH_MS = 100;
/** A forced cut looks for the quietest point within the last this-many seconds. */
export const CUT_SEARCH_S = 4;
/** Averaging span around a candidate forced cut. */
export const CUT_SMOOTHING_MS = 120;
/** While idle, old lookback is trimmed in steps of this much, not every frame. */
export const IDLE_TRIM_SLACK_MS = 1_000;
/**
 * No frame of a stream is judged before the noise floor has seen this much of it. The floor is
 * the quietest moment heard so far, so when the doctor presses «Grabar» mid-sentence it starts at
 * the level of speech, and the words before the first quiet moment would be judged against
 * themselves and lost (seconds of them, measured). Judged once the floor has seen as much as it
 * remembers, and before it forgets the stream's first moments, they are found like any other
 * speech; the first utterance comes this much later.
 */
export const FLOOR_WARM_UP_S = VAD_FLOOR_MEMORY_S;

export interface SegmenterOptions {
  readonly maxUtteranceS: number;
  readonly minPauseMs: number;
  readonly padBeforeMs: number;
  readonly padAfterMs: number;
}

const DEFAULTS: SegmenterOptions = {
  maxUtteranceS: MAX_UTTERANCE_S,
  minPauseMs: MIN_PAUSE_MS,
  padBeforeMs: PAD_BEFORE_MS,
  padAfterMs: PAD_AFTER_MS,
};

interface OpenUtterance {
  start: number;
  lastSpeechEnd: number;
  silentFrames: number;
}

/** Every boundary falls on a frame, so durations are held as whole frames of samples. */
function frameSamples(ms: number): number {
  return Math.round(ms / VAD_FRAME_MS) * VAD_FRAME_SAMPLES;
}

export class UtteranceSegmenter {
  private readonly maxSamples: number;
  private readonly pauseFrames: number;
  private readonly padBefore: number;
  private readonly padAfter: number;
  private readonly onsetFramesNeeded = SPEECH_ONSET_MS / VAD_FRAME_MS;
  private readonly lookback: number;
  private readonly window: SampleWindow;
  private vad = new EnergyVad();
  private streaming = false;
  /** Absolute end of the audio received / measured / judged (the last two on frame boundaries). */
  private fedEnd = 0;
  private processedEnd = 0;
  private decidedEnd = 0;
  /** Frames measured before this offset wait for their verdict until it is reached. */
  private warmUpEnd = 0;
  /** End of the last utterance: the next one's padding never reaches back over it. */
  private lastEnd = 0;
  private onsetFrames = 0;
  private open: OpenUtterance | undefined;

  constructor(options: Partial<SegmenterOptions> = {}) {
    const o = { ...DEFAULTS, ...options };
    this.maxSamples = Math.floor((o.maxUtteranceS * 1000) / VAD_FRAME_MS) * VAD_FRAME_SAMPLES;
    this.pauseFrames = Math.round(o.minPauseMs / VAD_FRAME_MS);
    this.padBefore = frameSamples(o.padBeforeMs);
    this.padAfter = frameSamples(o.padAfterMs);
    if (o.padAfterMs > o.minPauseMs) throw new RangeError('padAfterMs must not exceed minPauseMs');
    if (o.maxUtteranceS <= CUT_SEARCH_S) throw new RangeError(`maxUtteranceS must exceed ${CUT_SEARCH_S} s`);
    // Enough to reach back over a pause's worth of earlier sounds, and their padding, at onset.
    this.lookback = this.padBefore + (this.onsetFramesNeeded + this.pauseFrames) * VAD_FRAME_SAMPLES;
    const idleNeed = Math.max(this.lookback + frameSamples(IDLE_TRIM_SLACK_MS), frameSamples(FLOOR_WARM_UP_S * 1000));
    this.window = new SampleWindow(Math.max(this.maxSamples, idleNeed) + VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES);
  }

  /**
   * Feed `block`, whose first sample is at absolute offset `startSample`. A later offset than
   * expected (a gap, e.g. after a resumed recording) ends the current utterance first; an earlier
   * one is a caller bug and throws.
   */
  push(block: Float32Array, startSample: number): Utterance[] {
    if (!Number.isSafeInteger(startSample) || startSample < 0) throw new RangeError(`Bad sample offset ${startSample}`);
    const out: Utterance[] = [];
    if (!this.streaming) this.begin(startSample);
    else if (startSample < this.fedEnd) throw new RangeError(`Audio at ${startSample} overlaps audio up to ${this.fedEnd}`);
    else if (startSample > this.fedEnd) {
      this.finish(out, 'discontinuity');
      this.begin(startSample);
    }
    let i = 0;
    while (i < block.length) {
      const frameEnd = this.processedEnd + VAD_FRAME_SAMPLES;
      const n = Math.min(frameEnd - this.fedEnd, block.length - i);
      this.window.append(block.subarray(i, i + n));
      i += n;
      this.fedEnd += n;
      if (this.fedEnd === frameEnd) this.analyseFrame(out);
    }
    return out;
  }

  /** End of the stream ("Detener"): emits the utterance in progress. The segmenter is then fresh. */
  flush(): Utterance[] {
    const out: Utterance[] = [];
    this.finish(out, 'flush');
    return out;
  }

  /** Samples held right now; never more than `capacitySamples`. */
  get bufferedSamples(): number {
    return this.window.length;
  }

  get capacitySamples(): number {
    return this.window.capacitySamples;
  }

  get noiseFloorDbfs(): number {
    return this.vad.noiseFloorDbfs;
  }

  private begin(startSample: number): void {
    this.streaming = true;
    this.vad = new EnergyVad();
    this.fedEnd = this.processedEnd = this.decidedEnd = this.lastEnd = startSample;
    this.warmUpEnd = startSample + frameSamples(FLOOR_WARM_UP_S * 1000);
    this.onsetFrames = 0;
    this.open = undefined;
    this.window.reset(startSample);
  }

  private analyseFrame(out: Utterance[]): void {
    const frameStart = this.processedEnd;
    const power = this.vad.measure(this.window.view(frameStart, this.fedEnd));
    this.window.setFrame(frameStart, power, false);
    this.processedEnd = this.fedEnd;
    if (this.processedEnd >= this.warmUpEnd) this.decideMeasuredFrames(out);
  }

  /** Judge, in order, every measured frame still without a verdict, against the floor as it is now. */
  private decideMeasuredFrames(out: Utterance[]): void {
    while (this.decidedEnd < this.processedEnd) {
      const frameStart = this.decidedEnd;
      const power = this.window.framePower(frameStart);
      const speech = this.vad.judge(power, this.open !== undefined);
      this.window.setFrame(frameStart, power, speech);
      this.decidedEnd = frameStart + VAD_FRAME_SAMPLES;
      if (this.open === undefined) this.idleFrame(speech);
      else this.openFrame(out, this.open, speech);
    }
  }

  private idleFrame(speech: boolean): void {
    this.onsetFrames = speech ? this.onsetFrames + 1 : 0;
    if (this.onsetFrames >= this.onsetFramesNeeded) {
      const speechStart = this.earliestJoinedSpeech(this.decidedEnd - this.onsetFrames * VAD_FRAME_SAMPLES);
      const start = Math.max(speechStart - this.padBefore, this.lastEnd, this.window.start);
      this.open = { start, lastSpeechEnd: this.decidedEnd, silentFrames: 0 };
      this.onsetFrames = 0;
      this.window.dropBefore(start);
    } else if (this.decidedEnd - this.window.start > this.lookback + frameSamples(IDLE_TRIM_SLACK_MS)) {
      this.window.dropBefore(this.decidedEnd - this.lookback);
    }
  }

  /**
   * Speech frames too short to open an utterance (a word's last syllable when the recording
   * starts, a short sound just before speaking) join the utterance that opens less than a pause
   * after them, as the same gap after speech would be merged into it.
   */
  private earliestJoinedSpeech(speechStart: number): number {
    let earliest = speechStart;
    let gapFrames = 0;
    const limit = Math.max(this.lastEnd, this.window.start);
    for (let frame = speechStart - VAD_FRAME_SAMPLES; frame >= limit; frame -= VAD_FRAME_SAMPLES) {
      if (this.window.isSpeech(frame)) {
        earliest = frame;
        gapFrames = 0;
      } else if (++gapFrames >= this.pauseFrames) break;
    }
    return earliest;
  }

  private openFrame(out: Utterance[], u: OpenUtterance, speech: boolean): void {
    if (speech) {
      u.lastSpeechEnd = this.decidedEnd;
      u.silentFrames = 0;
    } else {
      u.silentFrames++;
    }
    if (u.silentFrames >= this.pauseFrames) {
      this.close(out, u, Math.max(u.start, u.lastSpeechEnd + this.padAfter), 'pause');
    } else if (this.decidedEnd - u.start >= this.maxSamples) {
      const cut = quietestCut(this.window, {
        from: Math.max(u.start + VAD_FRAME_SAMPLES, this.decidedEnd - CUT_SEARCH_S * AUDIO_SAMPLE_RATE_HZ),
        to: this.decidedEnd,
        frameSamples: VAD_FRAME_SAMPLES,
        halfSpanFrames: Math.max(1, Math.round(CUT_SMOOTHING_MS / VAD_FRAME_MS / 2)),
      });
      this.emit(out, u.start, cut, 'max-length');
      u.start = cut;
      this.window.dropBefore(cut);
    }
  }

  private close(out: Utterance[], u: OpenUtterance, end: number, reason: UtteranceEnd): void {
    this.emit(out, u.start, end, reason);
    this.open = undefined;
    this.lastEnd = end;
    this.window.dropBefore(end - ((end - this.window.start) % VAD_FRAME_SAMPLES));
  }

  private finish(out: Utterance[], reason: UtteranceEnd): void {
    if (!this.streaming) return;
    // A stream shorter than the warm-up is judged against the floor it reached.
    this.decideMeasuredFrames(out);
    const u = this.open;
    if (this.fedEnd > this.processedEnd) {
      // The last, partial frame: judged for the utterance's extent, but it opens nothing.
      const { power, speech } = this.vad.analyze(this.window.view(this.processedEnd, this.fedEnd), u !== undefined);
      this.window.setFrame(this.processedEnd, power, speech);
      if (u !== undefined && speech) u.lastSpeechEnd = this.fedEnd;
    }
    if (u !== undefined) {
      this.close(out, u, Math.min(this.fedEnd, Math.max(u.start, u.lastSpeechEnd + this.padAfter)), reason);
    }
    this.streaming = false;
    this.open = undefined;
    this.window.reset(0);
  }

  private emit(out: Utterance[], start: number, end: number, reason: UtteranceEnd): void {
    if (end <= start) return;
    let speechSamples = 0;
    for (let frame = start; frame < end; frame += VAD_FRAME_SAMPLES) {
      if (this.window.isSpeech(frame)) speechSamples += Math.min(VAD_FRAME_SAMPLES, end - frame);
    }
    if ((speechSamples * 1000) / AUDIO_SAMPLE_RATE_HZ < MIN_UTTERANCE_SPEECH_MS) return;
    const samples = this.window.copy(start, end);
    let sumSquares = 0;
    for (let i = 0; i < samples.length; i++) sumSquares += (samples[i] ?? 0) ** 2;
    out.push({
      startSample: start,
      endSample: end,
      samples,
      speechRatio: speechSamples / (end - start),
      rms: Math.sqrt(sumSquares / samples.length),
      end: reason,
    });
  }
}
