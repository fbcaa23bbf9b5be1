import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { builtInTemplate } from '../notes/templates';
import { StorageFullError } from '../shared/errors';
import { auditTrail } from './audit';
import { EncounterNotFoundError } from './deletion';
import { InvalidNoteError, NoteChangedError, NoteRepository, NoteSignedError, noteContent } from './notes';
import { EscribaDatabase } from './schema';

const SOAP = builtInTemplate('soap')!;
const FINDING = { path: 'medications.0', label: 'Medicamento: Ibuprofeno', level: 'ok' as const, reason: 'Respaldado por seg-1.' };

let database: EscribaDatabase;
let notes: NoteRepository;

beforeEach(async () => {
  database = new EscribaDatabase(`notes-test-${crypto.randomUUID()}`);
  notes = new NoteRepository(database);
  // Notes belong to a stored consultation: writes for one that does not exist are refused.
  for (const id of ['e1', 'other']) {
    await database.encounters.add({ id, createdAt: 1, updatedAt: 1, patientLabel: '', reason: '', status: 'recorded', storedSamples: 0, nextChunkSeq: 0 });
  }
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

function note(plan: string): ClinicalNote {
  const base = emptyNote(SOAP);
  return {
    ...base,
    sections: { ...base.sections, plan: { text: plan, evidence: ['seg-1'] } },
    medications: [
      { name: 'Ibuprofeno', dose: '600 mg', route: 'oral', frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: ['seg-1'] },
    ],
  };
}

const draftInfo = { modelId: 'qwen', template: SOAP, grounding: [FINDING] };

describe('NoteRepository', () => {
  it('numbers versions 1, 2… per consultation: the model draft, then the doctor’s edit, keeping the draft as it was', async () => {
    const v1 = await notes.addModelDraft('e1', note('Ibuprofeno.'), draftInfo);
    await notes.addModelDraft('other', note('Otra consulta.'), draftInfo);
    const v2 = await notes.saveClinicianEdit('e1', note('Ibuprofeno 600 cada 8 h.'), { basedOn: 1 });

    const versions = await notes.versions('e1');
    expect(versions.map((v) => [v.version, v.author])).toEqual([
      [1, 'model'],
      [2, 'clinician'],
    ]);
    expect(versions[0]).toMatchObject({ id: v1.id, modelId: 'qwen', template: { id: 'soap' }, grounding: [FINDING] });
    expect(noteContent(versions[0]!).sections.plan?.text).toBe('Ibuprofeno.');
    // The edit inherits the template snapshot of what was edited.
    expect(v2).toMatchObject({ template: { id: 'soap', name: 'SOAP' } });
    expect((await notes.latest('e1'))?.id).toBe(v2.id);
    expect((await auditTrail(database, 'e1')).map((a) => [a.action, a.detail])).toEqual([
      ['note.generated', 'v1'],
      ['note.edited', 'v2'],
    ]);
  });

  it('refuses content that is not a note, storing nothing', async () => {
    const broken = { ...note('x'), medications: [{ name: '  ', action: 'inicia', evidence: [] }] };
    const error = await notes.addModelDraft('e1', broken, draftInfo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidNoteError);
    expect((error as InvalidNoteError).problems.join(' ')).toMatch(/medicamentos 1/);
    expect(await notes.versions('e1')).toEqual([]);
    expect(await auditTrail(database, 'e1')).toEqual([]);
  });

  it('refuses an edit based on a version that is no longer the latest (another tab saved meanwhile)', async () => {
    await notes.addModelDraft('e1', note('a'), draftInfo);
    await notes.saveClinicianEdit('e1', note('b'), { basedOn: 1 });
    await expect(notes.saveClinicianEdit('e1', note('c'), { basedOn: 1 })).rejects.toBeInstanceOf(NoteChangedError);
    await expect(notes.addModelDraft('e1', note('d'), { ...draftInfo, regeneratedSection: 'plan', basedOn: 1 })).rejects.toBeInstanceOf(
      NoteChangedError,
    );
    expect(await notes.versions('e1')).toHaveLength(2);
  });

  it('records a regenerated section as a model version saying which section', async () => {
    await notes.saveClinicianEdit('e1', note('escrita a mano'), { template: SOAP });
    const v2 = await notes.addModelDraft('e1', note('nuevo plan'), { ...draftInfo, regeneratedSection: 'plan', basedOn: 1 });
    expect(v2).toMatchObject({ version: 2, author: 'model', regeneratedSection: 'plan' });
    expect((await auditTrail(database, 'e1')).at(-1)).toMatchObject({ action: 'note.generated', detail: 'v2 sección plan' });
  });

  it('signing locks the note: edits and drafts are refused, the signed version never changes', async () => {
    await notes.addModelDraft('e1', note('a'), draftInfo);
    const v2 = await notes.saveClinicianEdit('e1', note('b'));
    const signed = await notes.sign('e1', v2.id);
    expect(signed.signedAt).toEqual(expect.any(Number));
    // Signing again changes nothing (a double click, a second tab).
    expect((await notes.sign('e1', v2.id)).signedAt).toBe(signed.signedAt);

    await expect(notes.saveClinicianEdit('e1', note('c'))).rejects.toBeInstanceOf(NoteSignedError);
    await expect(notes.addModelDraft('e1', note('d'), draftInfo)).rejects.toBeInstanceOf(NoteSignedError);
    const stored = await notes.versions('e1');
    expect(stored).toHaveLength(2);
    expect(stored[1]).toEqual(signed);
    expect((await auditTrail(database, 'e1')).filter((a) => a.action === 'note.signed')).toHaveLength(1);
  });

  it('records the «Revisar» flags the doctor confirmed when signing, on the version and one audit entry each', async () => {
    const v1 = await notes.addModelDraft('e1', note('a'), draftInfo);
    const flags = [
      { path: 'medications.1', label: 'Medicamento: Amoxicilina', level: 'revisar' as const, reason: '«amoxicilina» no se menciona en 0:03.' },
      { path: 'pertinentNegatives.0', label: 'Negativo: Sin fiebre', level: 'revisar' as const, reason: 'En 0:01 no se niega.' },
    ];
    const signed = await notes.sign('e1', v1.id, flags);
    expect(signed.reviewConfirmations).toEqual(flags);
    expect((await notes.versions('e1'))[0]?.reviewConfirmations).toEqual(flags);
    const trail = await auditTrail(database, 'e1');
    expect(trail.map((a) => [a.action, a.detail])).toEqual([
      ['note.generated', 'v1'],
      ['note.review.confirmed', 'v1 medications.1 «Medicamento: Amoxicilina»: «amoxicilina» no se menciona en 0:03.'],
      ['note.review.confirmed', 'v1 pertinentNegatives.0 «Negativo: Sin fiebre»: En 0:01 no se niega.'],
      ['note.signed', 'v1'],
    ]);
    // Nothing open: recorded as such, which a version signed before confirmations existed is not.
    const v2 = await notes.addCorrection('e1', note('b'));
    expect((await notes.sign('e1', v2.id)).reviewConfirmations).toEqual([]);
  });

  it('a correction after signing is a new version that names the signed one; it can be signed in turn', async () => {
    const v1 = await notes.addModelDraft('e1', note('a'), draftInfo);
    await expect(notes.addCorrection('e1', note('x'))).rejects.toBeInstanceOf(NoteChangedError);
    await notes.sign('e1', v1.id);
    const v2 = await notes.addCorrection('e1', note('corregida'), { basedOn: 1 });
    expect(v2).toMatchObject({ version: 2, author: 'clinician', corrects: 1, template: { id: 'soap' } });
    expect(v2.signedAt).toBeUndefined();
    const v3 = await notes.saveClinicianEdit('e1', note('corregida otra vez'));
    await notes.sign('e1', v3.id);
    expect((await notes.versions('e1')).map((v) => v.signedAt !== undefined)).toEqual([true, false, true]);
    expect((await auditTrail(database, 'e1')).map((a) => a.action)).toEqual([
      'note.generated',
      'note.signed',
      'note.corrected',
      'note.edited',
      'note.signed',
    ]);
  });

  it('signs only the latest version, since the doctor signs what the screen shows', async () => {
    const v1 = await notes.addModelDraft('e1', note('a'), draftInfo);
    await notes.saveClinicianEdit('e1', note('b'));
    await expect(notes.sign('e1', v1.id)).rejects.toBeInstanceOf(NoteChangedError);
    await expect(notes.sign('other', v1.id)).rejects.toBeInstanceOf(NoteChangedError);
    expect((await notes.versions('e1')).every((v) => v.signedAt === undefined)).toBe(true);
  });

  it('turns a full disk into StorageFullError and stores no version without its audit entry', async () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const failing = vi.spyOn(database.auditLog, 'add').mockRejectedValue(quota);
    await expect(notes.addModelDraft('e1', note('a'), draftInfo)).rejects.toBeInstanceOf(StorageFullError);
    failing.mockRestore();
    expect(await notes.versions('e1')).toEqual([]);
  });

  it('refuses a version or a signature for a consultation that no longer exists (deleted meanwhile)', async () => {
    const v1 = await notes.addModelDraft('e1', note('a'), draftInfo);
    await database.encounters.delete('e1');
    await expect(notes.addModelDraft('e1', note('b'), draftInfo)).rejects.toBeInstanceOf(EncounterNotFoundError);
    await expect(notes.sign('e1', v1.id)).rejects.toBeInstanceOf(EncounterNotFoundError);
    await expect(notes.addModelDraft('never-stored', note('a'), draftInfo)).rejects.toBeInstanceOf(EncounterNotFoundError);
    expect(await notes.versions('e1')).toHaveLength(1);
  });
});
