import { describe, expect, it } from 'vitest';
import { isCaptureCommand, isCaptureEvent, isCaptureProcessorOptions } from './capture.protocol';
import { CapturePipeline, SAMPLES_PER_POST } from './capturePipeline';
import { resampleTo16k } from './resampler';

const QUANTUM_FRAMES = 128;

function feed(pipeline: CapturePipeline, channels: Float32Array[]): void {
  const frames = channels[0]!.length;
  for (let start = 0; start < frames; start += QUANTUM_FRAMES) {
    pipeline.push(channels.map((c) => c.subarray(start, start + QUANTUM_FRAMES)));
  }
}

describe('CapturePipeline', () => {
  it('posts 100 ms of 16 kHz audio at a time, with its peak', () => {
    const posts: { samples: Float32Array; peak: number }[] = [];
    const pipeline = new CapturePipeline(48_000, (samples, peak) => posts.push({ samples, peak }));
    const input = new Float32Array(48_000);
    for (let i = 0; i < input.length; i++) input[i] = 0.25 * Math.sin((2 * Math.PI * 440 * i) / 48_000);
    feed(pipeline, [input]);
    expect(posts.length).toBe(9); // the tenth needs the kernel's look-ahead
    for (const post of posts) expect(post.samples.length).toBe(SAMPLES_PER_POST);
    expect(posts[5]!.peak).toBeCloseTo(0.25, 2);
    pipeline.flush();
    expect(posts.length).toBe(10);
    expect(posts[9]!.samples.length).toBeGreaterThan(0);
    expect(posts[9]!.samples.length).toBeLessThan(SAMPLES_PER_POST);
  });

  it('averages the channels to mono before resampling', () => {
    const posts: Float32Array[] = [];
    const pipeline = new CapturePipeline(44_100, (samples) => posts.push(samples));
    const left = new Float32Array(44_100);
    const right = new Float32Array(44_100);
    for (let i = 0; i < left.length; i++) {
      left[i] = Math.sin((2 * Math.PI * 300 * i) / 44_100);
      right[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 44_100);
    }
    feed(pipeline, [left, right]);
    pipeline.flush();
    const mono = left.map((l, i) => (l + right[i]!) / 2);
    const expected = resampleTo16k(mono, 44_100);
    const got = new Float32Array(posts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const post of posts) {
      got.set(post, at);
      at += post.length;
    }
    expect(got.length).toBeGreaterThan(expected.length - 200);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
  });

  it('ignores quanta with no channels (input not connected yet)', () => {
    const posts: Float32Array[] = [];
    const pipeline = new CapturePipeline(16_000, (samples) => posts.push(samples));
    pipeline.push([]);
    pipeline.flush();
    expect(posts).toEqual([]);
  });
});

describe('capture protocol guards', () => {
  it('accepts the protocol shapes and rejects anything else', () => {
    expect(isCaptureEvent({ type: 'audio', samples: new Float32Array(1), peak: 0 })).toBe(true);
    expect(isCaptureEvent({ type: 'flushed', id: 3 })).toBe(true);
    expect(isCaptureEvent({ type: 'audio', samples: [0], peak: 0 })).toBe(false);
    expect(isCaptureEvent('audio')).toBe(false);
    expect(isCaptureCommand({ type: 'flush', id: 1 })).toBe(true);
    expect(isCaptureCommand({ type: 'flush' })).toBe(false);
    expect(isCaptureProcessorOptions({ inputSampleRateHz: 48_000 })).toBe(true);
    expect(isCaptureProcessorOptions({ inputSampleRateHz: 0 })).toBe(false);
    expect(isCaptureProcessorOptions(undefined)).toBe(false);
  });
});
