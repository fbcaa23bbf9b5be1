/**
 * Notices a capture that stopped posting audio without any event saying so (a worklet the browser
 * stopped rendering, a device that froze). The capture posts every CAPTURE_POST_INTERVAL_MS; once
 * posts stop the level meter must fall to zero at once, and after CAPTURE_STALL_MS the recording
 * must stop claiming to record.
 *
 * Time is counted in checks of a steady interval rather than read from a clock: when the main
 * thread is blocked (a long task, a busy laptop), the checks are delayed along with the audio
 * messages queued behind them, so a busy page is never mistaken for a dead microphone. A throttled
 * background tab only delays the verdict.
 */
import { CAPTURE_POST_INTERVAL_MS } from './capture.protocol';

/** No audio post for longer than this while recording is a stalled capture (≤ 2 s at risk). */
export const CAPTURE_STALL_MS = 1_500;
const CHECK_INTERVAL_MS = 250;
/** Checks with no post before the level shows silence: more than two posts missed. */
const QUIET_CHECKS = Math.ceil((2 * CAPTURE_POST_INTERVAL_MS) / CHECK_INTERVAL_MS) + 1;
/**
 * The first quiet check may come right after a post, so n quiet checks prove only (n - 1)
 * intervals without audio: one more than the stall time divided by the interval.
 */
const STALL_CHECKS = CAPTURE_STALL_MS / CHECK_INTERVAL_MS + 1;

export interface WatchdogEvents {
  /** Posts stopped arriving: the level is no longer current. */
  quiet(): void;
  /** No post for more than CAPTURE_STALL_MS; reported once per `start`. */
  stalled(): void;
}

export class CaptureWatchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private checksSinceAudio = 0;

  constructor(private readonly events: WatchdogEvents) {}

  /** Starts (or restarts) watching, counting from now. */
  start(): void {
    this.stop();
    this.checksSinceAudio = 0;
    this.timer = setInterval(this.check, CHECK_INTERVAL_MS);
  }

  /** A post arrived. */
  fed(): void {
    this.checksSinceAudio = 0;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly check = (): void => {
    this.checksSinceAudio++;
    if (this.checksSinceAudio === QUIET_CHECKS) this.events.quiet();
    if (this.checksSinceAudio >= STALL_CHECKS) {
      this.stop();
      this.events.stalled();
    }
  };
}
