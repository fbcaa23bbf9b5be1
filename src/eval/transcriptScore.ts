/**
 * The transcript the app stored against what was said: word error rate (wordErrorRate.ts) and the
 * share of segments whose speaker role the app got right.
 *
 * Roles: a segment's reference role is the speaker of the turn it came from. In text mode each
 * segment is one turn. In audio mode a segment may span turns or part of one, so each of its words
 * takes the speaker of the reference word it aligned to, and the segment the majority's. A segment
 * none of whose words aligned (all inserted) is left out. «Sin asignar» is never right. When no
 * stored segment has a role (stored before roles existed), the figure is null with the reason.
 */
import { SPEAKERS, type SpeakerRole, type Turn } from './caseFile';
import { alignWords, countErrors, werWords, type WerResult } from './wordErrorRate';

export interface StoredSegmentView {
  text: string;
  /** 'médico' | 'paciente' | 'acompañante' | 'sin asignar', once the app assigns roles. */
  role?: string;
}

export interface RoleScore {
  /** Segments scored (with a reference role). */
  segments: number;
  right: number;
  accuracy: number | null;
  /** Why there is no figure. */
  reason?: string;
}

export interface TranscriptScore {
  wer: WerResult | null;
  roles: RoleScore;
}

export const NO_ROLES_REASON = 'Ningún segmento guardado tiene el rol de quien habla («role»).';

export function scoreTranscript(turns: readonly Turn[], segments: readonly StoredSegmentView[], mode: 'text' | 'audio'): TranscriptScore {
  const refWords: string[] = [];
  const refRoles: SpeakerRole[] = [];
  for (const turn of turns) {
    for (const word of werWords(turn.text)) {
      refWords.push(word);
      refRoles.push(SPEAKERS[turn.speaker]);
    }
  }
  const hypWords: string[] = [];
  const hypSegment: number[] = [];
  segments.forEach((segment, index) => {
    for (const word of werWords(segment.text)) {
      hypWords.push(word);
      hypSegment.push(index);
    }
  });

  const needsAlignment = mode === 'audio';
  const steps = needsAlignment ? alignWords(refWords, hypWords) : [];
  const wer = mode === 'audio' ? countErrors(steps, refWords.length) : null;

  if (!segments.some((s) => s.role !== undefined)) {
    return { wer, roles: { segments: 0, right: 0, accuracy: null, reason: NO_ROLES_REASON } };
  }
  let expected: (SpeakerRole | null)[];
  if (mode === 'text') {
    expected = segments.map((_, i) => (turns[i] ? SPEAKERS[turns[i]!.speaker] : null));
  } else {
    const votes = segments.map(() => new Map<SpeakerRole, number>());
    for (const step of steps) {
      if (step.op !== 'ok' && step.op !== 'sub') continue;
      const tally = votes[hypSegment[step.hyp]!]!;
      const role = refRoles[step.ref]!;
      tally.set(role, (tally.get(role) ?? 0) + 1);
    }
    expected = votes.map((tally) => [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null);
  }
  let scored = 0;
  let right = 0;
  segments.forEach((segment, i) => {
    const want = expected[i];
    if (!want) return;
    scored++;
    if (segment.role === want) right++;
  });
  return { wer, roles: { segments: scored, right, accuracy: scored > 0 ? right / scored : null } };
}
