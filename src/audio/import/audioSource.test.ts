import { describe, expect, it } from 'vitest';
import { resampleTo16k } from '../resampler';
import { downmix, planarSource, samplesAt16k, type AudioSource } from './audioSource';
import { framesToMono, readWavLayout } from './wav';
import { int16Bytes, makeWav } from './wav.testkit';
import { blobReader, wavSource } from './wavSource';

async function collect(source: AudioSource): Promise<{ blocks: number[]; samples: Float32Array }> {
  const parts: Float32Array[] = [];
  for await (const block of source.blocks()) parts.push(block);
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) (samples.set(part, at), (at += part.length));
  return { blocks: parts.map((p) => p.length), samples };
}

/** A 440 Hz tone on the left and 1 kHz on the right, as 16-bit stereo PCM. */
function stereoTone(frames: number, sampleRateHz: number): Uint8Array {
  const samples: number[] = [];
  for (let i = 0; i < frames; i++) {
    samples.push(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRateHz)));
    samples.push(Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / sampleRateHz)));
  }
  return int16Bytes(samples);
}

async function openWav(bytes: Uint8Array<ArrayBuffer>): Promise<{ source: AudioSource; mono: Float32Array; sampleRateHz: number }> {
  const blob = new Blob([bytes]);
  const reading = await readWavLayout(blobReader(blob), blob.size);
  if (reading.kind !== 'pcm') throw new Error(`not PCM: ${reading.kind}`);
  const { layout } = reading;
  const mono = framesToMono(bytes.subarray(layout.dataOffset, layout.dataOffset + layout.dataBytes), layout);
  return { source: wavSource(blob, layout), mono, sampleRateHz: layout.sampleRateHz };
}

describe('wavSource', () => {
  it('streams a 44.1 kHz stereo WAV to exactly what one resampling pass of its downmix gives', async () => {
    const frames = Math.round(44_100 * 2.5);
    const { source, mono, sampleRateHz } = await openWav(makeWav({ channels: 2, sampleRateHz: 44_100, data: stereoTone(frames, 44_100) }));
    const { blocks, samples } = await collect(source);
    const expected = resampleTo16k(mono, sampleRateHz);
    expect(samples.length).toBe(source.totalSamples);
    expect(source.totalSamples).toBe(samplesAt16k(frames, 44_100));
    expect(samples).toEqual(expected);
    // Read a second at a time: no block holds more than about a second of output.
    expect(Math.max(...blocks)).toBeLessThanOrEqual(16_000 + 200);
  });

  it('passes 16 kHz mono through untouched, a second per block', async () => {
    const data = int16Bytes(Array.from({ length: 40_000 }, (_, i) => (i % 200) - 100));
    const { source, mono } = await openWav(makeWav({ data }));
    const { blocks, samples } = await collect(source);
    expect(blocks).toEqual([16_000, 16_000, 8_000]);
    expect(samples).toEqual(mono);
  });

  it('has nothing to give for a WAV with no data', async () => {
    const { source } = await openWav(makeWav());
    expect(source.totalSamples).toBe(0);
    expect((await collect(source)).samples.length).toBe(0);
  });
});

describe('planarSource', () => {
  it('downmixes decoded channels a block at a time', async () => {
    const left = Float32Array.from({ length: 40_000 }, (_, i) => (i % 2 ? 0.5 : -0.5));
    const right = new Float32Array(40_000).fill(0.25);
    const source = planarSource([left, right]);
    const { blocks, samples } = await collect(source);
    expect(source.totalSamples).toBe(40_000);
    expect(blocks).toEqual([16_000, 16_000, 8_000]);
    expect(samples).toEqual(downmix([left, right], 0, 40_000));
    expect([samples[0], samples[1]]).toEqual([-0.125, 0.375]);
  });

  it('keeps a single channel as it is', () => {
    const only = Float32Array.from([0.1, -0.2, 0.3]);
    expect(downmix([only], 1, 3)).toEqual(Float32Array.from([-0.2, 0.3]));
  });
});
