import { describe, expect, it } from 'vitest';
import type { Utterance } from '../audio/segmenterUtterance';
import { MAX_PACKED_SAMPLES, canPack, pack } from './utterancePacking';

function utterance(start: number, length: number, value: number, speechRatio = 1): Utterance {
  return { startSample: start, endSample: start + length, samples: new Float32Array(length).fill(value), rms: Math.abs(value), speechRatio, end: 'pause' };
}

describe('utterance packing', () => {
  it('packs two utterances and the gap between them into one window, in order', () => {
    const a = utterance(100, 4, 0.5);
    const b = utterance(110, 2, -0.5, 0.5);
    const packed = pack(a, new Float32Array(6).fill(0.1), b);
    expect(packed).toMatchObject({ startSample: 100, endSample: 112 });
    expect(Array.from(packed.samples)).toEqual([0.5, 0.5, 0.5, 0.5, ...Array(6).fill(0.1), -0.5, -0.5].map(Math.fround));
    expect(packed.rms).toBeCloseTo(Math.sqrt((6 * 0.25 + 6 * 0.01) / 12), 6);
    expect(packed.speechRatio).toBeCloseTo((4 + 1) / 12, 6);
  });

  it('never packs past one Whisper window, nor out of order', () => {
    const a = utterance(0, 16_000, 0.2);
    expect(canPack(a, utterance(MAX_PACKED_SAMPLES - 16_000, 16_000, 0.2))).toBe(true);
    expect(canPack(a, utterance(MAX_PACKED_SAMPLES - 15_999, 16_000, 0.2))).toBe(false);
    expect(canPack(utterance(50_000, 10, 0.2), a)).toBe(false);
  });

  it('refuses a gap that does not fill the space between', () => {
    expect(() => pack(utterance(0, 4, 0.1), new Float32Array(3), utterance(10, 2, 0.1))).toThrow(RangeError);
  });
});
