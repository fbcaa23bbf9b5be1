/**
 * Second-order Butterworth high-pass (RBJ audio-EQ cookbook) applied before measuring a frame's
 * energy. Mains hum (50 Hz in Argentina), air-conditioning rumble, desk thumps and DC offset sit
 * below the speech band; removing them keeps the noise floor low so speech stands out above it.
 * The filter state persists from frame to frame, so how the stream was split into blocks leaves
 * no trace in the result.
 */
export class HighPassFilter {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(cutoffHz: number, sampleRateHz: number) {
    const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
    const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w0);
    const a0 = 1 + alpha;
    this.b0 = (1 + cos) / 2 / a0;
    this.b1 = -(1 + cos) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  /** Mean square of the filtered frame; the filtered samples themselves are not kept. */
  meanSquare(frame: Float32Array): number {
    if (frame.length === 0) return 0;
    let { x1, x2, y1, y2 } = this;
    let sum = 0;
    for (let i = 0; i < frame.length; i++) {
      const x = frame[i] ?? 0;
      const y = this.b0 * x + this.b1 * x1 + this.b2 * x2 - this.a1 * y1 - this.a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      sum += y * y;
    }
    // After long digital silence the feedback terms decay into subnormal numbers, which are
    // slow on some CPUs; below this they are inaudible anyway.
    if (Math.abs(y1) < 1e-20) y1 = 0;
    if (Math.abs(y2) < 1e-20) y2 = 0;
    Object.assign(this, { x1, x2, y1, y2 });
    return sum / frame.length;
  }
}
