/**
 * Start-up recovery. A consultation whose status still says "recording" or "paused" but whose
 * recording lock nobody holds belonged to a tab that closed, reloaded or crashed: its stored audio
 * is intact, so it becomes `interrupted` and the doctor chooses to continue or finish it.
 */
import { appendAudit } from './audit';
import type { EscribaDatabase } from './schema';

/**
 * Held by the tab importing an audio file, for the import's length: an `importing` consultation
 * whose lock nobody holds lost its tab midway and is deleted at start-up.
 */
export const IMPORT_LOCK_PREFIX = 'escriba-import:';

export function importLockName(encounterId: string): string {
  return IMPORT_LOCK_PREFIX + encounterId;
}

/** Imports whose tab died: their consultations hold part of a file and are removed. */
export async function findAbandonedImports(database: EscribaDatabase, heldLocks: Set<string>): Promise<string[]> {
  const importing = await database.encounters.where('status').equals('importing').toArray();
  return importing.filter((e) => !heldLocks.has(importLockName(e.id))).map((e) => e.id);
}

export const RECORDING_LOCK_PREFIX = 'escriba-recording:';

export function recordingLockName(encounterId: string): string {
  return RECORDING_LOCK_PREFIX + encounterId;
}

/** Names of Web Locks currently held by any tab of this origin. */
export async function heldLockNames(locks: LockManager | undefined = globalThis.navigator?.locks): Promise<Set<string>> {
  if (!locks) return new Set();
  const snapshot = await locks.query();
  return new Set((snapshot.held ?? []).map((l) => l.name ?? ''));
}

/** Consultations whose status says a tab is recording them, though no tab holds their lock. */
export async function findOrphanedRecordings(database: EscribaDatabase, heldLocks: Set<string>): Promise<string[]> {
  const open = await database.encounters.where('status').anyOf('recording', 'paused').toArray();
  return open.filter((e) => !heldLocks.has(recordingLockName(e.id))).map((e) => e.id);
}

/**
 * Marks the orphaned consultations as interrupted and returns their ids. Finding them only reads,
 * so a caller whose write fails (a full disk) can still show them as interrupted.
 */
export async function recoverInterruptedRecordings(
  database: EscribaDatabase,
  heldLocks: Set<string>,
): Promise<string[]> {
  return database.transaction('rw', database.encounters, database.auditLog, async () => {
    const orphaned = await findOrphanedRecordings(database, heldLocks);
    for (const id of orphaned) {
      const encounter = await database.encounters.get(id);
      await database.encounters.update(id, { status: 'interrupted', updatedAt: Date.now() });
      await appendAudit(database, 'recording.interrupted', id, `${encounter?.storedSamples ?? 0} muestras guardadas`);
    }
    return orphaned;
  });
}
