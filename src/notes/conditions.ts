/**
 * Which clauses of a segment are said under a condition: "Si aparecen ronchas o picazón, la
 * suspendemos", "si te cae mal, la dejás", "suspendelo si te duele el estómago", "en caso de
 * diarrea, la cortás". A stop said so is a plan for what may happen, not a stop: the patient goes
 * on taking the drug (medicationAction.ts).
 *
 * A condition opens at "si" (written without its accent: Whisper writes the "sí" of agreement with
 * one) or "en caso" and reaches the rest of its sentence up to and including the first clause that
 * says what to do (`decides`, or an imperative such as "tomá"): "Si aparecen ronchas / o picazón /
 * la suspendemos". A later clause of the sentence is said plainly again: "si duele, tomá
 * paracetamol, y el ibuprofeno lo dejamos" stops the ibuprofen.
 */
import type { Clause } from './clauses';

const CONDITION = /(^|[^\p{L}])(si|en caso)(?!\p{L})/iu;
/** Words that say what to do even without a drug cue: "si duele, tomá paracetamol". */
const DOING = /^(toma|tomas|tome|tomes|tomala|tomalo|usa|usas|use|aplica|aplicas|aplique|veni|venis|venga|anda|andas|vaya|llama|llamame|llamas|consulta|consultas|consulte|pedi|pedis|pida)$/;

/**
 * Whether the clause's own words open a condition ("si te cae mal", "suspendelo si…"). A "si" alone
 * is the "sí" of agreement written without its accent ("Si, lo dejamos"): it conditions nothing.
 */
export function opensCondition(clause: Pick<Clause, 'text' | 'tokens'>): boolean {
  return CONDITION.test(clause.text) && !(clause.tokens.length === 1 && clause.tokens[0] === 'si');
}

/** The conditions a segment's clauses are said under, and the one still open at its end. */
export interface SegmentConditions {
  /** For each clause, the words of the clause that opened its condition ("si te cae mal"), or null. */
  under: (string | null)[];
  /** A condition the segment leaves open ("Si te cae mal," cut by Whisper before "la dejás."), or null. */
  open: string | null;
}

/**
 * The conditions of one segment's clauses. `decides` tells a clause that says what to do;
 * `carried` is a condition the previous segment left open, which reaches into this one.
 */
export function conditionsOf(
  clauses: readonly Clause[],
  decides: (clause: Clause) => boolean,
  carried: string | null = null,
): SegmentConditions {
  let open: string | null = carried;
  let sentence = clauses[0]?.sentence ?? 0;
  const under = clauses.map((clause) => {
    if (clause.sentence !== sentence) open = null;
    sentence = clause.sentence;
    if (opensCondition(clause)) open = clause.text;
    const current = open;
    if (current !== null && (decides(clause) || clause.tokens.some((t) => DOING.test(t)))) open = null;
    return current;
  });
  return { under, open };
}
