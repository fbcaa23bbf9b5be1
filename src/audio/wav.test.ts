import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../storage/types';
import { WAV_HEADER_BYTES, wavBlobFromChunks } from './wav';

function chunk(seq: number, samples: number[]): AudioChunk {
  const pcm = Int16Array.from(samples);
  return { encounterId: 'e', seq, startSample: 0, sampleCount: pcm.length, pcm: pcm.buffer };
}

async function* iterate(chunks: AudioChunk[]): AsyncGenerator<AudioChunk> {
  yield* chunks;
}

function text(view: DataView, offset: number, length: number): string {
  return String.fromCharCode(...new Uint8Array(view.buffer, offset, length));
}

describe('wavBlobFromChunks', () => {
  it('writes a 16 kHz mono 16-bit PCM header and the samples in order', async () => {
    const blob = await wavBlobFromChunks(iterate([chunk(0, [1, -2, 3]), chunk(1, [32767, -32768])]));
    expect(blob.type).toBe('audio/wav');
    expect(blob.size).toBe(WAV_HEADER_BYTES + 5 * 2);
    const view = new DataView(await blob.arrayBuffer());
    expect(text(view, 0, 4)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(36 + 10);
    expect(text(view, 8, 4)).toBe('WAVE');
    expect(text(view, 12, 4)).toBe('fmt ');
    expect(view.getUint32(16, true)).toBe(16);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(16_000);
    expect(view.getUint32(28, true)).toBe(32_000); // bytes per second
    expect(view.getUint16(32, true)).toBe(2); // block align
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(view, 36, 4)).toBe('data');
    expect(view.getUint32(40, true)).toBe(10);
    const samples = Array.from({ length: 5 }, (_, i) => view.getInt16(WAV_HEADER_BYTES + i * 2, true));
    expect(samples).toEqual([1, -2, 3, 32767, -32768]);
  });

  it('makes a valid empty file when there is no audio', async () => {
    const blob = await wavBlobFromChunks(iterate([]));
    const view = new DataView(await blob.arrayBuffer());
    expect(blob.size).toBe(WAV_HEADER_BYTES);
    expect(view.getUint32(4, true)).toBe(36);
    expect(view.getUint32(40, true)).toBe(0);
  });
});
