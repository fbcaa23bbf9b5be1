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
  it('are numbered 1..n in order, and every version after the first explains its change with an upgrade', () => {
    SCHEMA_VERSIONS.forEach((v, i) => expect(v.version).toBe(i + 1));
    // A new version with only index changes needs no upgrade; one that reshapes rows does.
    // Either way it must come with its own case below.
    expect(SCHEMA_VERSIONS.length).toBe(1);
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
