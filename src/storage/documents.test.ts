import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from './audit';
import { EncounterNotFoundError } from './deletion';
import { DocumentChangedError, DocumentRepository, InvalidDocumentError, documentContent } from './documents';
import { EncounterRepository } from './encounters';
import { EscribaDatabase } from './schema';

let database: EscribaDatabase;
let documents: DocumentRepository;
let encounterId: string;

const SHEET = { medications: [], stopTaking: [], whenToReturn: 'Volver en 72 horas.', alarmSigns: [], care: [] };
const LETTER = { recipient: 'Cardiología', reason: null, summary: null, currentMedications: [], studies: [], question: null };
const FROM_SIGNED = { noteVersion: 2, fromSignedNote: true };

beforeEach(async () => {
  database = new EscribaDatabase(`documents-test-${crypto.randomUUID()}`);
  documents = new DocumentRepository(database);
  encounterId = (await new EncounterRepository(database).create()).id;
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

describe('DocumentRepository', () => {
  it('numbers versions per kind, keeps each as written, and audits each write', async () => {
    const v1 = await documents.add(encounterId, 'instrucciones', SHEET, { author: 'template', ...FROM_SIGNED });
    const letter = await documents.add(encounterId, 'derivacion', LETTER, { author: 'model', modelId: 'llm-fixture', ...FROM_SIGNED });
    const v2 = await documents.add(encounterId, 'instrucciones', { ...SHEET, care: ['Reposo.'] }, { author: 'clinician', ...FROM_SIGNED, basedOn: 1 });
    expect([v1.version, v2.version, letter.version]).toEqual([1, 2, 1]);
    const stored = await documents.versions(encounterId, 'instrucciones');
    expect(stored.map((v) => [v.version, v.author])).toEqual([[1, 'template'], [2, 'clinician']]);
    expect(documentContent(stored[0]!)).toEqual({ kind: 'instrucciones', content: SHEET });
    expect(letter).toMatchObject({ modelId: 'llm-fixture', noteVersion: 2, fromSignedNote: true });
    expect((await auditTrail(database, encounterId)).map((e) => `${e.action} ${e.detail ?? ''}`).slice(1)).toEqual([
      'document.generated instrucciones v1 (template, nota v2)',
      'document.generated derivacion v1 (model, nota v2)',
      'document.edited instrucciones v2 (clinician, nota v2)',
    ]);
  });

  it('refuses an invalid document, a stale edit and a consultation that no longer exists, storing nothing', async () => {
    await expect(documents.add(encounterId, 'instrucciones', { ...SHEET, care: [' '] }, { author: 'clinician', ...FROM_SIGNED })).rejects.toBeInstanceOf(
      InvalidDocumentError,
    );
    await expect(documents.add(encounterId, 'derivacion', SHEET, { author: 'clinician', ...FROM_SIGNED })).rejects.toBeInstanceOf(InvalidDocumentError);
    await documents.add(encounterId, 'instrucciones', SHEET, { author: 'template', ...FROM_SIGNED });
    await expect(documents.add(encounterId, 'instrucciones', SHEET, { author: 'clinician', ...FROM_SIGNED, basedOn: 0 })).rejects.toBeInstanceOf(
      DocumentChangedError,
    );
    await expect(documents.add('gone', 'instrucciones', SHEET, { author: 'template', ...FROM_SIGNED })).rejects.toBeInstanceOf(EncounterNotFoundError);
    expect(await database.documents.count()).toBe(1);
  });
});
