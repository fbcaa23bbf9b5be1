/**
 * The evaluation's result, as printed on the last line of `npm run eval` (one JSON object): per case
 * and overall. Overall figures add counts across cases (micro-averages: WER over all reference
 * words, F1 over all items, shares over all items), except timings, which are means over the cases
 * that have them. A case whose note failed counts with an empty note (every reference item missed)
 * and lowers `validNoteRate`.
 */
import type { WerResult } from './wordErrorRate';
import { addCounts, NO_COUNTS, type FieldCounts, type FieldScore } from './fieldCounts';
import { SCORED_FIELDS, type ScoredField } from './matchFields';
import { fieldScores, scoreNote, type Flag, type GroundingCounts } from './scoreNote';
import { scoreTranscript, type StoredSegmentView } from './transcriptScore';
import type { EvalCase } from './caseFile';
import type { ClinicalNote } from '../notes/noteSchema';

export type EvalMode = 'text' | 'audio';

export interface ModelInfo {
  id: string;
  name: string;
  fixture: boolean;
}

export interface CaseTimings {
  /** From «Generar nota» to the stored note (or the failure). */
  noteSeconds: number | null;
  /** Audio mode: from «Detener» to the stored note (transcript catching up, then generation). */
  stopToNoteSeconds: number | null;
  /** Audio mode: from «Detener» until the transcript covered all the audio. */
  transcriptCatchUpSeconds: number | null;
  /** Of `noteSeconds`: loading the note model (the app loads it on demand, again after each reload). */
  noteModelLoadSeconds: number | null;
  /** As the note engine reports them: tokens written, and tokens per second of decoding. */
  outputTokens: number | null;
  tokensPerSecond: number | null;
  /** Audio mode: seconds of audio recorded. */
  audioSeconds: number | null;
  /** Audio mode: seconds the speech engine spent per second of audio (below 1 is faster than real time). */
  realTimeFactor: number | null;
  /** Audio mode: the engine's own seconds (sum of its transcribe calls). */
  speechEngineSeconds: number | null;
}

/** What the browser run brings back for one case. */
export interface CaseRun {
  evalCase: EvalCase;
  /** The stored note, validated; null when none was produced. */
  note: ClinicalNote | null;
  flags: readonly Flag[];
  segments: readonly StoredSegmentView[];
  /** Why there is no note (the app's message, or a timeout). */
  error?: string;
  /** The model's raw answers, each a valid note or not (before the app's retry). */
  answers: { valid: number; total: number };
  warnings: string[];
  timings: CaseTimings;
}

export interface CaseReport {
  name: string;
  turns: number;
  validNote: boolean;
  /** The model's answers that were valid notes before the app's retry, and all its answers. */
  answers: { valid: number; total: number };
  error?: string;
  warnings: string[];
  wer: number | null;
  werDetail: WerResult | null;
  roleAccuracy: number | null;
  roleAccuracyReason?: string;
  roleSegments: { scored: number; right: number };
  f1: Record<ScoredField | 'overall', number | null>;
  fields: Record<ScoredField | 'overall', FieldScore>;
  invented: number;
  inventedItems: string[];
  wrongItems: string[];
  missedItems: string[];
  negatedAsPresent: number;
  negatedAsPresentItems: string[];
  mustNotContainViolations: number;
  mustNotContainItems: string[];
  grounding: GroundingCounts;
  flaggedInventedShare: number | null;
  flaggedCorrectShare: number | null;
  chiefComplaint: boolean | null;
  labs: { found: number; total: number };
  timings: CaseTimings;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function caseReport(run: CaseRun, mode: EvalMode): CaseReport {
  const { evalCase, note } = run;
  const score = scoreNote(evalCase.reference, note, run.flags);
  const transcript = scoreTranscript(evalCase.turns, run.segments, mode);
  const fields = fieldScores(score.fields);
  const byVerdict = (verdict: string) => score.items.filter((i) => i.verdict === verdict);
  return {
    name: evalCase.name,
    turns: evalCase.turns.length,
    validNote: note !== null,
    answers: run.answers,
    ...(run.error ? { error: run.error } : {}),
    warnings: run.warnings,
    wer: transcript.wer?.wer ?? null,
    werDetail: transcript.wer,
    roleAccuracy: transcript.roles.accuracy,
    ...(transcript.roles.reason ? { roleAccuracyReason: transcript.roles.reason } : {}),
    roleSegments: { scored: transcript.roles.segments, right: transcript.roles.right },
    f1: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.f1])) as CaseReport['f1'],
    fields,
    invented: score.grounding.invented,
    inventedItems: byVerdict('invented').map((i) => `${i.label}${i.flagged ? ' [Revisar]' : ''}`),
    wrongItems: byVerdict('wrong').map((i) => `${i.detail ?? i.label}${i.flagged ? ' [Revisar]' : ''}`),
    missedItems: score.missed,
    negatedAsPresent: score.negatedAsPresent.length,
    negatedAsPresentItems: score.negatedAsPresent,
    mustNotContainViolations: score.mustNotContain.length,
    mustNotContainItems: score.mustNotContain,
    grounding: score.grounding,
    flaggedInventedShare: share(score.grounding.inventedFlagged, score.grounding.invented),
    flaggedCorrectShare: share(score.grounding.rightFlagged, score.grounding.right),
    chiefComplaint: score.chiefComplaint,
    labs: score.labs,
    timings: run.timings,
  };
}

