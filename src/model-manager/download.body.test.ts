import { afterEach, describe, expect, it, vi } from 'vitest';
import { READ_BUFFER_BYTES, StallTimer, bodyReader } from './download.body';

function byteStream(chunks: number[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const size = chunks[i++];
      if (size === undefined) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      controller.enqueue(new Uint8Array(size).fill(i));
    },
  });
}

describe('bodyReader', () => {
  it('reads a byte stream into one reused buffer', async () => {
    const reader = bodyReader(byteStream([10, 20, 30]));
    const sizes: number[] = [];
    for (let value = await reader.read(); value; value = await reader.read()) {
      sizes.push(value.byteLength);
      // A view into the reader's own buffer (each read transfers it back), not a fresh chunk.
      expect(value.buffer.byteLength).toBe(READ_BUFFER_BYTES);
    }
    expect(sizes).toEqual([10, 20, 30]);
  });

  it('falls back to a default reader for a stream that is not a byte stream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.close();
      },
    });
    const reader = bodyReader(stream);
    expect(await reader.read()).toEqual(new Uint8Array([1, 2, 3]));
    expect(await reader.read()).toBeUndefined();
  });
});

describe('StallTimer', () => {
  // A fake clock: with real timers a loaded machine can sleep past the threshold between restarts.
  afterEach(() => void vi.useRealTimers());

  it('aborts with the given error when nothing arrives in time, not while bytes keep coming', () => {
    vi.useFakeTimers();
    const timer = new StallTimer(40, (ms) => new Error(`silent ${ms} ms`));
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(39);
      timer.restart();
    }
    expect(timer.signal.aborted).toBe(false);
    vi.advanceTimersByTime(39);
    expect(timer.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(timer.signal.aborted).toBe(true);
    expect(timer.signal.reason).toEqual(new Error('silent 40 ms'));
  });

  it('never aborts once stopped', () => {
    vi.useFakeTimers();
    const timer = new StallTimer(40, () => new Error('silent'));
    timer.stop();
    vi.advanceTimersByTime(1_000);
    expect(timer.signal.aborted).toBe(false);
  });
});
