/**
 * An instruction the doctor said not to follow: the note's «Hacer reposo» where the doctor said "no
 * hace falta que hagas reposo". Its words were said, so the word check passes it; read clause by
 * clause (mentions.ts), every cited mention of a content word is denied while the note gives it as
 * something to do. A note that itself denies it («No requiere reposo», «Evitar el alcohol») is
 * consistent with the denial. "No te olvides de…" and "no dejes de…" deny nothing.
 */
import type { TranscriptSegmentClauses } from './clauses';
import { formsOfTerms, mentionsOf, quoted, type Transcript } from './mentions';
import { normalizeSpanish } from './spanishNumbers';

/** What makes an instruction itself a denial or a thing to avoid (normalized, padded). */
const NOTE_DENIES = / (no|sin|evitar|evite|evita|nada|suspender|dejar de|nunca|jamas|prohibido|abstenerse) /;
/** A "no" that asks to keep doing it: "no te olvides de tomar líquido", "no dejes de tomarlo". */
const KEEP_DOING = / no (te |se |me )?(olvides|olvide|olvidarse|dejes|deje) /;

/** Problems (Spanish) with an instruction whose content words are `terms`, as the cited segments say them. */
export function instructionPolarityCheck(
  text: string,
  terms: readonly string[],
  cited: readonly TranscriptSegmentClauses[],
  transcript: Transcript,
): string[] {
  if (NOTE_DENIES.test(` ${normalizeSpanish(text)} `)) return [];
  for (const term of terms) {
    const mentions = mentionsOf(formsOfTerms([term]), cited, transcript).filter(
      (m) => !KEEP_DOING.test(` ${m.clause.tokens.join(' ')} `),
    );
    const [first] = mentions;
    if (first && mentions.every((m) => m.polarity === 'negado')) {
      return [`En ${first.quoteId} se indica lo contrario: ${quoted(first.quote)}.`];
    }
  }
  return [];
}
