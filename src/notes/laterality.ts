/**
 * The side of an order, a diagnosis or a narrative statement (izquierda, derecha, bilateral) must be
 * the side said where the item is mentioned. The side is read in the cited clause that names the
 * item best (most of its key terms), plus a following clause that is only a side ("la ecografía del
 * hombro, del lado izquierdo"). When that clause names no side, any side said in the cited segments
 * is accepted only if it is the item's alone: "crepitantes en la base derecha, el pulmón izquierdo
 * está bien" cannot tell the doctor which lung the note means. A negated side ("no en la derecha")
 * is not said.
 */
import type { TranscriptSegmentClauses } from './clauses';
import { positionsOfForms, formsOfTerms } from './mentions';
import { negatedAt } from './negation';
import { normalizeSpanish } from './spanishNumbers';
import { keyTerms } from './terms';

export type Side = 'izquierda' | 'derecha' | 'bilateral';

const SIDE_WORDS: Record<string, Side> = {
  izquierda: 'izquierda',
  izquierdo: 'izquierda',
  izquierdas: 'izquierda',
  izquierdos: 'izquierda',
  izq: 'izquierda',
  derecha: 'derecha',
  derecho: 'derecha',
  derechas: 'derecha',
  derechos: 'derecha',
  der: 'derecha',
  bilateral: 'bilateral',
  bilaterales: 'bilateral',
  ambos: 'bilateral',
  ambas: 'bilateral',
};
/** Words a clause that only gives a side may have: "del lado izquierdo", "la izquierda". */
const SIDE_ONLY = new Set(['del', 'de', 'la', 'el', 'lado', 'en', 'a', 'lo', 'los', 'las', ...Object.keys(SIDE_WORDS)]);

/** The sides `tokens` state (negated ones left out). */
export function sidesIn(tokens: readonly string[]): Set<Side> {
  const sides = new Set<Side>();
  tokens.forEach((token, i) => {
    const side = SIDE_WORDS[token];
    if (side && !negatedAt(tokens, i)) sides.add(side);
  });
  return sides;
}

function list(sides: ReadonlySet<Side>): string {
  return [...sides].join(' y ');
}

function agrees(written: ReadonlySet<Side>, said: ReadonlySet<Side>): boolean {
  const bothSaid = said.has('bilateral') || (said.has('izquierda') && said.has('derecha'));
  if (written.has('bilateral')) return bothSaid;
  return [...written].every((side) => said.has(side)) && [...said].every((side) => written.has(side));
}

/** Problems (Spanish) with the side of `text` as said in `cited`; none when `text` names no side. */
export function lateralityCheck(text: string, cited: readonly TranscriptSegmentClauses[]): string[] {
  const written = sidesIn(normalizeSpanish(text).split(' '));
  if (written.size === 0) return [];
  const forms = formsOfTerms(keyTerms(text).filter((term) => !(term in SIDE_WORDS)));
  const scored = cited.flatMap((segment) =>
    segment.clauses.map((clause, index) => {
      const next = segment.clauses[index + 1];
      const sideOnly = next && next.tokens.every((t) => SIDE_ONLY.has(t)) ? next.tokens : [];
      const score = new Set(positionsOfForms(forms, clause.tokens).map((p) => clause.tokens[p])).size;
      return { id: segment.id, score, sides: sidesIn([...clause.tokens, ...sideOnly]) };
    }),
  );
  const best = Math.max(0, ...scored.map((s) => s.score));
  const named = best > 0 ? scored.filter((s) => s.score === best && s.sides.size > 0) : [];
  const pool = named.length > 0 ? named : scored.filter((s) => s.sides.size > 0);
  const said = new Set(pool.flatMap((s) => [...s.sides]));
  const refs = [...new Set(pool.map((s) => s.id))].join(', ');
  if (said.size === 0) return [`No se dijo el lado en ${cited.map((s) => s.id).join(', ')}; la nota dice ${list(written)}.`];
  if (agrees(written, said)) return [];
  return [`Se dijo ${list(said)} en ${refs}, la nota dice ${list(written)}.`];
}
