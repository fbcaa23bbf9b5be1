/** The storage API the app uses: repositories over the single database connection. */
import { AudioRepository } from './audio';
import { db } from './db';
import { EncounterRepository } from './encounters';
import { heldLockNames, recoverInterruptedRecordings } from './recovery';

export const encounters = new EncounterRepository(db);
export const audio = new AudioRepository(db);
export { db };
export { durationMs } from './encounters';
export { recordingLockName } from './recovery';
export { readStorageStatus, requestPersistentStorage, type StorageStatus } from './persistence';
export type * from './types';

export async function recoverInterrupted(): Promise<string[]> {
  return recoverInterruptedRecordings(db, await heldLockNames());
}
