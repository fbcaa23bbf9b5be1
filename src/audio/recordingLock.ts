/**
 * The Web Lock a recording tab holds while its consultation is recording or paused. The browser
 * releases it when the tab dies, so start-up recovery in another tab can tell a live recording
 * (lock held) from one whose tab crashed or was closed (no lock).
 */
import { UnsupportedBrowserError } from '../shared/errors';

// Start-up recovery (storage) reads the same lock names; one definition serves both.
export { recordingLockName } from '../storage/recovery';

/** Releases a held lock; calling it again does nothing. */
export type ReleaseLock = () => void;

export interface RecordingLocks {
  /** The lock if no one holds it, `null` if someone (this tab or another) does. */
  tryAcquire(name: string): Promise<ReleaseLock | null>;
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
};
