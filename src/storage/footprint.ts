/**
 * What one consultation holds on this computer: how much audio, transcript, notes and documents,
 * and the bytes they take. The «Eliminar consulta» dialog names what will be lost from it, and the
 * consultation screen shows its size.
 *
 * Audio bytes are the stored chunks' own lengths, read from IndexedDB (not derived from the
 * duration). Text has no size IndexedDB will report, so it is measured as the rows' UTF-8 JSON:
 * close to what the browser writes, and the same measure for every consultation.
 *
 * Audio and text are read apart so a live view of each re-reads only its own tables: a transcript
 * segment stored every few seconds must not re-read an hour of audio.
 */
import { samplesToMs } from '../audio/format';
import type { EscribaDatabase } from './schema';
import type { Encounter } from './types';

export interface StoredAudioSize {
  /** Recorded audio still stored, in ms (0 once the retention setting deleted it). */
  audioMs: number;
  audioBytes: number;
}

export interface StoredTextSize {
  segments: number;
  noteVersions: number;
  signedNoteVersions: number;
  documentVersions: number;
  /** The consultation's row, transcript, notes and documents, as UTF-8 JSON. */
  textBytes: number;
}

export type EncounterFootprint = StoredAudioSize & StoredTextSize;

const utf8 = new TextEncoder();

export function jsonBytes(value: unknown): number {
  return utf8.encode(JSON.stringify(value)).length;
}

export async function storedAudioSize(database: EscribaDatabase, id: string): Promise<StoredAudioSize> {
  let audioBytes = 0;
  let samples = 0;
  await database.audioChunks.where('encounterId').equals(id).each((chunk) => {
    audioBytes += chunk.pcm.byteLength;
    samples += chunk.sampleCount;
  });
  return { audioMs: samplesToMs(samples), audioBytes };
}

export async function storedTextSize(database: EscribaDatabase, encounter: Encounter): Promise<StoredTextSize> {
  const segments = await database.segments.where('encounterId').equals(encounter.id).toArray();
  const notes = await database.notes.where('encounterId').equals(encounter.id).toArray();
  const documents = await database.documents.where('encounterId').equals(encounter.id).toArray();
  const rows: unknown[] = [encounter, ...segments, ...notes, ...documents];
  return {
    segments: segments.length,
    noteVersions: notes.length,
    signedNoteVersions: notes.filter((v) => v.signedAt !== undefined).length,
    documentVersions: documents.length,
    textBytes: rows.reduce<number>((n, row) => n + jsonBytes(row), 0),
  };
}

/**
 * Reads inside the caller's transaction when there is one (deletion counts what it deletes), so
 * that transaction must name every table read here.
 */
export async function readFootprint(database: EscribaDatabase, encounter: Encounter): Promise<EncounterFootprint> {
  return { ...(await storedAudioSize(database, encounter.id)), ...(await storedTextSize(database, encounter)) };
}

/** The consultation's footprint in one read transaction; undefined if it does not exist. */
export function encounterFootprint(database: EscribaDatabase, id: string): Promise<EncounterFootprint | undefined> {
  const { encounters, audioChunks, segments, notes, documents } = database;
  return database.transaction('r', [encounters, audioChunks, segments, notes, documents], async () => {
    const encounter = await encounters.get(id);
    return encounter && readFootprint(database, encounter);
  });
}
