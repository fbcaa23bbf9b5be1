import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLocks } from './recorder.testkit';
import { LOCK_CHECK_INTERVAL_MS, recordingLockName, watchLockRelease } from './recordingLock';

const NAME = recordingLockName('e1');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watchLockRelease', () => {
  it('reports the release of a lock another tab held, without ever taking it', async () => {
    const locks = new MemoryLocks();
    const release = await locks.tryAcquire(NAME);
    const events = { onHeld: vi.fn(), onReleased: vi.fn() };
    watchLockRelease(locks, NAME, events);
    await vi.advanceTimersByTimeAsync(3 * LOCK_CHECK_INTERVAL_MS);
    expect(events.onHeld).toHaveBeenCalledTimes(4);
    expect(events.onReleased).not.toHaveBeenCalled();

    release?.();
    await vi.advanceTimersByTimeAsync(LOCK_CHECK_INTERVAL_MS);
    expect(events.onReleased).toHaveBeenCalledTimes(1);
    // It only looked: the lock is free for whoever records next.
    expect(await locks.tryAcquire(NAME)).not.toBeNull();
    await vi.advanceTimersByTimeAsync(5 * LOCK_CHECK_INTERVAL_MS);
    expect(events.onReleased).toHaveBeenCalledTimes(1);
  });

  it('reports a lock nobody holds at once', async () => {
    const events = { onReleased: vi.fn() };
    watchLockRelease(new MemoryLocks(), NAME, events);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.onReleased).toHaveBeenCalledTimes(1);
  });

  it('treats a failed check as still held, and stops when cancelled', async () => {
    const locks = new MemoryLocks();
    const isHeld = vi.spyOn(locks, 'isHeld').mockRejectedValueOnce(new Error('no locks API'));
    const events = { onReleased: vi.fn() };
    const cancel = watchLockRelease(locks, NAME, events);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.onReleased).not.toHaveBeenCalled();
    cancel();
    await vi.advanceTimersByTimeAsync(5 * LOCK_CHECK_INTERVAL_MS);
    expect(events.onReleased).not.toHaveBeenCalled();
    expect(isHeld).toHaveBeenCalledTimes(1);
  });
});
