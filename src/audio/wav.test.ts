import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AudioChunk } from '../storage/types';
import { WAV_HEADER_BYTES, wavBlobFromChunks } from './wav';

afterEach(() => {
  vi.unstubAllGlobals();
});

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

  it('moves the samples into Blobs a batch at a time, never holding the whole recording in JS', async () => {
    /** How many raw sample buffers each Blob was given, in order of construction. */
    const buffersPerBlob: number[] = [];
    vi.stubGlobal(
      'Blob',
      class CountingBlob extends Blob {
        constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
          super(parts, options);
          buffersPerBlob.push(parts?.filter((part) => part instanceof ArrayBuffer).length ?? 0);
        }
      },
    );
    const chunkCount = 100;
    const blobsBuiltBeforeChunk: number[] = [];
    async function* source(): AsyncGenerator<AudioChunk> {
      for (let seq = 0; seq < chunkCount; seq++) {
        blobsBuiltBeforeChunk.push(buffersPerBlob.length);
        yield chunk(seq, [seq + 1, -(seq + 1)]);
      }
    }
    const batchBytes = 10 * 2 * 2; // ten chunks of two int16 samples
    const blob = await wavBlobFromChunks(source(), batchBytes);

    expect(Math.max(...buffersPerBlob)).toBe(10);
    // Batches become Blobs while reading goes on, not all at the end.
    expect(blobsBuiltBeforeChunk[chunkCount - 1]).toBeGreaterThanOrEqual(9);
    const view = new DataView(await blob.arrayBuffer());
    expect(view.getUint32(40, true)).toBe(chunkCount * 4);
    const samples = Array.from({ length: chunkCount * 2 }, (_, i) => view.getInt16(WAV_HEADER_BYTES + i * 2, true));
    expect(samples).toEqual(Array.from({ length: chunkCount }, (_, seq) => [seq + 1, -(seq + 1)]).flat());
  });
});
