import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from './audit';
import { everyRow, rowsOf, seedConsultation } from './consultation.testkit';
import { AUDIO_RETENTION_SETTING, DAY_MS, LAST_RETENTION_RUN_SETTING, applyAudioRetention, retentionDays, retentionSummary } from './retention';
import { EscribaDatabase } from './schema';
import { SettingsRepository } from './settings';

let database: EscribaDatabase;
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

beforeEach(() => {
  database = new EscribaDatabase(`retention-test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

async function consultationAged(ageMs: number, options: Parameters<typeof seedConsultation>[3] = {}) {
  const seeded = await seedConsultation(database, 'María Gómez', 'Amoxicilina', options);
  await database.encounters.update(seeded.encounter.id, { createdAt: NOW - ageMs });
  return seeded.encounter.id;
}

function retentionAudit() {
  return database.auditLog.filter((e) => e.action === 'retention.run').toArray();
}

describe('applyAudioRetention', () => {
  it('is off by default: deletes and writes nothing', async () => {
    const id = await consultationAged(400 * DAY_MS);
    const before = await everyRow(database);
    expect(await applyAudioRetention(database, NOW)).toBeNull();
    expect(await everyRow(database)).toEqual(before);
    expect((await database.audioChunks.where('encounterId').equals(id).count())).toBe(3);
  });

  it('deletes the audio of a consultation exactly N days old, keeps one a millisecond younger, and keeps transcript and notes', async () => {
    await new SettingsRepository(database).set(AUDIO_RETENTION_SETTING, 30);
    const due = await consultationAged(30 * DAY_MS);
    const young = await consultationAged(30 * DAY_MS - 1);
    const before = await everyRow(database);

    const run = await applyAudioRetention(database, NOW);

    expect(run).toEqual({ days: 30, at: NOW, deleted: [{ id: due, bytes: 96_000, audioMs: 3000 }], kept: 0 });
    const after = await everyRow(database);
    expect(rowsOf(after, 'audioChunks', due)).toEqual([]);
    for (const table of ['segments', 'notes']) expect(rowsOf(after, table, due), table).toEqual(rowsOf(before, table, due));
    for (const table of ['encounters', 'audioChunks', 'segments', 'notes']) {
      expect(rowsOf(after, table, young), table).toEqual(rowsOf(before, table, young));
    }
    expect(await database.encounters.get(due)).toMatchObject({
      ...(rowsOf(before, 'encounters', due)[0] as object),
      audioDeleted: { at: NOW, afterDays: 30 },
    });
    expect((await auditTrail(database, due)).at(-1)).toMatchObject({ action: 'audio.deleted', detail: '96000 B, 3 s; más de 30 días' });
    expect(retentionSummary((await database.settings.get(LAST_RETENTION_RUN_SETTING))?.value)).toEqual({
      at: NOW, days: 30, deletedCount: 1, deletedBytes: 96_000, kept: 0,
    });
    expect(await retentionAudit()).toMatchObject([
      { encounterId: undefined, detail: '30 días: audio borrado de 1 consultas (96000 B); conservado en 0 sin terminar o sin transcribir del todo' },
    ]);
  });

  it('keeps audio that is the only record: not fully transcribed, or not finished', async () => {
    await new SettingsRepository(database).set(AUDIO_RETENTION_SETTING, 7);
    const untranscribed = await consultationAged(10 * DAY_MS, { transcribed: false });
    const interrupted = await consultationAged(10 * DAY_MS);
    await database.encounters.update(interrupted, { status: 'interrupted' });

    const run = await applyAudioRetention(database, NOW);

    expect(run).toMatchObject({ deleted: [], kept: 2 });
    expect(await database.audioChunks.where('encounterId').anyOf(untranscribed, interrupted).count()).toBe(6);
    expect((await retentionAudit())[0]?.detail).toMatch(/audio borrado de 0 consultas \(0 B\); conservado en 2 /);
  });

  it('runs again without deleting twice, one audit entry per run', async () => {
    await new SettingsRepository(database).set(AUDIO_RETENTION_SETTING, 1);
    await consultationAged(2 * DAY_MS);
    expect((await applyAudioRetention(database, NOW))?.deleted).toHaveLength(1);
    expect(await applyAudioRetention(database, NOW + DAY_MS)).toMatchObject({ deleted: [], kept: 0 });
    expect(await database.auditLog.filter((e) => e.action === 'audio.deleted').count()).toBe(1);
    expect(await retentionAudit()).toHaveLength(2);
  });
});

describe('retentionDays', () => {
  it('reads whole days from 1 to 3650; anything else is off', () => {
    expect([1, 30, 3650].map(retentionDays)).toEqual([1, 30, 3650]);
    expect([undefined, null, 0, -3, 2.5, 3651, '30', Number.NaN].map(retentionDays)).toEqual(Array(8).fill(null));
  });
});
