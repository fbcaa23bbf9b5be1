/**
 * Transcript segments as the model sees them: numbered "s1"…"sn" in time order. Short refs cost
 * the context window a few tokens each where the app's ids (UUIDs) would cost dozens, and a
 * small model copies "s7" reliably. The note is generated and grounded with refs, then its
 * evidence is mapped to the app's segment ids before it is stored (`mapNoteEvidence`), so a
 * stored note keeps pointing at the right segments even if the transcript later grows.
 */
import type { SpeakerRole, TranscriptSegment } from '../storage/types';
import type { ClinicalNote } from './noteSchema';

/** One segment in a prompt. */
export interface PromptSegment {
  /** "s1", "s2"… */
  ref: string;
  /** The app's segment id. */
  segmentId: string;
  /** One line: the doctor's correction if there is one (it is `text`), newlines folded. */
  text: string;
  /** Who said it, as the transcript shows it (absent: the prompt gives no speaker). */
  role?: SpeakerRole;
}

export interface NumberedTranscript {
  segments: PromptSegment[];
  refToId: ReadonlyMap<string, string>;
  idToRef: ReadonlyMap<string, string>;
}

/** Numbers the segments with text, in time order (ties keep their given order), keeping their roles. */
export function numberSegments(segments: readonly Pick<TranscriptSegment, 'id' | 'text' | 'startMs' | 'role'>[]): NumberedTranscript {
  const ordered = segments
    .map((segment, index) => ({ segment, index }))
    .filter(({ segment }) => segment.text.trim().length > 0)
    .sort((a, b) => a.segment.startMs - b.segment.startMs || a.index - b.index);
  const numbered = ordered.map(({ segment }, i) => ({
    ref: `s${i + 1}`,
    segmentId: segment.id,
    text: segment.text.replace(/\s+/g, ' ').trim(),
    ...(segment.role === undefined ? {} : { role: segment.role }),
  }));
  return {
    segments: numbered,
    refToId: new Map(numbered.map((s) => [s.ref, s.segmentId])),
    idToRef: new Map(numbered.map((s) => [s.segmentId, s.ref])),
  };
}

/**
 * `note` with every evidence id passed through `map`. An id the map does not know is kept as it
 * is, so grounding still reports it as a segment that does not exist.
 */
export function mapNoteEvidence(note: ClinicalNote, map: ReadonlyMap<string, string>): ClinicalNote {
  const ids = (evidence: readonly string[]) => evidence.map((id) => map.get(id) ?? id);
  const item = <T extends { evidence: string[] }>(value: T): T => ({ ...value, evidence: ids(value.evidence) });
  const maybe = <T extends { evidence: string[] }>(value: T | null): T | null => (value === null ? null : item(value));
  const { vitals } = note;
  return {
    sections: Object.fromEntries(Object.entries(note.sections).map(([id, section]) => [id, item(section)])),
    medications: note.medications.map(item),
    allergies: note.allergies.map(item),
    diagnoses: note.diagnoses.map(item),
    vitals: {
      bloodPressure: maybe(vitals.bloodPressure),
      heartRate: maybe(vitals.heartRate),
      respiratoryRate: maybe(vitals.respiratoryRate),
      temperature: maybe(vitals.temperature),
      spo2: maybe(vitals.spo2),
      weight: maybe(vitals.weight),
      height: maybe(vitals.height),
    },
    orders: note.orders.map(item),
    referrals: note.referrals.map(item),
    followUp: maybe(note.followUp),
    patientInstructions: note.patientInstructions.map(item),
    pertinentNegatives: note.pertinentNegatives.map(item),
  };
}
