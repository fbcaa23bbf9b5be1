/**
 * Roles on stored transcript segments. A segment gets its role when it is stored (storage/
 * transcript.ts asks `roleAfter` with the segments before it); a segment stored before roles
 * existed gets one when it is read (`withRoles`), computed the same way from the same earlier
 * segments, so reading never writes and the two never disagree. The doctor's choice
 * (`roleSource: 'médico'`) is never recomputed, and it steers the guesses after it.
 */
import type { RoleSource, SpeakerRole, TranscriptSegment } from '../../storage/types';
import { classifyRole, ROLE_HISTORY_SEGMENTS, type RoleTurn } from './roleClassifier';

type Roled = Pick<TranscriptSegment, 'text' | 'role' | 'roleSource'>;
export type WithRole<S> = S & { role: SpeakerRole; roleSource: RoleSource };

/** `segments` (in time order) each with a role: its own, or Escriba's guess after the ones before it. */
export function withRoles<S extends Roled>(segments: readonly S[]): WithRole<S>[] {
  const history: RoleTurn[] = [];
  return segments.map((segment) => {
    const roled: WithRole<S> =
      segment.role === undefined
        ? { ...segment, role: classifyRole(segment.text, history.slice(-ROLE_HISTORY_SEGMENTS)).role, roleSource: 'auto' }
        : { ...segment, role: segment.role, roleSource: segment.roleSource ?? 'auto' };
    history.push({ text: segment.text, role: roled.role });
    return roled;
  });
}

/** The automatic role of a segment saying `text` after `before` (earlier segments, in time order). */
export function roleAfter(text: string, before: readonly Roled[]): SpeakerRole {
  const history = withRoles(before.slice(-ROLE_HISTORY_SEGMENTS * 2)).map((s) => ({ text: s.text, role: s.role }));
  return classifyRole(text, history.slice(-ROLE_HISTORY_SEGMENTS)).role;
}
