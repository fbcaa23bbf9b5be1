import { describe, expect, it } from 'vitest';
import { StorageFullError } from '../shared/errors';
import { ChunkWriter } from './chunkWriter';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ChunkWriter', () => {
  it('writes one chunk at a time, in order', async () => {
    const written: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const writer = new ChunkWriter(
      async (chunk) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        written.push(chunk[0]!);
        inFlight--;
      },
      () => undefined,
    );
    for (let i = 0; i < 20; i++) writer.enqueue(Int16Array.of(i));
    await writer.drained();
    expect(written).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxInFlight).toBe(1);
  });

  it('picks up a chunk enqueued while the last write is finishing', async () => {
    // The gap between the drain loop's last look at the queue and the writer going idle is a few
    // microtask ticks wide; enqueue at each of them so that whichever one it is, the test lands in it.
    for (let ticks = 0; ticks <= 5; ticks++) {
      const written: number[] = [];
      const gate = deferred();
      const writer = new ChunkWriter(async (chunk) => {
        if (chunk[0] === 0) await gate.promise;
        written.push(chunk[0]!);
      }, () => undefined);
      writer.enqueue(Int16Array.of(0));
      gate.resolve();
      for (let tick = 0; tick < ticks; tick++) await Promise.resolve();
      writer.enqueue(Int16Array.of(1));
      await writer.drained();
      expect(written, `enqueued after ${ticks} microtask ticks`).toEqual([0, 1]);
    }
  });

  it('on failure keeps the failed chunk and later ones, then stores them on retry', async () => {
    const stored: number[] = [];
    const failures: unknown[] = [];
    let full = true;
    const writer = new ChunkWriter(
      async (chunk) => {
        if (full && chunk[0] === 1) throw new StorageFullError('lleno');
        stored.push(chunk[0]!);
      },
      (error) => failures.push(error),
    );
    for (let i = 0; i < 4; i++) writer.enqueue(Int16Array.of(i, i));
    await writer.drained();
    expect(stored).toEqual([0]);
    expect(writer.blocked).toBe(true);
    expect(writer.pendingSamples).toBe(6);
    expect(failures).toHaveLength(1);
    expect(writer.lastError).toBeInstanceOf(StorageFullError);
    writer.enqueue(Int16Array.of(4));
    await writer.drained();
    expect(stored).toEqual([0]);

    expect(await writer.retry()).toBe(false);
    expect(failures).toHaveLength(2);
    full = false;
    expect(await writer.retry()).toBe(true);
    expect(stored).toEqual([0, 1, 2, 3, 4]);
    expect(writer.pendingSamples).toBe(0);
  });
});
