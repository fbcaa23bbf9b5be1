/** Row shapes of Escriba's IndexedDB tables. The database schema itself lives in `schema.ts`. */

/**
 * `interrupted` is set at start-up for a consultation that was recording or paused when its tab
 * died (no live recording lock): its audio is intact and the doctor may continue or finish it.
 */
export type EncounterStatus = 'new' | 'recording' | 'paused' | 'interrupted' | 'recorded';

export interface Encounter {
  id: string;
  createdAt: number;
  updatedAt: number;
  patientLabel: string;
  reason: string;
  status: EncounterStatus;
  templateId?: string;
  /** Samples of 16 kHz mono audio already committed to `audioChunks`. */
  storedSamples: number;
  /** Sequence number the next audio chunk will take. */
  nextChunkSeq: number;
}

/** One flush of the recorder: 16 kHz mono, signed 16-bit little-endian PCM. */
export interface AudioChunk {
  encounterId: string;
  seq: number;
  startSample: number;
  sampleCount: number;
  pcm: ArrayBuffer;
}

/** Filled in by the speech-to-text issue; the table exists so the schema need not change then. */
export interface TranscriptSegment {
  id: string;
  encounterId: string;
  startMs: number;
  endMs: number;
  text: string;
  originalText?: string;
  speaker?: string;
  confidence?: number;
}

/** Filled in by the note issue. `content` is the validated note JSON. */
export interface NoteVersion {
  id: string;
  encounterId: string;
  version: number;
  author: 'model' | 'clinician';
  content: unknown;
  modelId?: string;
  createdAt: number;
  signedAt?: number;
}

export interface NoteTemplate {
  id: string;
  name: string;
  sections: { id: string; title: string; guidance: string }[];
  builtIn: boolean;
}

export interface Setting {
  key: string;
  value: unknown;
}

export type AuditAction =
  | 'encounter.created'
  | 'encounter.updated'
  | 'recording.started'
  | 'recording.paused'
  | 'recording.resumed'
  | 'recording.stopped'
  | 'recording.interrupted'
  | 'recording.failed';

/** Append-only: rows are added, never changed or deleted. */
export interface AuditEntry {
  id?: number;
  at: number;
  action: AuditAction;
  encounterId?: string;
  detail?: string;
}
