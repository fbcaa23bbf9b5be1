/**
 * What one consultation holds on this computer: how much audio, transcript, notes and documents,
 * and the bytes they take. The «Eliminar consulta» dialog names what will be lost from it, and the
 * consultation screen shows its size.
 *
 * Audio bytes are the stored chunks' own lengths, read from IndexedDB (not derived from the
 * duration). Text has no size IndexedDB will report, so it is measured as the rows' UTF-8 JSON:
 * close to what the browser writes, and the same measure for every consultation.
 */
import { samplesToMs } from '../audio/format';
import type { EscribaDatabase } from './schema';
import type { Encounter } from './types';

export interface EncounterFootprint {
  /** Recorded audio still stored, in ms (0 once the retention setting deleted it). */
  audioMs: number;
  audioBytes: number;
  segments: number;
  noteVersions: number;
  signedNoteVersions: number;
  documentVersions: number;
  /** The consultation's row, transcript, notes and documents, as UTF-8 JSON. */
  textBytes: number;
}

const utf8 = new TextEncoder();

export function jsonBytes(value: unknown): number {
  return utf8.encode(JSON.stringify(value)).length;
}

/**
 * Reads inside the caller's transaction when there is one (deletion counts what it deletes), so
 * it must only touch the tables that transaction names.
 */
export async function readFootprint(database: EscribaDatabase, encounter: Encounter): Promise<EncounterFootprint> {
  const id = encounter.id;
  let audioBytes = 0;
  let audioSamples = 0;
  await database.audioChunks.where('encounterId').equals(id).each((chunk) => {
    audioBytes += chunk.pcm.byteLength;
    audioSamples += chunk.sampleCount;
  });
  const segments = await database.segments.where('encounterId').equals(id).toArray();
  const notes = await database.notes.where('encounterId').equals(id).toArray();
  const textBytes = jsonBytes(encounter) + segments.reduce((n, s) => n + jsonBytes(s), 0) + notes.reduce((n, v) => n + jsonBytes(v), 0);
  return {
    audioMs: samplesToMs(audioSamples),
    audioBytes,
    segments: segments.length,
    noteVersions: notes.length,
    signedNoteVersions: notes.filter((v) => v.signedAt !== undefined).length,
    documentVersions: 0,
    textBytes,
  };
}

/** The consultation's footprint in one read transaction; undefined if it does not exist. */
export function encounterFootprint(database: EscribaDatabase, id: string): Promise<EncounterFootprint | undefined> {
  const { encounters, audioChunks, segments, notes } = database;
  return database.transaction('r', [encounters, audioChunks, segments, notes], async () => {
    const encounter = await encounters.get(id);
    return encounter && readFootprint(database, encounter);
  });
}
