/**
 * A clock for replaying a long recording faster than it lasts without flattering the code under
 * test: it runs with the real clock while that code works, and jumps ahead only while the code is
 * idle (waiting for input it has not got), since then nothing would happen until the input came.
 * A slow step therefore lets input pile up exactly as it would in real time.
 */
export class VirtualClock {
  private readonly originMs = performance.now();
  private skippedMs = 0;
  /** How often, and for how long in total, the clock jumped over idle time. */
  jumps = 0;

  /** Virtual milliseconds since the clock was made. */
  now(): number {
    return performance.now() - this.originMs + this.skippedMs;
  }

  get skippedSeconds(): number {
    return this.skippedMs / 1000;
  }

  /**
   * Resolves at virtual time `atMs`: after waiting in real time while the code works, or at once
   * (a jump) when `isIdle()` holds. `idle` must resolve whenever the code may have become idle,
   * so the wait is cut short then.
   */
  async until(atMs: number, isIdle: () => boolean, idle: () => Promise<void>): Promise<void> {
    for (;;) {
      const leftMs = atMs - this.now();
      if (leftMs <= 0) return;
      if (isIdle()) {
        this.skippedMs += leftMs;
        this.jumps++;
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, leftMs))), idle()]);
      clearTimeout(timer);
    }
  }
}

/** A one-shot-per-wait notification: `wait()` resolves at the next `fire()`. */
export class Signal {
  private waiters: (() => void)[] = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  fire(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
