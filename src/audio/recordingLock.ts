/**
 * The Web Lock a recording tab holds while its consultation is recording or paused. The browser
 * releases it when the tab dies, so start-up recovery in another tab can tell a live recording
 * (lock held) from one whose tab crashed or was closed (no lock).
 */
import { UnsupportedBrowserError } from '../shared/errors';

export function recordingLockName(encounterId: string): string {
  return `escriba-recording:${encounterId}`;
}

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

/** True while some tab of this origin holds the consultation's recording lock. */
export async function isRecordingLive(encounterId: string, locks: LockManager = lockManager()): Promise<boolean> {
  const snapshot = await locks.query();
  const name = recordingLockName(encounterId);
  return (snapshot.held ?? []).some((lock) => lock.name === name);
}