export interface OverallReport {
  cases: number;
  wer: number | null;
  f1: Record<ScoredField | 'overall', number | null>;
  fields: Record<ScoredField | 'overall', FieldScore>;
  invented: number;
  negatedAsPresent: number;
  mustNotContainViolations: number;
  /** Cases that ended with a valid stored note. */
  validNoteRate: number | null;
  /** The model's answers that were valid notes as written (the app asks again once after an invalid one). */
  validAnswerRate: number | null;
  flaggedInventedShare: number | null;
  flaggedCorrectShare: number | null;
  grounding: GroundingCounts;
  roleAccuracy: number | null;
  roleAccuracyReason?: string;
  chiefComplaintRate: number | null;
  labsRecall: number | null;
  timings: {
    meanNoteSeconds: number | null;
    meanStopToNoteSeconds: number | null;
    meanTokensPerSecond: number | null;
    realTimeFactor: number | null;
    audioSeconds: number | null;
  };
}

function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

function sum(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) : null;
}

export function overallReport(cases: readonly CaseReport[]): OverallReport {
  const counts = Object.fromEntries(
    SCORED_FIELDS.map((f) => [f, cases.reduce((acc, c) => addCounts(acc, c.fields[f]), NO_COUNTS)]),
  ) as Record<ScoredField, FieldCounts>;
  const fields = fieldScores(counts);
  const grounding = cases.reduce<GroundingCounts>(
    (acc, c) => ({
      invented: acc.invented + c.grounding.invented,
      inventedFlagged: acc.inventedFlagged + c.grounding.inventedFlagged,
      right: acc.right + c.grounding.right,
      rightFlagged: acc.rightFlagged + c.grounding.rightFlagged,
      wrong: acc.wrong + c.grounding.wrong,
      wrongFlagged: acc.wrongFlagged + c.grounding.wrongFlagged,
    }),
    { invented: 0, inventedFlagged: 0, right: 0, rightFlagged: 0, wrong: 0, wrongFlagged: 0 },
  );
  const withWer = cases.filter((c) => c.werDetail !== null);
  const refWords = withWer.reduce((n, c) => n + c.werDetail!.referenceWords, 0);
  const errors = withWer.reduce((n, c) => n + c.werDetail!.substitutions + c.werDetail!.deletions + c.werDetail!.insertions, 0);
  const roleScored = cases.reduce((n, c) => n + c.roleSegments.scored, 0);
  const roleRight = cases.reduce((n, c) => n + c.roleSegments.right, 0);
  const withNote = cases.filter((c) => c.chiefComplaint !== null);
  const labs = cases.reduce((acc, c) => ({ found: acc.found + c.labs.found, total: acc.total + c.labs.total }), { found: 0, total: 0 });
  const audioSeconds = sum(cases.map((c) => c.timings.audioSeconds));
  const engineSeconds = sum(cases.map((c) => c.timings.speechEngineSeconds));
  const roleReason = cases.find((c) => c.roleAccuracyReason)?.roleAccuracyReason;
  return {
    cases: cases.length,
    wer: withWer.length > 0 && refWords > 0 ? errors / refWords : null,
    f1: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.f1])) as OverallReport['f1'],
    fields,
    invented: grounding.invented,
    negatedAsPresent: cases.reduce((n, c) => n + c.negatedAsPresent, 0),
    mustNotContainViolations: cases.reduce((n, c) => n + c.mustNotContainViolations, 0),
    validNoteRate: share(cases.filter((c) => c.validNote).length, cases.length),
    validAnswerRate: share(
      cases.reduce((n, c) => n + c.answers.valid, 0),
      cases.reduce((n, c) => n + c.answers.total, 0),
    ),
    flaggedInventedShare: share(grounding.inventedFlagged, grounding.invented),
    flaggedCorrectShare: share(grounding.rightFlagged, grounding.right),
    grounding,
    roleAccuracy: share(roleRight, roleScored),
    ...(roleScored === 0 && roleReason ? { roleAccuracyReason: roleReason } : {}),
    chiefComplaintRate: share(withNote.filter((c) => c.chiefComplaint).length, withNote.length),
    labsRecall: share(labs.found, labs.total),
    timings: {
      meanNoteSeconds: mean(cases.map((c) => c.timings.noteSeconds)),
      meanStopToNoteSeconds: mean(cases.map((c) => c.timings.stopToNoteSeconds)),
      meanTokensPerSecond: mean(cases.map((c) => c.timings.tokensPerSecond)),
      realTimeFactor: audioSeconds && engineSeconds !== null ? engineSeconds / audioSeconds : null,
      audioSeconds,
    },
  };
}

export interface CaseFileError {
  /** The case's name (NAME of NAME.txt / NAME.ref.json). */
  case: string;
  problems: string[];
}

export interface EvalReport {
  /** True when any model used is a fixture: the figures then measure plumbing, not quality. */
  fixture: boolean;
  models: { speech: ModelInfo | null; note: ModelInfo };
  mode: EvalMode;
  template: string;
  casesDir: string;
  startedAt: string;
  seconds: number;
  cases: CaseReport[];
  caseErrors: CaseFileError[];
  /** Requests the app made to hosts other than localhost (Escriba must make none); the guard aborted them. */
  networkViolations: string[];
  overall: OverallReport;
}
