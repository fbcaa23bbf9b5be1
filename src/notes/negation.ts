/**
 * Negation in Spanish clinical speech, read on a clause's normalized tokens (clauses.ts). A term is
 * negated by a cue before it ("no tengo fiebre", "sin fiebre", "niega alergias", "nunca tuve asma",
 * "descartamos neumonía", "no creo que sea una apendicitis") or after it ("fiebre no tuve",
 * "alergias ninguna", "neumonía descartada"). A clause made only of a denial ("No.", "No, ninguna",
 * "Que sepamos no", "Eso no") answers the question or negates the clause before it.
 *
 * Scope is the clause and a few words: "pero", "sino" and a comma end it — except in a list, where a
 * denial reaches the next items of its sentence (`negatedByList`): "descartamos un infarto, un
 * síndrome coronario agudo", "no tiene fiebre, tos ni mocos", "niega fiebre, vómitos, diarrea".
 * "No se me pasa
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
  // "vamos a descartar", "para descartar", "hay que descartar" take the infinitive: to be ruled out,
  // i.e. suspected. A conjugated form after "que" is a ruling: "así que descartamos una
  // pielonefritis", "por lo que descartamos…". Only a condition keeps it open: "si descartamos…".
  return tokens[cue] === 'descartar' || ['a', 'para', 'si'].includes(tokens[cue - 1] ?? '');
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

/**
 * Words that make a clause a statement of its own rather than one more item of a denied list:
 * "no tengo fiebre, tos un poco", "sin fiebre, con tos", "no tiene fiebre, tiene tos desde ayer".
 */
const OWN_STATEMENT = new Set(
  (
    'si con pero aunque solo salvo excepto sino tambien mas poco mucho mucha muchos muchas algo bastante ' +
    'me te se le les nos lo tiene tengo tenes tuvo tuve tenia hay hubo habia presenta presento refiere refirio ' +
    'es son era fue esta estan estaba estuvo sigue siguen sigo persiste persisten aparece aparecio empezo arranco ' +
    'duele duelen dolia siento siente sintio noto note viene vino desde hace ayer anoche noche manana tarde'
  ).split(' '),
);
/** What opens a list item that cannot be a statement: "un síndrome coronario", "ni mocos". */
const ITEM_OPENERS = new Set(['un', 'una', 'unos', 'unas', 'el', 'la', 'los', 'las', 'ni']);
/** Cues a doctor dictates a bare list after: "niega fiebre, vómitos, diarrea", "descartamos…". */
const LIST_CUES = /^(niega|niego|nego|negaba|descarta|descartamos|descarto|descartan|descartada|descartado)$/;
const MAX_ITEM_TOKENS = 6;

/** The list clauses `negatedByList` reads: the text's words, in order, by sentence. */
interface ListClause {
  tokens: readonly string[];
  question: boolean;
  sentence: number;
}

function isListItem(clause: ListClause | undefined, sentence: number): clause is ListClause {
  return (
    clause !== undefined &&
    clause.sentence === sentence &&
    !clause.question &&
    clause.tokens.length <= MAX_ITEM_TOKENS &&
    !clause.tokens.some((t) => OWN_STATEMENT.has(t))
  );
}

/** The cue that denies the last word of `tokens` (a denial reaching to the clause's end), or null. */
function tailCue(tokens: readonly string[]): string | null {
  const cue = negationCue(tokens, tokens.length - 1);
  return cue === null || cue === tokens.length - 1 ? null : (tokens[cue] ?? null);
}

/**
 * Whether clause `index` is one more item of a list that an earlier clause of its sentence denies:
 * "descartamos un infarto, un síndrome coronario agudo", "no tiene fiebre, tos ni mocos". An item
 * must be short and state nothing of its own, and open with an article or "ni" ("un síndrome…",
 * "ni mocos"), hold a "ni" ("tos ni mocos"), come before one that does ("fiebre, tos, ni mocos"),
 * or follow a cue that takes bare lists ("niega fiebre, vómitos, diarrea"). A bare item after "no"
 * or "sin" is not read as denied: "sin fiebre, tos" may well mean the patient has a cough.
 */
export function negatedByList(clauses: readonly ListClause[], index: number): boolean {
  return listDenialAt(clauses, index) !== null;
}

/** The index of the clause whose denial reaches clause `index` as a list item (see `negatedByList`), or null. */
export function listDenialAt(clauses: readonly ListClause[], index: number): number | null {
  const item = clauses[index];
  if (!item || !isListItem(item, item.sentence)) return null;
  let head = index - 1;
  let cue: string | null = null;
  while (head >= 0) {
    const before = clauses[head];
    if (!before || before.sentence !== item.sentence || before.question) return null;
    cue = tailCue(before.tokens);
    if (cue !== null) break;
    if (!isListItem(before, item.sentence)) return null;
    head -= 1;
  }
  if (cue === null) return null;
  const opensItem = (c: ListClause) => ITEM_OPENERS.has(c.tokens[0] ?? '') || c.tokens.includes('ni');
  if (opensItem(item) || LIST_CUES.test(cue)) return head;
  for (let next = index + 1; isListItem(clauses[next], item.sentence); next += 1) {
    if (opensItem(clauses[next] as ListClause)) return head;
  }
  return null;
}
