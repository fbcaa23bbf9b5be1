/**
 * Gathers 16 kHz float samples into int16 chunks of SAMPLES_PER_FLUSH (one second) for storage.
 * The chunk buffer is allocated once per chunk and handed over whole when full, not copied: the
 * storage write reads it asynchronously, so it must not be reused while a write may be pending.
 */
import { SAMPLES_PER_FLUSH, floatToInt16 } from './format';

export type ChunkSink = (chunk: Int16Array) => void;

export class ChunkAccumulator {
  private buffer: Int16Array<ArrayBuffer>;
  private filled = 0;

  constructor(
    private readonly onChunk: ChunkSink,
    private readonly chunkSamples = SAMPLES_PER_FLUSH,
  ) {
    this.buffer = new Int16Array(chunkSamples);
  }

  /** Samples held that have not yet been handed over as a chunk. */
  get bufferedSamples(): number {
    return this.filled;
  }

  push(samples: Float32Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const count = Math.min(samples.length - offset, this.chunkSamples - this.filled);
      floatToInt16(samples.subarray(offset, offset + count), this.buffer.subarray(this.filled, this.filled + count));
      this.filled += count;
      offset += count;
      if (this.filled === this.chunkSamples) {
        const full = this.buffer;
        this.buffer = new Int16Array(this.chunkSamples);
        this.filled = 0;
        this.onChunk(full);
      }
    }
  }

  /** Hands over a partial chunk (pause, stop, page hidden); the buffer is then reused. */
  flush(): void {
    if (this.filled === 0) return;
    const partial = this.buffer.slice(0, this.filled);
    this.filled = 0;
    this.onChunk(partial);
  }
}
