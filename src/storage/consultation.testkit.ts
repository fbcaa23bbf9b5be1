/**
 * A consultation with something in every table, written through the repositories as the app writes
 * it: audio, a transcript, a signed note version and a later one, two versions of a patient sheet,
 * and audit entries whose details quote the patient. For the deletion and retention tests.
 */
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { builtInTemplate } from '../notes/templates';
import { AudioRepository } from './audio';
import { DocumentRepository } from './documents';
import { EncounterRepository } from './encounters';
import { NoteRepository } from './notes';
import type { EscribaDatabase } from './schema';
import { TranscriptRepository } from './transcript';
import type { Encounter } from './types';

export const SAMPLES_PER_CHUNK = 16_000;
const SOAP = builtInTemplate('soap')!;

export interface SeededConsultation {
  encounter: Encounter;
  chunks: number;
  segments: number;
}

function noteFor(drug: string): ClinicalNote {
  const base = emptyNote(SOAP);
  return {
    ...base,
    sections: { ...base.sections, plan: { text: `${drug} 600 mg cada 8 horas.`, evidence: [] } },
    medications: [{ name: drug, dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: [] }],
  };
}

/** A finished, fully transcribed consultation of `patient`; `drug` appears in its note and transcript. */
export async function seedConsultation(
  database: EscribaDatabase,
  patient: string,
  drug: string,
  options: { chunks?: number; transcribed?: boolean; signed?: boolean } = {},
): Promise<SeededConsultation> {
  const { chunks = 3, transcribed = true, signed = true } = options;
  const encounters = new EncounterRepository(database);
  const audio = new AudioRepository(database);
  const transcript = new TranscriptRepository(database);
  const notes = new NoteRepository(database);
  const created = await encounters.createImport(`${patient}.wav`, { patientLabel: patient, reason: `Control de ${drug}` });
  for (let i = 0; i < chunks; i++) await audio.append(created.id, new Int16Array(SAMPLES_PER_CHUNK).fill(1000 + i));
  await encounters.finishImport(created.id);
  const end = chunks * SAMPLES_PER_CHUNK;
  const half = Math.floor(end / 2);
  const first = await transcript.commit(created.id, { startSample: 0, endSample: half, text: `${patient} toma ${drug}.` });
  await transcript.commit(created.id, { startSample: half, endSample: transcribed ? end : end - 1, text: `Le indico ${drug} de 600.` });
  if (first) await transcript.correct(first.id, `${patient} toma ${drug} de 600.`);
  const v1 = await notes.addModelDraft(created.id, noteFor(drug), {
    modelId: 'fixture',
    template: SOAP,
    grounding: [{ path: 'medications.0', label: `Medicamento: ${drug}`, level: 'revisar', reason: `«${drug}» no se menciona.` }],
  });
  if (signed) {
    await notes.sign(created.id, v1.id, [{ path: 'medications.0', label: `Medicamento: ${drug}`, level: 'revisar', reason: 'revisado' }]);
    await notes.addCorrection(created.id, noteFor(drug), { basedOn: v1.version });
  }
  const documents = new DocumentRepository(database);
  const sheet = { medications: [{ name: drug, dose: '600 mg', howToTake: 'cada 8 horas', duration: null }], stopTaking: [], whenToReturn: null, alarmSigns: [], care: [] };
  await documents.add(created.id, 'instrucciones', sheet, { author: 'template', noteVersion: 1, fromSignedNote: signed });
  await documents.add(created.id, 'instrucciones', sheet, { author: 'clinician', noteVersion: 1, fromSignedNote: signed, basedOn: 1 });
  const encounter = (await encounters.get(created.id))!;
  return { encounter, chunks, segments: 2 };
}

/** Every row of every table, by table name: a snapshot to compare before and after. */
export async function everyRow(database: EscribaDatabase): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of database.tables) rows[table.name] = await table.toArray();
  return rows;
}

/** The rows of `table` that belong to consultation `id` (by `encounterId`, or `id` for the consultation itself). */
export function rowsOf(rows: Record<string, unknown[]>, table: string, id: string): unknown[] {
  return (rows[table] ?? []).filter((row) => {
    const r = row as { id?: unknown; encounterId?: unknown };
    return r.encounterId === id || (table === 'encounters' && r.id === id);
  });
}
