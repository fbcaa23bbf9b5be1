/**
 * A segment's words in the forms the role cues read: lower case with accents (voseo imperatives
 * «tomá», «respirá» differ from «toma», «respira» only by the accent), folded without accents for
 * everything else, and padded with spaces so a phrase matches whole words only.
 */

export interface RoleText {
  /** Lower-case words with accents, punctuation gone. */
  words: readonly string[];
  /** The same words folded (no accents). */
  folded: readonly string[];
  /** " word word … ", folded: `has(" me duele ")` matches whole words. */
  padded: string;
  /**
   * "¿…?", a "?", or a sentence opening with an accented interrogative («Qué te trae», «Desde
   * cuándo»): Whisper sometimes drops the marks but keeps the accent, which only the interrogative
   * carries. Most of a consultation's questions are the doctor's.
   */
  question: boolean;
}

/**
 * An accented interrogative opening a sentence or a comma-separated clause, after at most a
 * conjunction or preposition («y cuántas», «desde cuándo», «hace cuánto»). Unaccented «que»,
 * «como», «cuando» are relatives and conjunctions: «Como sos alérgica…» is no question.
 */
const INTERROGATIVE_OPENING =
  /(?:^|[.;:,¡!]\s*)(?:(?:y|e|pero|desde|hace|hasta|para|por|de|a|en)\s+)?(?:qué|cuál|cuáles|cuándo|cómo|dónde|adónde|cuánto|cuánta|cuántos|cuántas|quién|quiénes)(?!\p{L})/iu;

/** Whether `text` asks something: marked with «¿»/«?», or opening a sentence or clause with an accented interrogative. */
export function isQuestion(text: string): boolean {
  return /[¿?]/.test(text) || INTERROGATIVE_OPENING.test(text.trim().normalize('NFC'));
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function roleText(text: string): RoleText {
  const words = text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const folded = words.map(fold);
  return { words, folded, padded: ` ${folded.join(' ')} `, question: isQuestion(text) };
}

/** Whether any of `phrases` (folded, space-separated words) is said. */
export function saysAny(text: RoleText, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => text.padded.includes(` ${phrase} `));
}

/** Whether any word (with its accents) is in `words`. */
export function hasWord(text: RoleText, words: ReadonlySet<string>): boolean {
  return text.words.some((word) => words.has(word));
}
