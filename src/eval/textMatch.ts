/**
 * When a free-text item of the note (a diagnosis, a study, a referral, the follow-up) says the
 * reference's item. Doctors name these loosely ("placa de tórax" for "Radiografía de tórax"), so
 * the rule is the grounding check's own vocabulary (terms.ts: accents, plural, short endings,
 * groups of spoken and clinical forms), made a little stricter because here it decides a score:
 *
 * 1. The reference's head term is in the note's text, and at least half of its key terms are. The
 *    head is its first key term ("neumonía" in "Neumonía basal derecha"), passing over words that
 *    only say what kind of thing it is ("enfermedad", "síndrome", "trastorno", "infección"…):
 *    "renal" in "Enfermedad renal crónica", "ansiedad" in "Trastorno de ansiedad".
 * 2. Every number of the reference is in the note's text ("tipo 2" is not "tipo 1").
 *
 * Before the terms are read, both texts have clinical abbreviations and compound names written out
 * (EXPANSIONS: «HTA» = «hipertensión arterial», «gonartrosis» = «artrosis de rodilla», «Rx» =
 * «radiografía»…), so that the note and the reference may each use either form.
 *
 * Those two make it the same item (`sameItem`). For it to be right (`textMatches`) also:
 *
 * 3. A side the note states (izquierda, derecha, bilateral) is the reference's: the wrong knee is
 *    an error, counted as such, not an invention. A note that leaves the side out still matches
 *    (incomplete, not wrong).
 */
import { sidesIn, type Side } from '../notes/laterality';
import { quantitiesIn, sameQuantity } from '../notes/quantities';
import { foldText, normalizeSpanish } from '../notes/spanishNumbers';
import { keyTerms, saidText, termSaid } from '../notes/terms';

function sides(text: string): Set<Side> {
  return sidesIn(normalizeSpanish(text).split(' '));
}

/** Abbreviations and compound names doctors write, spelled out (folded, whole words). */
export const EXPANSIONS: readonly (readonly [string, string])[] = [
  ['hta', 'hipertension arterial'],
  ['dbt', 'diabetes'],
  ['dm', 'diabetes mellitus'],
  ['dm2', 'diabetes mellitus tipo 2'],
  ['erc', 'enfermedad renal cronica'],
  ['irc', 'insuficiencia renal cronica'],
  ['epoc', 'enfermedad pulmonar obstructiva cronica'],
  ['iam', 'infarto agudo de miocardio'],
  ['sca', 'sindrome coronario agudo'],
  ['itu', 'infeccion urinaria'],
  ['oma', 'otitis media aguda'],
  ['fid', 'fosa iliaca derecha'],
  ['rx', 'radiografia'],
  ['ecg', 'electrocardiograma'],
  ['hba1c', 'hemoglobina glicosilada'],
  ['ptog', 'prueba de tolerancia oral a la glucosa'],
  ['gonartrosis', 'artrosis de rodilla'],
  ['coxartrosis', 'artrosis de cadera'],
  ['lumbociatalgia', 'lumbalgia ciatalgia'],
  ['cervicalgia', 'dolor cervical'],
  ['gonalgia', 'dolor de rodilla'],
  ['otalgia', 'dolor de oido'],
  ['odinofagia', 'dolor de garganta'],
];

const EXPANDED = EXPANSIONS.map(([short, long]) => [new RegExp(`(?<![\\p{L}\\p{N}])${short}(?![\\p{L}\\p{N}])`, 'gu'), long] as const);

/** `text` normalised, with abbreviations and compound names written out (before digits are split off: «HbA1c»). */
export function expanded(text: string): string {
  return normalizeSpanish(EXPANDED.reduce((out, [pattern, long]) => out.replace(pattern, long), foldText(text)));
}

/** Words that open a name without saying which condition: the head is the next key term. */
const KIND_WORDS = new Set(['enfermedad', 'sindrome', 'cuadro', 'trastorno', 'crisis', 'insuficiencia', 'infeccion', 'dolor']);

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
export function sameItem(referenceText: string, noteText: string): boolean {
  const reference = expanded(referenceText);
  const note = expanded(noteText);
  const terms = contentTerms(reference);
  const said = saidText(note);
  if (terms.length === 0) return reference === note;
  const head = terms.find((term) => !KIND_WORDS.has(term)) ?? terms[0]!;
  if (!termSaid(head, said)) return false;
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
