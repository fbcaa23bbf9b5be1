import { describe, expect, it } from 'vitest';
import { ChunkAccumulator } from './chunkAccumulator';
import { SAMPLES_PER_FLUSH } from './format';

describe('ChunkAccumulator', () => {
  it('hands over one chunk per SAMPLES_PER_FLUSH samples, whatever the block sizes', () => {
    const chunks: Int16Array[] = [];
    const accumulator = new ChunkAccumulator((chunk) => chunks.push(chunk));
    let pushed = 0;
    for (const size of [1600, 333, 1, 7000, 16_000, 5066, 2600]) {
      accumulator.push(new Float32Array(size).fill(0.5));
      pushed += size;
    }
    expect(chunks.map((c) => c.length)).toEqual([SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH]);
    expect(accumulator.bufferedSamples).toBe(pushed - 2 * SAMPLES_PER_FLUSH);
    expect(chunks[0]![0]).toBe(Math.round(0.5 * 0x7fff));
  });

  it('keeps sample order across chunk boundaries and flushes the remainder', () => {
    const chunks: Int16Array[] = [];
    const accumulator = new ChunkAccumulator((chunk) => chunks.push(chunk), 4);
    accumulator.push(Float32Array.from([0.1, 0.2, 0.3]));
    accumulator.push(Float32Array.from([0.4, 0.5, 0.6]));
    accumulator.flush();
    accumulator.flush();
    const scale = (x: number) => Math.round(x * 0x7fff);
    expect(chunks.map((c) => Array.from(c))).toEqual([
      [0.1, 0.2, 0.3, 0.4].map(scale),
      [0.5, 0.6].map(scale),
    ]);
    expect(accumulator.bufferedSamples).toBe(0);
  });

  it('never reuses a buffer it handed over', () => {
    const chunks: Int16Array[] = [];
    const accumulator = new ChunkAccumulator((chunk) => chunks.push(chunk), 2);
    accumulator.push(Float32Array.from([0.5, 0.5, -0.5, -0.5, 0.25]));
    accumulator.flush();
    accumulator.push(Float32Array.from([1]));
    expect(chunks[0]![0]).toBeGreaterThan(0);
    expect(chunks[1]![0]).toBeLessThan(0);
    expect(chunks[2]!.length).toBe(1);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(3);
  });
});
