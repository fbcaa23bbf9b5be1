/**
 * The one versioned schema of Escriba's IndexedDB database.
 *
 * Each entry of `SCHEMA_VERSIONS` is a Dexie version: its table/index spec and, from version 2 on,
 * the `upgrade` that moves data from the previous version (it must return its promise). Never edit
 * a released version; add a new one and a test for it in `schema.test.ts`.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type {
  AudioChunk,
  AuditEntry,
  DocumentVersion,
  Encounter,
  NoteTemplate,
  NoteVersion,
  Setting,
  TranscriptSegment,
} from './types';

export const DATABASE_NAME = 'escriba';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      encounters: 'id, createdAt, status',
      audioChunks: '[encounterId+seq], encounterId',
      segments: 'id, encounterId, [encounterId+startMs]',
      notes: 'id, encounterId, [encounterId+version]',
      templates: 'id',
      settings: 'key',
      auditLog: '++id, at, encounterId',
    },
  },
  {
    // Documents written from a note. A new, empty table: nothing to move, so no upgrade().
    version: 2,
    stores: {
      documents: 'id, encounterId, [encounterId+kind+version]',
    },
  },
];

export class EscribaDatabase extends Dexie {
  encounters!: Table<Encounter, string>;
  audioChunks!: Table<AudioChunk, [string, number]>;
  segments!: Table<TranscriptSegment, string>;
  notes!: Table<NoteVersion, string>;
  templates!: Table<NoteTemplate, string>;
  settings!: Table<Setting, string>;
  auditLog!: Table<AuditEntry, number>;
  documents!: Table<DocumentVersion, string>;

  /** `upTo` exists for migration tests, which open the database at an older version first. */
  constructor(name = DATABASE_NAME, upTo = SCHEMA_VERSIONS.length) {
    super(name);
    for (const v of SCHEMA_VERSIONS.slice(0, upTo)) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}
