/**
 * Negation in Spanish clinical speech, read on a clause's normalized tokens (clauses.ts). A term is
 * negated by a cue before it ("no tengo fiebre", "sin fiebre", "niega alergias", "nunca tuve asma",
 * "descartamos neumonía", "no creo que sea una apendicitis") or after it ("fiebre no tuve",
 * "alergias ninguna", "neumonía descartada"). A clause made only of a denial ("No.", "No, ninguna",
 * "Que sepamos no", "Eso no") answers the question or negates the clause before it.
 *
 * Scope is the clause and a few words: "pero", "sino" and a comma already end it. "No se me pasa
 * la fiebre" and "no me baja" deny that the symptom goes away, not the symptom: they are not
 * negations of what follows.
 */

const PRE_CUES = new Set([
  'no',
  'niega',
  'niego',
  'nego',
  'negaba',
  'sin',
  'nunca',
  'jamas',
  'ni',
  'tampoco',
  'ningun',
  'ninguna',
  'ninguno',
  'descarta',
  'descartamos',
  'descarto',
  'descartan',
  'descartada',
  'descartado',
]);
/** After the term: "fiebre no tuve", "alergias ninguna", "neumonía descartada". */
const POST_CUES = new Set(['no', 'nunca', 'tampoco', 'ninguna', 'ninguno', 'descartada', 'descartado', 'descartamos']);
/** What may follow a post-posed "no" for it to deny the term: nothing, or a verb of having. */
const AFTER_POST_NO =
  /^(tuve|tengo|tiene|tuvo|tenia|tenes|tenias|tuviste|hay|hubo|habia|soy|es|fue|era|senti|siento|sintio|note|noto|tomo|tome)$/;
const CLITICS = new Set(['me', 'te', 'se', 'le', 'lo', 'la', 'nos', 'les']);
/** After "no" (and clitics): the symptom persists. "No se me pasa", "no me baja la fiebre". */
const PERSISTENCE_VERBS =
  /^(pasa|paso|va|fue|baja|bajo|cede|cedio|corta|corto|mejora|mejoro|para|paro|calma|calmo|aguanto|aguanta|puedo|puede|termina|termino|saco|quita|quito)$/;
/** Words that end a negation's reach inside a clause. */
const SCOPE_BREAKS = new Set(['sino', 'solo', 'salvo', 'excepto', 'aunque']);
const MAX_PRE_REACH = 6;
const MAX_POST_REACH = 3;

const DENIALS = new Set(['no', 'nunca', 'jamas', 'ninguna', 'ninguno', 'nada', 'tampoco']);
/** Words a bare denial may carry besides the denial itself: "que yo sepa no", "no, doctora", "eso no". */
const DENIAL_COMPANIONS = new Set(
  'doctora doctor dra dr bueno la verdad que yo sepa sepamos sepa eso para mira che eh ah este creo se tengo tuve tiene tuvo hay soy es tomo nos me de por ahora nunca'.split(' '),
);
const AFFIRMATIONS = new Set(['si', 'claro', 'aja', 'exacto', 'obvio', 'correcto', 'seguro', 'tuve', 'tengo', 'soy', 'bastante']);

function isToRuleOut(tokens: readonly string[], cue: number): boolean {
  // "vamos a descartar", "para descartar", "hay que descartar": to be ruled out, i.e. suspected.
  return tokens[cue] === 'descartar' || ['a', 'para', 'que'].includes(tokens[cue - 1] ?? '');
}

/** The index of the cue that negates the term at `position`, or null. */
export function negationCue(tokens: readonly string[], position: number): number | null {
  for (let i = position - 1; i >= Math.max(0, position - MAX_PRE_REACH); i -= 1) {
    const token = tokens[i] ?? '';
    if (SCOPE_BREAKS.has(token)) break;
    if (!PRE_CUES.has(token)) continue;
    if (token.startsWith('descart') && isToRuleOut(tokens, i)) continue;
    if (token === 'no') {
      let next = i + 1;
      while (CLITICS.has(tokens[next] ?? '')) next += 1;
      if (next < position && PERSISTENCE_VERBS.test(tokens[next] ?? '')) continue;
    }
    return i;
  }
  for (let i = position + 1; i <= Math.min(tokens.length - 1, position + MAX_POST_REACH); i += 1) {
    const token = tokens[i] ?? '';
    if (SCOPE_BREAKS.has(token)) break;
    if (!POST_CUES.has(token)) continue;
    if (token !== 'no') return i;
    const after = tokens[i + 1];
    if (after === undefined || AFTER_POST_NO.test(after)) return i;
  }
  return null;
}

export function negatedAt(tokens: readonly string[], position: number): boolean {
  return negationCue(tokens, position) !== null;
}

/** "No.", "No, ninguna", "Que sepamos no", "Nunca", "Eso no": a clause that only denies. */
export function isBareDenial(tokens: readonly string[]): boolean {
  return tokens.some((t) => DENIALS.has(t)) && tokens.every((t) => DENIALS.has(t) || DENIAL_COMPANIONS.has(t));
}

/** "Sí", "Sí, un poco", "Claro", "Tuve, sí": an answer that starts by agreeing. */
export function isAffirmation(tokens: readonly string[]): boolean {
  return AFFIRMATIONS.has(tokens[0] ?? '') && !tokens.includes('no');
}
