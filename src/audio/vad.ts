/**
 * Frame-level voice activity: is this 20 ms of audio speech? Band energy (above a high-pass
 * that removes hum and rumble) compared with an adaptive noise floor, with hysteresis: a higher
 * margin to enter speech than to stay in it, so soft word endings are not chopped off.
 *
 * Why energy and not Silero: see the doc comment of `segmenter.ts`. This class is the seam where
 * a learned model could be plugged in later (it only has to answer "speech or not" per frame).
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';
import { HighPassFilter } from './vadFilter';
import { NoiseFloorTracker } from './vadNoiseFloor';

/** Analysis frame; also the time resolution of every boundary the segmenter produces. */
export const VAD_FRAME_MS = 20;
export const VAD_FRAME_SAMPLES = (AUDIO_SAMPLE_RATE_HZ * VAD_FRAME_MS) / 1000;
/** Below the lowest voice fundamentals that carry energy; attenuates 50 Hz hum by ~19 dB. */
export const VAD_HIGH_PASS_HZ = 150;
/** A frame must stand this far above the noise floor to start speech. */
export const VAD_ONSET_MARGIN_DB = 10;
/** …and this far to continue it (hysteresis). */
export const VAD_HOLD_MARGIN_DB = 6;
/** Whatever the floor, quieter frames are not speech: dithered silence must never trigger. */
export const VAD_SPEECH_MIN_DBFS = -60;
/** Digital silence has no level in dB; the floor is clamped here instead of -Infinity. */
export const VAD_FLOOR_MIN_DBFS = -100;
/**
 * Smoothing of frame power before the floor's minimum is taken: enough to steady a jittery
 * rumble, short enough that the gaps between words in continuous speech still reach the floor
 * (at 100 ms the floor crept up into running speech and invented pauses).
 */
export const VAD_FLOOR_SMOOTHING_MS = 40;
/** The floor follows a rising background (a fan switched on) within this long. */
export const VAD_FLOOR_WINDOW_S = 2.5;
const VAD_FLOOR_SUBWINDOW_S = 0.5;
/** The floor remembers at least this much of the past (a sub-window more just before it forgets). */
export const VAD_FLOOR_MEMORY_S = VAD_FLOOR_WINDOW_S - VAD_FLOOR_SUBWINDOW_S;

export interface FrameDecision {
  /** Mean-square power of the high-passed frame (linear; 1 = full-scale square wave). */
  readonly power: number;
  readonly speech: boolean;
}

/** Power in dBFS, where 0 dBFS is the RMS of a full-scale square wave. */
export function powerToDbfs(meanSquare: number): number {
  return meanSquare > 0 ? Math.max(VAD_FLOOR_MIN_DBFS, 10 * Math.log10(meanSquare)) : VAD_FLOOR_MIN_DBFS;
}

export class EnergyVad {
  private readonly highPass = new HighPassFilter(VAD_HIGH_PASS_HZ, AUDIO_SAMPLE_RATE_HZ);
  private readonly floor = new NoiseFloorTracker({
    smoothingFrames: VAD_FLOOR_SMOOTHING_MS / VAD_FRAME_MS,
    subWindowFrames: (VAD_FLOOR_SUBWINDOW_S * 1000) / VAD_FRAME_MS,
    // The sub-window being filled also counts, so the floor's memory is at most the window.
    subWindowCount: VAD_FLOOR_WINDOW_S / VAD_FLOOR_SUBWINDOW_S - 1,
  });

  /**
   * Judge one frame (normally VAD_FRAME_SAMPLES long; the last one of a stream may be shorter).
   * `inSpeech` selects the hold margin instead of the onset margin.
   */
  analyze(frame: Float32Array, inSpeech: boolean): FrameDecision {
    const power = this.measure(frame);
    return { power, speech: this.judge(power, inSpeech) };
  }

  /** Power of one frame; it also feeds the noise floor. */
  measure(frame: Float32Array): number {
    const power = this.highPass.meanSquare(frame);
    this.floor.update(power);
    return power;
  }

  /** Is a frame of this power speech against the floor as it stands now? */
  judge(power: number, inSpeech: boolean): boolean {
    const margin = inSpeech ? VAD_HOLD_MARGIN_DB : VAD_ONSET_MARGIN_DB;
    return powerToDbfs(power) > Math.max(this.noiseFloorDbfs + margin, VAD_SPEECH_MIN_DBFS);
  }

  get noiseFloorDbfs(): number {
    return powerToDbfs(this.floor.power);
  }
}
