/**
 * «Eliminar consulta»: one transaction removes every row of the consultation from every table that
 * holds one (ENCOUNTER_DATA_TABLES, then the consultation itself), strips the details of its audit
 * entries (they can quote the patient's data) and appends `encounter.deleted` with ids and counts
 * only. Either all of it is stored or none of it.
 *
 * A consultation that a tab is recording (its recording lock is held) or importing is refused: the
 * recorder or the import would go on writing audio into a consultation that no longer exists. One
 * whose recording tab died (no lock) can be deleted like any other; start-up recovery only marks
 * consultations that still exist.
 *
 * On a full disk the doctor deletes to free space, and a refused audit write must not keep the
 * space taken: the deletes then commit on their own and the audit follows in a second transaction,
 * best effort (as `discardImport` does).
 */
import { EscribaError, isQuotaError } from '../shared/errors';
import { appendAudit } from './audit';
import { readFootprint, type EncounterFootprint } from './footprint';
import { importLockName, recordingLockName } from './recovery';
import type { EscribaDatabase } from './schema';

/**
 * Every table besides `encounters` and `auditLog` whose rows belong to one consultation by an
 * `encounterId` index. A table added to the schema with that index must be listed here: the
 * deletion test fails until it is.
 */
export const ENCOUNTER_DATA_TABLES = ['audioChunks', 'segments', 'notes', 'documents'] as const;

export type BusyReason = 'recording' | 'importing' | 'transcribing';

/** The consultation is being recorded, imported or transcribed: deleting it now is refused. */
export class EncounterBusyError extends EscribaError {
  override name = 'EncounterBusyError';
  readonly reason: BusyReason;
  constructor(reason: BusyReason) {
    super(`Consulta ocupada (${reason})`);
    this.reason = reason;
  }
}

/** The consultation does not exist (deleted in another tab, or never stored). */
export class EncounterNotFoundError extends EscribaError {
  override name = 'EncounterNotFoundError';
}

/**
 * Deletes consultation `id` and all it holds; returns what was deleted. `heldLocks` are the Web
 * Lock names held now by any tab (recovery.ts `heldLockNames`).
 */
export async function deleteEncounter(
  database: EscribaDatabase,
  id: string,
  heldLocks: ReadonlySet<string>,
): Promise<EncounterFootprint> {
  try {
    return await deleteRows(database, id, heldLocks, true);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    const deleted = await deleteRows(database, id, heldLocks, false);
    await database
      .transaction('rw', database.auditLog, () => recordDeletion(database, id, deleted))
      .catch(() => undefined);
    return deleted;
  }
}

function deleteRows(database: EscribaDatabase, id: string, heldLocks: ReadonlySet<string>, withAudit: boolean): Promise<EncounterFootprint> {
  const data = ENCOUNTER_DATA_TABLES.map((name) => database.table(name));
  return database.transaction('rw', [database.encounters, database.auditLog, ...data], async () => {
    const encounter = await database.encounters.get(id);
    if (!encounter) throw new EncounterNotFoundError(`Consulta inexistente: ${id}`);
    if (encounter.status === 'importing' || heldLocks.has(importLockName(id))) throw new EncounterBusyError('importing');
    if (heldLocks.has(recordingLockName(id))) throw new EncounterBusyError('recording');
    const footprint = await readFootprint(database, encounter);
    for (const table of data) await table.where('encounterId').equals(id).delete();
    await database.encounters.delete(id);
    if (withAudit) await recordDeletion(database, id, footprint);
    return footprint;
  });
}

async function recordDeletion(database: EscribaDatabase, id: string, deleted: EncounterFootprint): Promise<void> {
  await database.auditLog.where('encounterId').equals(id).modify((entry) => {
    delete entry.detail;
  });
  await appendAudit(database, 'encounter.deleted', id, deletionDetail(deleted));
}

/** Counts only: nothing here can name or describe the patient. */
export function deletionDetail(deleted: EncounterFootprint): string {
  return [
    `audio ${Math.round(deleted.audioMs / 1000)} s (${deleted.audioBytes} B)`,
    `${deleted.segments} segmentos`,
    `${deleted.noteVersions} versiones de nota (${deleted.signedNoteVersions} firmadas)`,
    `${deleted.documentVersions} versiones de documentos`,
    `texto ${deleted.textBytes} B`,
  ].join(', ');
}
