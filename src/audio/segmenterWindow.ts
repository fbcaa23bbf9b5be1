/**
 * The segmenter's only audio storage: one preallocated run of samples starting at an absolute,
 * frame-aligned offset, with the VAD's verdict for each analysed frame beside it. Its fixed
 * capacity is the memory bound (one maximal utterance plus the pre-speech lookback); dropping
 * consumed audio shifts the rest to the front instead of allocating.
 */
export class SampleWindow {
  private readonly samples: Float32Array<ArrayBuffer>;
  private readonly power: Float32Array;
  private readonly speech: Uint8Array;
  /** Absolute offset of samples[0]. */
  start = 0;
  /** Samples held. */
  length = 0;

  constructor(
    readonly capacitySamples: number,
    private readonly frameSamples: number,
  ) {
    this.samples = new Float32Array(capacitySamples);
    const frames = Math.ceil(capacitySamples / frameSamples);
    this.power = new Float32Array(frames);
    this.speech = new Uint8Array(frames);
  }

  get end(): number {
    return this.start + this.length;
  }

  reset(start: number): void {
    this.start = start;
    this.length = 0;
  }

  append(block: Float32Array): void {
    if (this.length + block.length > this.capacitySamples) {
      throw new RangeError('SampleWindow overflow: the segmenter failed to cut or trim in time');
    }
    this.samples.set(block, this.length);
    this.length += block.length;
  }

  /** A view of [from, to), valid until the next append or drop. */
  view(from: number, to: number): Float32Array {
    return this.samples.subarray(from - this.start, to - this.start);
  }

  copy(from: number, to: number): Float32Array<ArrayBuffer> {
    return this.samples.slice(from - this.start, to - this.start);
  }

  setFrame(frameStart: number, power: number, speech: boolean): void {
    const i = this.frameIndex(frameStart);
    this.power[i] = power;
    this.speech[i] = speech ? 1 : 0;
  }

  framePower(frameStart: number): number {
    return this.power[this.frameIndex(frameStart)] ?? 0;
  }

  isSpeech(frameStart: number): boolean {
    return this.speech[this.frameIndex(frameStart)] === 1;
  }

  /** Forget everything before `offset` (a frame boundary). */
  dropBefore(offset: number): void {
    const drop = Math.min(offset - this.start, this.length);
    if (drop <= 0) return;
    if (drop % this.frameSamples !== 0) throw new RangeError('SampleWindow can only drop whole frames');
    const frames = drop / this.frameSamples;
    this.samples.copyWithin(0, drop, this.length);
    this.power.copyWithin(0, frames);
    this.speech.copyWithin(0, frames);
    this.start += drop;
    this.length -= drop;
  }

  private frameIndex(frameStart: number): number {
    return (frameStart - this.start) / this.frameSamples;
  }
}
