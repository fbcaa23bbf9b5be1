/**
 * What the capture worklet does to each render quantum, kept free of AudioWorklet globals so it
 * can be tested in Node: downmix to mono, resample to 16 kHz, and cut the result into posts of
 * CAPTURE_POST_INTERVAL_MS. Nothing is allocated per quantum except a fresh post buffer, whose
 * ownership goes to the main thread with each post.
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';
import { CAPTURE_POST_INTERVAL_MS } from './capture.protocol';
import { StreamingResampler } from './resampler';

export const SAMPLES_PER_POST = (AUDIO_SAMPLE_RATE_HZ * CAPTURE_POST_INTERVAL_MS) / 1000;

/** Receives full (or, on flush, partial) posts; takes ownership of `samples`. */
export type PostSink = (samples: Float32Array, peak: number) => void;

export class CapturePipeline {
  private readonly resampler: StreamingResampler;
  private mono = new Float32Array(128);
  private resampled = new Float32Array(0);
  private post = new Float32Array(SAMPLES_PER_POST);
  private filled = 0;
  private peak = 0;

  constructor(
    inputSampleRateHz: number,
    private readonly sink: PostSink,
  ) {
    this.resampler = new StreamingResampler(inputSampleRateHz);
  }

  /** One render quantum: one array per input channel, all the same length. */
  push(channels: readonly Float32Array[]): void {
    const first = channels[0];
    if (!first || first.length === 0) return;
    const frames = first.length;
    if (this.mono.length < frames) this.mono = new Float32Array(frames);
    const mono = this.mono.subarray(0, frames);
    // Averaging keeps full scale at full scale whatever the channel count.
    mono.set(first);
    for (let c = 1; c < channels.length; c++) {
      const channel = channels[c]!;
      for (let i = 0; i < frames; i++) mono[i]! += channel[i] ?? 0;
    }
    if (channels.length > 1) {
      const scale = 1 / channels.length;
      for (let i = 0; i < frames; i++) mono[i]! *= scale;
    }
    const needed = this.resampler.maxOutputLength(frames);
    if (this.resampled.length < needed) this.resampled = new Float32Array(needed);
    const count = this.resampler.processInto(mono, this.resampled);
    this.append(this.resampled.subarray(0, count));
  }

  /** Posts what has been gathered, even if less than a full post. */
  flush(): void {
    if (this.filled === 0) return;
    const samples = this.post.slice(0, this.filled);
    const peak = this.peak;
    this.filled = 0;
    this.peak = 0;
    this.sink(samples, Math.min(1, peak));
  }

  private append(samples: Float32Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const count = Math.min(samples.length - offset, SAMPLES_PER_POST - this.filled);
      for (let i = 0; i < count; i++) {
        const sample = samples[offset + i]!;
        this.post[this.filled + i] = sample;
        const magnitude = Math.abs(sample);
        if (magnitude > this.peak) this.peak = magnitude;
      }
      this.filled += count;
      offset += count;
      if (this.filled === SAMPLES_PER_POST) {
        const full = this.post;
        const peak = this.peak;
        this.post = new Float32Array(SAMPLES_PER_POST);
        this.filled = 0;
        this.peak = 0;
        this.sink(full, Math.min(1, peak));
      }
    }
  }
}
