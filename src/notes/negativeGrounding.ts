/**
 * A pertinent negative («Niega alergias», «Sin fiebre», «Sin ideas de autolesión») states that a
 * finding was asked about and denied. It is supported only when a cited segment denies that finding
 * ("fiebre no tuve", "¿Alergias?" / "No, ninguna", "ni tos ni mocos"): a word said is not a denial.
 * A finding the cited segments affirm ("sí, tuve fiebre") is the worst thing to get wrong here — the
 * record would say the opposite of what was said — so any affirmation sends the item to «Revisar»,
 * even beside a denial (the patient may have corrected themselves; the doctor decides). A finding
 * only asked about, or named without a denial, is not supported either.
 *
 * Negation, questions and their answers are read by the helpers every other check uses
 * (negation.ts, mentions.ts, clauses.ts), clause by clause.
 */
import type { TranscriptSegmentClauses } from './clauses';
import { askedReason, formsOfTerms, mentionsOf, quoted, type Transcript } from './mentions';
import { keyTerms } from './terms';

/**
 * Words that frame a statement as a denial, not the finding denied: "Niega", "Sin", "No refiere".
 * Without them the finding's own terms remain: «Niega dolor torácico» → dolor, torácico.
 */
const DENIAL_FRAME = new Set(
  'niega niego nego negaba negando refiere refirio presenta presento sin nunca jamas ningun ninguna ninguno tampoco ausencia ausente ni'.split(
    ' ',
  ),
);

/** The key terms of the finding a negative denies. */
export function deniedFindingTerms(text: string): string[] {
  return keyTerms(text, DENIAL_FRAME);
}

/** Problems (Spanish) with a negative whose finding has `terms`, as the cited segments say it. */
export function negativeCheck(terms: readonly string[], cited: readonly TranscriptSegmentClauses[], transcript: Transcript): string[] {
  const mentions = mentionsOf(formsOfTerms(terms), cited, transcript);
  const affirmed = mentions.find((m) => m.polarity === 'afirmado');
  if (affirmed) return [`La nota lo da por negado, pero en ${affirmed.quoteId} se dijo: ${quoted(affirmed.quote)}.`];
  if (mentions.some((m) => m.polarity === 'negado')) return [];
  const asked = mentions.find((m) => m.polarity === 'preguntado');
  if (asked) return [askedReason(asked)];
  const refs = cited.map((s) => s.id).join(', ');
  return refs ? [`En ${refs} no se niega.`] : [];
}
