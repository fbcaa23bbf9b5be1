/** Helpers for the clinical grounding modules' tests: unlabelled segments s1…sn in transcript order. */
import { transcriptClauses, type TranscriptSegmentClauses } from './clauses';
import type { Transcript } from './mentions';

export function transcriptOf(...texts: string[]): { transcript: Transcript; cited: (...ids: string[]) => TranscriptSegmentClauses[] } {
  const byId = transcriptClauses(texts.map((text, i) => ({ id: `s${i + 1}`, text })));
  const transcript = { byId, byOrder: [...byId.values()] };
  const cited = (...ids: string[]) => ids.flatMap((id) => byId.get(id) ?? []);
  return { transcript, cited };
}
