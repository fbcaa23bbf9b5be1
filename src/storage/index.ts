/** The storage API the app uses: repositories over the single database connection. */
import { AudioRepository } from './audio';
import { db } from './db';
import { deleteEncounter } from './deletion';
import { DocumentRepository } from './documents';
import { EncounterRepository } from './encounters';
import { encounterFootprint, storedAudioSize, storedTextSize, type EncounterFootprint, type StoredAudioSize, type StoredTextSize } from './footprint';
import { NoteRepository } from './notes';
import { SettingsRepository } from './settings';
import { TemplateRepository } from './templates';
import { applyAudioRetention, type RetentionRun } from './retention';
import { findAbandonedImports, findOrphanedRecordings, heldLockNames, recoverInterruptedRecordings } from './recovery';
import { TranscriptRepository } from './transcript';

export const encounters = new EncounterRepository(db);
export const audio = new AudioRepository(db);
export const settings = new SettingsRepository(db);
export const transcript = new TranscriptRepository(db);
export const notes = new NoteRepository(db);
export const templates = new TemplateRepository(db);
export const documents = new DocumentRepository(db);
export { db };
export { durationMs } from './encounters';
export { importLockName, recordingLockName } from './recovery';
export type { UtteranceResult } from './transcript';
export { InvalidNoteError, NoteChangedError, NoteSignedError, noteContent } from './notes';
export type { ClinicianEditInfo, ModelDraftInfo } from './notes';
export { InvalidTemplateError, TemplateNotFoundError, TemplateReadOnlyError } from './templates';
export { DocumentChangedError, InvalidDocumentError, documentContent, type DocumentWriteInfo } from './documents';
export { EncounterBusyError, EncounterNotFoundError, type BusyReason } from './deletion';
export type { EncounterFootprint, StoredAudioSize, StoredTextSize } from './footprint';
export {
  AUDIO_RETENTION_SETTING,
  LAST_RETENTION_RUN_SETTING,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  retentionDays,
  retentionSummary,
  type RetentionRun,
  type RetentionSummary,
} from './retention';
export { readStorageStatus, requestPersistentStorage, type StorageStatus } from './persistence';
export type * from './types';

export interface RecoveryResult {
  /** Consultations whose recording tab died; shown as interrupted even if marking them failed. */
  interruptedIds: string[];
  /** Why they could not be marked as interrupted in storage (a full disk), if so. */
  writeError?: unknown;
}

export async function recoverInterrupted(): Promise<RecoveryResult> {
  const held = await heldLockNames();
  try {
    for (const id of await findAbandonedImports(db, held)) await encounters.discardImport(id, 'pestaña cerrada durante la importación');
    return { interruptedIds: await recoverInterruptedRecordings(db, held) };
  } catch (writeError) {
    // Reading still works on a full disk: the app must open and show what it has.
    return { interruptedIds: await findOrphanedRecordings(db, held), writeError };
  }
}

/** «Eliminar consulta»: refused while any tab records or imports it (their locks are asked now). */
export async function deleteConsultation(id: string): Promise<EncounterFootprint> {
  return deleteEncounter(db, id, await heldLockNames());
}

/** What one consultation holds and its size; undefined if it does not exist. */
export function consultationFootprint(id: string): Promise<EncounterFootprint | undefined> {
  return encounterFootprint(db, id);
}

/** The bytes of a consultation's stored audio (for a live view: reads only its audio chunks). */
export function consultationAudioSize(id: string): Promise<StoredAudioSize> {
  return storedAudioSize(db, id);
}

/** Its transcript, notes and documents: counts and bytes (for a live view: never reads audio). */
export async function consultationTextSize(id: string): Promise<StoredTextSize | undefined> {
  const encounter = await db.encounters.get(id);
  return encounter && storedTextSize(db, encounter);
}

/** The retention setting, once, at start-up; `now` is the clock (tests move it). */
export function runAudioRetention(now = Date.now()): Promise<RetentionRun | null> {
  return applyAudioRetention(db, now);
}
