/**
 * An opened audio file as the import stores it: 16 kHz mono float blocks of about a second, in
 * order, whatever the file's rate, channels or format. Two kinds exist: a WAV streamed from the
 * file (wavSource.ts) and a file the browser decoded whole (openAudioFile.ts, through this
 * module's `planarSource`). The import job sees only this interface.
 */
import { AUDIO_SAMPLE_RATE_HZ, SAMPLES_PER_FLUSH } from '../format';

export interface AudioSource {
  /** 16 kHz mono samples the blocks add up to. */
  readonly totalSamples: number;
  /** The audio as blocks of 16 kHz mono samples; each is a new array the caller may keep. */
  blocks(): AsyncIterable<Float32Array>;
}

/** Samples at 16 kHz that `frames` at `sampleRateHz` become (what the resampler returns for them). */
export function samplesAt16k(frames: number, sampleRateHz: number): number {
  return Math.ceil((frames * AUDIO_SAMPLE_RATE_HZ) / sampleRateHz);
}

/** The mean of the channels over [start, end): a voice on one side is kept, at half level. */
export function downmix(channels: readonly Float32Array[], start: number, end: number): Float32Array {
  const out = new Float32Array(end - start);
  for (const channel of channels) {
    for (let i = start; i < end; i++) out[i - start]! += channel[i]!;
  }
  if (channels.length > 1) for (let i = 0; i < out.length; i++) out[i]! /= channels.length;
  return out;
}

/**
 * Decoded audio already at 16 kHz, one array per channel (an AudioBuffer's), downmixed a block at
 * a time so the mono copy never exists whole next to the channels.
 */
export function planarSource(channels: readonly Float32Array[], blockSamples = SAMPLES_PER_FLUSH): AudioSource {
  const length = channels[0]?.length ?? 0;
  return {
    totalSamples: length,
    async *blocks() {
      for (let start = 0; start < length; start += blockSamples) {
        yield downmix(channels, start, Math.min(length, start + blockSamples));
      }
    },
  };
}
