/**
 * When a free-text item of the note (a diagnosis, a study, a referral, the follow-up) says the
 * reference's item. Doctors name these loosely ("placa de tórax" for "Radiografía de tórax"), so
 * the rule is the grounding check's own vocabulary (terms.ts: accents, plural, short endings,
 * groups of spoken and clinical forms), made a little stricter because here it decides a score:
 *
 * 1. The reference's first key term (its head: "neumonía" in "Neumonía basal derecha") is in the
 *    note's text, and at least half of its key terms are.
 * 2. Every number of the reference is in the note's text ("tipo 2" is not "tipo 1").
 *
 * Those two make it the same item (`sameItem`). For it to be right (`textMatches`) also:
 *
 * 3. A side the note states (izquierda, derecha, bilateral) is the reference's: the wrong knee is
 *    an error, counted as such, not an invention. A note that leaves the side out still matches
 *    (incomplete, not wrong).
 */
import { sidesIn, type Side } from '../notes/laterality';
import { quantitiesIn, sameQuantity } from '../notes/quantities';
import { normalizeSpanish } from '../notes/spanishNumbers';
import { keyTerms, saidText, termSaid } from '../notes/terms';

function sides(text: string): Set<Side> {
  return sidesIn(normalizeSpanish(text).split(' '));
}

/** Key terms without the words that only give a side. */
function contentTerms(text: string): string[] {
  return keyTerms(text).filter((term) => sidesIn([term]).size === 0);
}

function sameSides(a: ReadonlySet<Side>, b: ReadonlySet<Side>): boolean {
  const both = (s: ReadonlySet<Side>) => s.has('bilateral') || (s.has('izquierda') && s.has('derecha'));
  if (both(a) || both(b)) return both(a) && both(b);
  return a.size === b.size && [...a].every((side) => b.has(side));
}

/** Whether `note` names the reference item `reference` (rules 1 and 2). */
export function sameItem(reference: string, note: string): boolean {
  const terms = contentTerms(reference);
  const said = saidText(note);
  if (terms.length === 0) return normalizeSpanish(reference) === normalizeSpanish(note);
  if (!termSaid(terms[0]!, said)) return false;
  const found = terms.filter((term) => termSaid(term, said)).length;
  if (found * 2 < terms.length) return false;
  const numbers = quantitiesIn(reference).filter((q) => !q.derived);
  const noteNumbers = quantitiesIn(note);
  return numbers.every((n) => noteNumbers.some((m) => sameQuantity(n, m)));
}

/** The note states a side, and it is not the reference's (rule 3). */
export function wrongSide(reference: string, note: string): boolean {
  const noteSides = sides(note);
  return noteSides.size > 0 && !sameSides(sides(reference), noteSides);
}

/** Whether `note` says the reference item right (rules 1 to 3). */
export function textMatches(reference: string, note: string): boolean {
  return sameItem(reference, note) && !wrongSide(reference, note);
}

/** Same ICD-10 category ("J18" of "J18.1"), when both give a code. */
export function sameIcd10Category(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.slice(0, 3).toUpperCase() === b.slice(0, 3).toUpperCase();
}
