import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { EscribaDatabase, SCHEMA_VERSIONS } from './schema';

const names: string[] = [];
function freshName(): string {
  const name = `schema-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  await Promise.all(names.splice(0).map((n) => Dexie.delete(n)));
});

describe('schema versions', () => {
  it('are numbered 1..n in order, and each has a case in this file', () => {
    SCHEMA_VERSIONS.forEach((v, i) => expect(v.version).toBe(i + 1));
    // Fails on purpose when a version is added: add its migration test below, then raise this.
    expect(SCHEMA_VERSIONS.length, 'a new schema version needs its own migration test here').toBe(2);
  });

  it('version 1 creates every table the design names, with the indexes the app queries', async () => {
    const database = new EscribaDatabase(freshName(), 1);
    await database.open();
    const tables = Object.fromEntries(database.tables.map((t) => [t.name, t.schema]));
    expect(Object.keys(tables).sort()).toEqual(
      ['audioChunks', 'auditLog', 'encounters', 'notes', 'segments', 'settings', 'templates'],
    );
    expect(tables.audioChunks?.primKey.keyPath).toEqual(['encounterId', 'seq']);
    expect(tables.encounters?.indexes.map((i) => i.name).sort()).toEqual(['createdAt', 'status']);
    expect(tables.auditLog?.primKey.auto).toBe(true);
    database.close();
  });

  it('version 2 adds the documents table and keeps every row a version 1 database held', async () => {
    const name = freshName();
    const v1 = new EscribaDatabase(name, 1);
    await v1.encounters.add({
      id: 'e1', createdAt: 1, updatedAt: 1, patientLabel: 'P', reason: 'R', status: 'recorded', storedSamples: 16_000, nextChunkSeq: 1,
    });
    await v1.audioChunks.add({ encounterId: 'e1', seq: 0, startSample: 0, sampleCount: 16_000, pcm: new ArrayBuffer(32_000) });
    await v1.notes.add({ id: 'n1', encounterId: 'e1', version: 1, author: 'clinician', content: {}, createdAt: 1, signedAt: 2 });
    await v1.auditLog.add({ at: 1, action: 'encounter.created', encounterId: 'e1' });
    const before = Object.fromEntries(await Promise.all(v1.tables.map(async (t) => [t.name, await t.toArray()] as const)));
    v1.close();

    const v2 = new EscribaDatabase(name, 2);
    await v2.open();
    expect(v2.verno).toBe(2);
    for (const [table, rows] of Object.entries(before)) expect(await v2.table(table).toArray(), table).toEqual(rows);
    const documents = v2.tables.find((t) => t.name === 'documents')!;
    expect(documents.schema.primKey.keyPath).toBe('id');
    expect(documents.schema.indexes.map((i) => i.name).sort()).toEqual(['[encounterId+kind+version]', 'encounterId']);
    expect(await v2.documents.count()).toBe(0);
    v2.close();
  });

  it('opens a database written by the latest version with the same code again (no accidental bump)', async () => {
    const name = freshName();
    const first = new EscribaDatabase(name);
    await first.encounters.add({
      id: 'e1', createdAt: 1, updatedAt: 1, patientLabel: 'P', reason: '', status: 'new', storedSamples: 0, nextChunkSeq: 0,
    });
    first.close();
    const again = new EscribaDatabase(name);
    expect(await again.encounters.get('e1')).toMatchObject({ patientLabel: 'P' });
    expect(again.verno).toBe(SCHEMA_VERSIONS.length);
    again.close();
  });
});
