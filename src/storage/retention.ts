/**
 * The retention setting «Borrar el audio después de N días» (off unless the doctor turns it on).
 * At start-up, the audio of each consultation at least N days old (from its creation, to the
 * millisecond) is deleted; its transcript and notes stay, and the consultation records when and
 * under which setting its audio went (`Encounter.audioDeleted`).
 *
 * Audio that is the only record of what was said is never deleted: a consultation must be finished
 * (`recorded`, not interrupted or still recording) and transcribed to its last sample. Those are
 * counted as kept, and the run's audit entry says how many.
 *
 * Each consultation is its own transaction (a long run never holds one huge one, and a failure
 * leaves the others done), which re-reads the consultation so two tabs starting together never
 * delete twice. `now` is passed in, so tests can stand at any instant.
 */
import { samplesToMs } from '../audio/format';
import { appendAudit } from './audit';
import type { EscribaDatabase } from './schema';
import type { Encounter } from './types';

export const AUDIO_RETENTION_SETTING = 'retention.audioDays';
/** The last run's counts (`RetentionSummary`), for the setting to show what it did. */
export const LAST_RETENTION_RUN_SETTING = 'retention.lastRun';
export const DAY_MS = 86_400_000;
export const MIN_RETENTION_DAYS = 1;
/** Ten years: past this a number is a typo, not a policy. */
export const MAX_RETENTION_DAYS = 3650;

/** The stored setting as a whole number of days, or null when off (absent, null or invalid). */
export function retentionDays(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_RETENTION_DAYS && value <= MAX_RETENTION_DAYS
    ? value
    : null;
}

export interface RetentionRun {
  days: number;
  at: number;
  /** Consultations whose audio this run deleted. */
  deleted: { id: string; bytes: number; audioMs: number }[];
  /** Old enough, but not finished or not fully transcribed: their audio is kept. */
  kept: number;
}

/** What the setting shows of the last run: counts only. */
export interface RetentionSummary {
  at: number;
  days: number;
  deletedCount: number;
  deletedBytes: number;
  kept: number;
}

export function retentionSummary(value: unknown): RetentionSummary | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const fields = ['at', 'days', 'deletedCount', 'deletedBytes', 'kept'] as const;
  return fields.every((f) => typeof v[f] === 'number') ? (v as unknown as RetentionSummary) : null;
}

/** Whether this consultation's audio may go: finished, fully transcribed, and still stored. */
export function audioDeletable(encounter: Encounter): boolean {
  return (
    encounter.status === 'recorded' &&
    encounter.audioDeleted === undefined &&
    encounter.storedSamples > 0 &&
    (encounter.transcribedSamples ?? 0) >= encounter.storedSamples
  );
}

/** Runs the setting once; null (and nothing written) when it is off. */
export async function applyAudioRetention(database: EscribaDatabase, now: number): Promise<RetentionRun | null> {
  const days = retentionDays((await database.settings.get(AUDIO_RETENTION_SETTING))?.value);
  if (days === null) return null;
  const cutoff = now - days * DAY_MS;
  const old = await database.encounters.where('createdAt').belowOrEqual(cutoff).toArray();
  const run: RetentionRun = { days, at: now, deleted: [], kept: 0 };
  for (const candidate of old) {
    if (candidate.audioDeleted !== undefined || candidate.storedSamples === 0) continue;
    const deleted = await deleteAudio(database, candidate.id, cutoff, { at: now, afterDays: days });
    if (deleted) run.deleted.push(deleted);
    else run.kept++;
  }
  const bytes = run.deleted.reduce((n, d) => n + d.bytes, 0);
  const summary: RetentionSummary = { at: now, days, deletedCount: run.deleted.length, deletedBytes: bytes, kept: run.kept };
  await database.settings.put({ key: LAST_RETENTION_RUN_SETTING, value: summary });
  await appendAudit(
    database,
    'retention.run',
    undefined,
    `${days} días: audio borrado de ${run.deleted.length} consultas (${bytes} B); conservado en ${run.kept} sin terminar o sin transcribir del todo`,
  );
  return run;
}

async function deleteAudio(
  database: EscribaDatabase,
  id: string,
  cutoff: number,
  deletion: NonNullable<Encounter['audioDeleted']>,
): Promise<RetentionRun['deleted'][number] | null> {
  const { encounters, audioChunks, auditLog } = database;
  return database.transaction('rw', encounters, audioChunks, auditLog, async () => {
    const encounter = await encounters.get(id);
    if (!encounter || encounter.createdAt > cutoff || !audioDeletable(encounter)) return null;
    let bytes = 0;
    await audioChunks.where('encounterId').equals(id).each((chunk) => {
      bytes += chunk.pcm.byteLength;
    });
    await audioChunks.where('encounterId').equals(id).delete();
    await encounters.update(id, { audioDeleted: deletion });
    const audioMs = samplesToMs(encounter.storedSamples);
    await appendAudit(database, 'audio.deleted', id, `${bytes} B, ${Math.round(audioMs / 1000)} s; más de ${deletion.afterDays} días`);
    return { id, bytes, audioMs };
  });
}
