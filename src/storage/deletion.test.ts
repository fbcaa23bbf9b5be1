import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditTrail } from './audit';
import { everyRow, rowsOf, SAMPLES_PER_CHUNK, seedConsultation } from './consultation.testkit';
import { deleteEncounter, ENCOUNTER_DATA_TABLES, EncounterBusyError, EncounterNotFoundError } from './deletion';
import { EncounterRepository } from './encounters';
import { encounterFootprint } from './footprint';
import { importLockName, recordingLockName } from './recovery';
import { EscribaDatabase } from './schema';

let database: EscribaDatabase;
const NO_LOCKS: ReadonlySet<string> = new Set();

beforeEach(() => {
  database = new EscribaDatabase(`deletion-test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

function quotaError(): Error {
  return Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
}

describe('deleteEncounter', () => {
  it('covers every table that holds rows by consultation (a new one must join ENCOUNTER_DATA_TABLES)', () => {
    const keyed = database.tables
      .filter((t) => !['encounters', 'auditLog'].includes(t.name))
      .filter((t) => [t.schema.primKey, ...t.schema.indexes].some((i) => [i.keyPath].flat().includes('encounterId')))
      .map((t) => t.name)
      .sort();
    expect(keyed).toEqual([...ENCOUNTER_DATA_TABLES].sort());
  });

  it('leaves no row of the consultation in any table, strips its audit details, and leaves the other one as it was', async () => {
    const doomed = await seedConsultation(database, 'María Gómez', 'Amoxicilina');
    const other = await seedConsultation(database, 'Juan Pérez', 'Ibuprofeno');
    const before = await everyRow(database);
    for (const table of ['encounters', 'audioChunks', 'segments', 'notes', 'documents', 'auditLog']) {
      expect(rowsOf(before, table, doomed.encounter.id).length, table).toBeGreaterThan(0);
    }

    const deleted = await deleteEncounter(database, doomed.encounter.id, NO_LOCKS);

    expect(deleted).toMatchObject({
      audioMs: 3000,
      audioBytes: 3 * SAMPLES_PER_CHUNK * 2,
      segments: 2,
      noteVersions: 2,
      signedNoteVersions: 1,
      documentVersions: 2,
    });
    expect(deleted.textBytes).toBeGreaterThan(0);
    const after = await everyRow(database);
    for (const table of database.tables.map((t) => t.name).filter((n) => n !== 'auditLog')) {
      expect(rowsOf(after, table, doomed.encounter.id), table).toEqual([]);
      expect(rowsOf(after, table, other.encounter.id), table).toEqual(rowsOf(before, table, other.encounter.id));
    }
    expect(after.templates).toEqual(before.templates);
    expect(after.settings).toEqual(before.settings);

    // The audit log keeps what happened and when, not what was said or written.
    const trail = await auditTrail(database, doomed.encounter.id);
    expect(trail.at(-1)).toMatchObject({ action: 'encounter.deleted', encounterId: doomed.encounter.id });
    expect(trail.at(-1)?.detail).toBe(
      `audio 3 s (96000 B), 2 segmentos, 2 versiones de nota (1 firmadas), 2 versiones de documentos, texto ${deleted.textBytes} B`,
    );
    expect(trail.slice(0, -1).map((e) => e.action)).toEqual(rowsOf(before, 'auditLog', doomed.encounter.id).map((e) => (e as { action: string }).action));
    expect(trail.slice(0, -1).every((e) => e.detail === undefined)).toBe(true);
    const auditText = JSON.stringify(await database.auditLog.toArray());
    expect(auditText).not.toMatch(/María|Gómez|Amoxicilina/);
    expect(auditText).toMatch(/Ibuprofeno/); // the other consultation's audit is untouched
  });

  it('refuses a consultation a tab is recording or importing, and changes nothing', async () => {
    const { encounter } = await seedConsultation(database, 'María Gómez', 'Amoxicilina');
    const importing = await new EncounterRepository(database).createImport('otra.wav');
    const before = await everyRow(database);
    await expect(deleteEncounter(database, encounter.id, new Set([recordingLockName(encounter.id)]))).rejects.toMatchObject({
      name: 'EncounterBusyError',
      reason: 'recording',
    });
    await expect(deleteEncounter(database, encounter.id, new Set([importLockName(encounter.id)]))).rejects.toBeInstanceOf(EncounterBusyError);
    await expect(deleteEncounter(database, importing.id, NO_LOCKS)).rejects.toMatchObject({ reason: 'importing' });
    const after = await everyRow(database);
    for (const table of ['encounters', 'audioChunks', 'segments', 'notes', 'documents']) expect(after[table]).toEqual(before[table]);
  });

  it('deletes a consultation whose recording tab died (stored as recording, no lock held)', async () => {
    const { encounter } = await seedConsultation(database, 'María Gómez', 'Amoxicilina');
    await database.encounters.update(encounter.id, { status: 'recording' });
    await deleteEncounter(database, encounter.id, new Set([recordingLockName('another-consultation')]));
    expect(await database.encounters.get(encounter.id)).toBeUndefined();
  });

  it('says when the consultation no longer exists', async () => {
    await expect(deleteEncounter(database, 'missing', NO_LOCKS)).rejects.toBeInstanceOf(EncounterNotFoundError);
  });

  it('deletes nothing when the audit entry fails for another reason than a full disk', async () => {
    const { encounter } = await seedConsultation(database, 'María Gómez', 'Amoxicilina');
    const failing = vi.spyOn(database.auditLog, 'add').mockRejectedValue(new Error('audit write failed'));
    await expect(deleteEncounter(database, encounter.id, NO_LOCKS)).rejects.toThrow('audit write failed');
    failing.mockRestore();
    expect(await database.encounters.get(encounter.id)).toBeDefined();
    expect(await database.audioChunks.where('encounterId').equals(encounter.id).count()).toBe(3);
  });

  it('on a full disk still frees the space, then writes the audit entry in its own transaction', async () => {
    const { encounter } = await seedConsultation(database, 'María Gómez', 'Amoxicilina');
    const add = database.auditLog.add.bind(database.auditLog);
    const failing = vi.spyOn(database.auditLog, 'add').mockRejectedValueOnce(quotaError()).mockImplementation(add);
    const deleted = await deleteEncounter(database, encounter.id, NO_LOCKS);
    failing.mockRestore();
    expect(deleted.noteVersions).toBe(2);
    expect(await database.encounters.get(encounter.id)).toBeUndefined();
    expect(await database.segments.where('encounterId').equals(encounter.id).count()).toBe(0);
    expect((await auditTrail(database, encounter.id)).at(-1)?.action).toBe('encounter.deleted');
  });
});

describe('encounterFootprint', () => {
  it('counts the stored audio bytes and the text, and nothing once the consultation is gone', async () => {
    const { encounter } = await seedConsultation(database, 'María Gómez', 'Amoxicilina', { chunks: 2, signed: false });
    const footprint = await encounterFootprint(database, encounter.id);
    expect(footprint).toMatchObject({ audioMs: 2000, audioBytes: 64_000, segments: 2, noteVersions: 1, signedNoteVersions: 0 });
    await deleteEncounter(database, encounter.id, NO_LOCKS);
    expect(await encounterFootprint(database, encounter.id)).toBeUndefined();
  });
});
