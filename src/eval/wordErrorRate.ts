/**
 * Word error rate of a transcript against what was said, after the normalisation both sides get:
 * case, accents and punctuation folded, and numbers written one way (the app's own
 * `normalizeSpanish`: "treinta y ocho y medio" and "38,5" are both "38.5", "1.000" is "1000").
 * Symbols that only format a number ("/", "°") are dropped: "14/9" is "14 9", as said.
 *
 * The alignment (Levenshtein over words, substitutions preferred on ties) is returned too: speaker
 * roles are scored by which reference word each transcribed word landed on.
 */
import { normalizeSpanish } from '../notes/spanishNumbers';

const DROPPED = new Set(['/', '°', '|']);

/** The words WER counts, normalised. */
export function werWords(text: string): string[] {
  return normalizeSpanish(text)
    .split(' ')
    .filter((word) => word !== '' && !DROPPED.has(word));
}

export type AlignmentStep =
  | { op: 'ok' | 'sub'; ref: number; hyp: number }
  | { op: 'del'; ref: number }
  | { op: 'ins'; hyp: number };

export interface WerResult {
  referenceWords: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** (S + D + I) / N; null when the reference has no words. */
  wer: number | null;
}

const OK = 0;
const SUB = 1;
const DEL = 2;
const INS = 3;

/** The cheapest edit script from `ref` to `hyp`, in order. Memory: one byte per cell of the table. */
export function alignWords(ref: readonly string[], hyp: readonly string[]): AlignmentStep[] {
  const rows = ref.length + 1;
  const cols = hyp.length + 1;
  const back = new Uint8Array(rows * cols);
  let previous = new Uint32Array(cols);
  let current = new Uint32Array(cols);
  for (let j = 0; j < cols; j++) {
    previous[j] = j;
    back[j] = INS;
  }
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    back[i * cols] = DEL;
    for (let j = 1; j < cols; j++) {
      const same = ref[i - 1] === hyp[j - 1];
      const diagonal = previous[j - 1]! + (same ? 0 : 1);
      const deletion = previous[j]! + 1;
      const insertion = current[j - 1]! + 1;
      let best = diagonal;
      let op = same ? OK : SUB;
      if (deletion < best) {
        best = deletion;
        op = DEL;
      }
      if (insertion < best) {
        best = insertion;
        op = INS;
      }
      current[j] = best;
      back[i * cols + j] = op;
    }
    [previous, current] = [current, previous];
  }
  const steps: AlignmentStep[] = [];
  let i = ref.length;
  let j = hyp.length;
  while (i > 0 || j > 0) {
    const op = i === 0 ? INS : j === 0 ? DEL : back[i * cols + j]!;
    if (op === OK || op === SUB) {
      steps.push({ op: op === OK ? 'ok' : 'sub', ref: i - 1, hyp: j - 1 });
      i--;
      j--;
    } else if (op === DEL) {
      steps.push({ op: 'del', ref: i - 1 });
      i--;
    } else {
      steps.push({ op: 'ins', hyp: j - 1 });
      j--;
    }
  }
  return steps.reverse();
}

export function countErrors(steps: readonly AlignmentStep[], referenceWords: number): WerResult {
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  for (const step of steps) {
    if (step.op === 'sub') substitutions++;
    else if (step.op === 'del') deletions++;
    else if (step.op === 'ins') insertions++;
  }
  return {
    referenceWords,
    substitutions,
    deletions,
    insertions,
    wer: referenceWords === 0 ? null : (substitutions + deletions + insertions) / referenceWords,
  };
}

/** WER of `hypothesis` against `reference` (both free text). */
export function wordErrorRate(reference: string, hypothesis: string): WerResult {
  const ref = werWords(reference);
  return countErrors(alignWords(ref, werWords(hypothesis)), ref.length);
}
