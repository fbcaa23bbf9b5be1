/**
 * The grounding check (grounding.ts) run on a note as stored, whose evidence is the app's segment
 * ids. Grounding names the segments in its reasons ("«amoxicilina» no se menciona en …"); a UUID
 * means nothing to the doctor and a prompt ref ("s12") is not on screen, so segments are named by
 * the time the transcript shows beside them ("0:42"), made unique when two start in the same
 * second ("0:42 (2)"). Findings keep grounding's paths, so the UI can mark the items they concern.
 */
import { withRoles } from '../speech/roles/segmentRoles';
import type { NoteTemplate, TranscriptSegment } from '../storage/types';
import { formatDuration } from '../ui/format';
import { groundNote, type GroundingFinding } from './grounding';
import type { ClinicalNote } from './noteSchema';
import { mapNoteEvidence } from './segmentRefs';

type Segment = Pick<TranscriptSegment, 'id' | 'text' | 'startMs'>;
type RoledSegment = Segment & Partial<Pick<TranscriptSegment, 'role' | 'roleSource'>>;

/** A label per segment id: its start time as the transcript shows it, unique within the consultation. */
export function segmentTimeLabels(segments: readonly Segment[]): Map<string, string> {
  const labels = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const segment of [...segments].sort((a, b) => a.startMs - b.startMs)) {
    const clock = formatDuration(segment.startMs);
    const count = (seen.get(clock) ?? 0) + 1;
    seen.set(clock, count);
    labels.set(segment.id, count === 1 ? clock : `${clock} (${count})`);
  }
  return labels;
}

/**
 * Grounds `note` (evidence = segment ids) against the stored transcript, reasons naming segment
 * times. Each segment is read with its speaker role (a segment without one gets Escriba's guess,
 * as the transcript shows it), so the doctor changing a role re-grounds the note like editing it.
 */
export function groundStoredNote(
  note: ClinicalNote,
  segments: readonly RoledSegment[],
  template?: Pick<NoteTemplate, 'sections'>,
): GroundingFinding[] {
  const labels = segmentTimeLabels(segments);
  // Grounding reads an answer in the segment after its question: transcript order matters.
  const ordered = withRoles([...segments].sort((a, b) => a.startMs - b.startMs));
  const byLabel = ordered.map((s) => ({ id: labels.get(s.id) ?? s.id, text: s.text, role: s.role }));
  return groundNote(mapNoteEvidence(note, labels), byLabel, template);
}
