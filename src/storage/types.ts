/** Row shapes of Escriba's IndexedDB tables. The database schema itself lives in `schema.ts`. */
import type { DocumentKind } from '../notes/documents/documentSchema';

export type { DocumentKind };

/**
 * `interrupted` is set at start-up for a consultation that was recording or paused when its tab
 * died (no live recording lock): its audio is intact and the doctor may continue or finish it.
 * `importing` is a consultation whose audio file is still being decoded and stored: it becomes
 * `recorded` when the whole file is in, and is deleted if the import fails, is cancelled or its
 * tab dies, so no half-imported consultation is ever left behind.
 */
export type EncounterStatus = 'new' | 'recording' | 'paused' | 'interrupted' | 'recorded' | 'importing';

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
  /**
   * Samples already through speech recognition (transcribed, or judged silent): the transcription
   * queue resumes from here after a reload. Advanced in the same transaction as the segment it
   * produced, so a segment is never lost nor stored twice. Absent on consultations never transcribed.
   */
  transcribedSamples?: number;
  /** Name of the audio file an imported consultation came from. */
  importedFrom?: string;
  /**
   * Set when the retention setting («Borrar el audio después de N días») deleted this
   * consultation's audio: its chunks are gone, the transcript and notes stay. `storedSamples`
   * keeps the recorded length, so the duration still reads right; nothing plays or transcribes again.
   */
  audioDeleted?: AudioDeletion;
}

export interface AudioDeletion {
  at: number;
  /** The retention setting in force then: audio older than this many days. */
  afterDays: number;
}

/** One flush of the recorder: 16 kHz mono, signed 16-bit little-endian PCM. */
export interface AudioChunk {
  encounterId: string;
  seq: number;
  startSample: number;
  sampleCount: number;
  pcm: ArrayBuffer;
}

/** One transcribed utterance. `text` is what the doctor sees (and may correct). */
export interface TranscriptSegment {
  id: string;
  encounterId: string;
  startMs: number;
  endMs: number;
  /** The utterance's exact audio range (16 kHz samples), for playback and transcribing again. */
  startSample: number;
  endSample: number;
  text: string;
  /** What speech recognition wrote, kept once the doctor corrects `text`. */
  originalText?: string;
  editedAt?: number;
  /** Speech model and device that wrote the current model text. */
  modelId?: string;
  device?: string;
  transcribedAt: number;
  speaker?: string;
  confidence?: number;
  /**
   * Who said it (speech/roles): assigned when the segment is stored, from its words and the turns
   * before it. Absent on segments stored before roles existed: the repository gives them one when
   * they are read, computed the same way.
   */
  role?: SpeakerRole;
  /** `médico`: the doctor chose the role, and it is never recomputed; `auto`: Escriba's guess. */
  roleSource?: RoleSource;
}

/** The speaker of a transcript segment, as shown and as given to the note prompt. */
export type SpeakerRole = 'médico' | 'paciente' | 'acompañante' | 'sin asignar';
export type RoleSource = 'auto' | 'médico';

/**
 * One version of a consultation's note; versions are only ever added (notes.ts). `content` is the
 * validated note JSON (notes/noteSchema.ts `ClinicalNote`).
 */
export interface NoteVersion {
  id: string;
  encounterId: string;
  version: number;
  author: 'model' | 'clinician';
  content: unknown;
  modelId?: string;
  createdAt: number;
  signedAt?: number;
  /**
   * The template the note was written with, as it was then: section titles stay right after the
   * doctor edits or deletes the template. Absent only on rows written before it existed.
   */
  template?: NoteTemplateSnapshot;
  /** Model versions: the grounding check's findings when the draft was written. */
  grounding?: NoteFinding[];
  /** Model versions that rewrote a single section of the previous version: that section's id. */
  regeneratedSection?: string;
  /** Clinician versions written after a signed version: the number of the version they correct. */
  corrects?: number;
  /**
   * Set with `signedAt`: the «Revisar» flags open when the doctor signed, each confirmed by them
   * («Revisado»); empty when none was open. Absent on versions signed before confirmations were
   * asked for: those flags were never confirmed one by one.
   */
  reviewConfirmations?: NoteFinding[];
}

export type NoteTemplateSnapshot = Pick<NoteTemplate, 'id' | 'name' | 'sections'>;

/**
 * One version of a document written from a note («Indicaciones para el paciente», «Carta de
 * derivación»); versions are only ever added (documents.ts). `content` is validated for its kind
 * (notes/documents/documentSchema.ts).
 */
export interface DocumentVersion {
  id: string;
  encounterId: string;
  kind: DocumentKind;
  version: number;
  /** The note model, the template built from the note's fields with no model, or the doctor's edit. */
  author: 'model' | 'template' | 'clinician';
  content: unknown;
  modelId?: string;
  /** The note version it was written from (an edit keeps that of the version edited). */
  noteVersion: number;
  /** That note version was signed when the document was written: if not, the sheet says «Borrador». */
  fromSignedNote: boolean;
  createdAt: number;
}

/** notes/grounding.ts `GroundingFinding`, as stored. */
export interface NoteFinding {
  path: string;
  label: string;
  level: 'ok' | 'revisar';
  reason: string;
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
  | 'recording.failed'
  | 'import.started'
  | 'import.finished'
  | 'import.discarded'
  | 'transcript.edited'
  | 'transcript.retranscribed'
  | 'transcript.role.corrected'
  | 'note.generated'
  | 'note.edited'
  | 'note.corrected'
  | 'note.review.confirmed'
  | 'note.signed'
  | 'note.exported'
  /** «Eliminar consulta»: ids and counts only, never the patient's text. */
  | 'encounter.deleted'
  /** The retention setting deleted one consultation's audio. */
  | 'audio.deleted'
  /** One start-up run of the retention setting, with its counts (no consultation id). */
  | 'retention.run'
  | 'document.generated'
  | 'document.edited'
  /** A document's print view was sent to the printer, with how many «Revisar» flags the doctor confirmed. */
  | 'document.printed';

/**
 * Append-only: rows are added, never deleted. One change is made to old rows: deleting a
 * consultation (deletion.ts) strips the `detail` of its entries, which can quote the patient's data
 * (an imported file's name, a flagged drug); the action, time and consultation id stay.
 */
export interface AuditEntry {
  id?: number;
  at: number;
  action: AuditAction;
  encounterId?: string;
  detail?: string;
}
