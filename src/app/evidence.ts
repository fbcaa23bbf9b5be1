/**
 * Which transcript segments the note is pointing at: the doctor clicks a note item ("Ibuprofeno
 * 600 mg…") and the Transcripción region highlights the segments it cites. The note and the
 * transcript are siblings on the consultation screen; a small external store lets them share this
 * without a provider around both, and keeps the highlight out of the transcript's own state (a
 * click re-renders only the rows whose highlight changes).
 *
 * Keyed by consultation: a highlight never leaks onto another consultation's transcript.
 */
import { useSyncExternalStore } from 'react';

export interface EvidenceHighlight {
  encounterId: string | null;
  /** The note item pointing (its grounding path, e.g. "medications.0"), or null. */
  source: string | null;
  segmentIds: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
let current: EvidenceHighlight = { encounterId: null, source: null, segmentIds: NONE };
const listeners = new Set<() => void>();

function publish(next: EvidenceHighlight): void {
  current = next;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Highlights `segmentIds` of `encounterId`'s transcript, for the note item at `source`. */
export function highlightEvidence(encounterId: string, source: string, segmentIds: readonly string[]): void {
  publish({ encounterId, source, segmentIds: new Set(segmentIds) });
}

export function clearEvidence(): void {
  if (current.source !== null) publish({ encounterId: null, source: null, segmentIds: NONE });
}

/** The highlighted segment ids of this consultation (a new Set on every change, the same one otherwise). */
export function useHighlightedSegments(encounterId: string): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, () => (current.encounterId === encounterId ? current.segmentIds : NONE));
}

/** The note item whose evidence is highlighted in this consultation, if any. */
export function useEvidenceSource(encounterId: string): string | null {
  return useSyncExternalStore(subscribe, () => (current.encounterId === encounterId ? current.source : null));
}
