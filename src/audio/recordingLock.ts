/**
 * The Web Lock a recording tab holds while its consultation is recording or paused. The browser
 * releases it when the tab dies, so start-up recovery in another tab can tell a live recording
 * (lock held) from one whose tab crashed or was closed (no lock).
 */
import { UnsupportedBrowserError } from '../shared/errors';
import { heldLockNames } from '../storage/recovery';

// Start-up recovery (storage) reads the same lock names; one definition serves both.
export { recordingLockName } from '../storage/recovery';

/** How often a tab showing "recording in another tab" checks that the other tab still holds the lock. */
export const LOCK_CHECK_INTERVAL_MS = 1_000;

/** Releases a held lock; calling it again does nothing. */
export type ReleaseLock = () => void;

export interface RecordingLocks {
  /** The lock if no one holds it, `null` if someone (this tab or another) does. */
  tryAcquire(name: string): Promise<ReleaseLock | null>;
  /** Whether any tab holds the lock now; asking never takes it. */
  isHeld(name: string): Promise<boolean>;
}

function lockManager(): LockManager {
  if (typeof navigator === 'undefined' || !navigator.locks) {
    throw new UnsupportedBrowserError('El navegador no ofrece Web Locks');
  }
  return navigator.locks;
}

export const webRecordingLocks: RecordingLocks = {
  tryAcquire(name) {
    const locks = lockManager();
    return new Promise<ReleaseLock | null>((resolve, reject) => {
      let release: ReleaseLock = () => undefined;
      const released = new Promise<void>((done) => (release = done));
      locks
        .request(name, { ifAvailable: true }, async (lock) => {
          if (!lock) {
            resolve(null);
            return;
          }
          resolve(release);
          // The lock is held for as long as this callback's promise is pending.
          await released;
        })
        .catch(reject);
    });
  },
  async isHeld(name) {
    return (await heldLockNames(lockManager())).has(name);
  },
};

/**
 * Calls `onReleased` once nobody holds lock `name` (at once if nobody does now), and `onHeld`
 * after each check that finds it held; returns the cancel.
 *
 * It polls `isHeld` rather than queueing a request for the lock: a queued request would take the
 * lock the moment it is freed, and the recording tab's own `tryAcquire` (on "Reanudar" after a
 * restart of its recorder) would then find it taken and refuse to record.
 */
export function watchLockRelease(
  locks: Pick<RecordingLocks, 'isHeld'>,
  name: string,
  events: { onHeld?: () => void; onReleased: () => void },
  intervalMs = LOCK_CHECK_INTERVAL_MS,
): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    let held = true;
    try {
      held = await locks.isHeld(name);
    } catch {
      // Unknown is not released: keep showing the other tab's recording and ask again.
    }
    if (cancelled) return;
    if (!held) return events.onReleased();
    events.onHeld?.();
    timer = setTimeout(check, intervalMs);
  };
  void check();
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
