/**
 * Adaptive noise floor by minimum statistics: the floor is the lowest smoothed frame power seen
 * in the last couple of seconds. Speech only ever raises frame power, so it never drags the floor
 * up (no feedback from the speech decision), while a fan or air conditioner that starts mid-visit
 * becomes the new floor once it has been the quietest thing for one window. Minima are kept per
 * sub-window, so memory and cost per frame are constant.
 */
export interface NoiseFloorOptions {
  /** Frames averaged (exponentially) before taking minima: tames frame-to-frame noise jitter. */
  readonly smoothingFrames: number;
  /** Frames per sub-window; the floor forgets a minimum `subWindowCount` sub-windows later. */
  readonly subWindowFrames: number;
  readonly subWindowCount: number;
}

export class NoiseFloorTracker {
  private readonly alpha: number;
  private readonly minima: Float64Array;
  private filled = 0;
  private next = 0;
  private currentMin = Number.POSITIVE_INFINITY;
  private framesInSub = 0;
  private smoothed: number | undefined;

  constructor(private readonly options: NoiseFloorOptions) {
    this.alpha = Math.exp(-1 / options.smoothingFrames);
    this.minima = new Float64Array(options.subWindowCount);
  }

  /** Feed one frame's mean-square power (linear, full scale = 1). */
  update(power: number): void {
    this.smoothed = this.smoothed === undefined ? power : this.alpha * this.smoothed + (1 - this.alpha) * power;
    this.currentMin = Math.min(this.currentMin, this.smoothed);
    this.framesInSub++;
    if (this.framesInSub === this.options.subWindowFrames) {
      this.minima[this.next] = this.currentMin;
      this.next = (this.next + 1) % this.minima.length;
      this.filled = Math.min(this.filled + 1, this.minima.length);
      this.currentMin = Number.POSITIVE_INFINITY;
      this.framesInSub = 0;
    }
  }

  /** Current floor as mean-square power; +Infinity before the first frame. */
  get power(): number {
    let floor = this.currentMin;
    for (let i = 0; i < this.filled; i++) floor = Math.min(floor, this.minima[i] ?? floor);
    return floor;
  }
}
