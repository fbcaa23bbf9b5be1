/**
 * A transcript segment cut into clauses, the unit the clinical grounding checks read: a negation,
 * a side, a dose or a "dejamos" reaches only as far as its clause. Whisper writes one utterance per
 * segment with Spanish punctuation, so clauses end at . ; ! ? and commas, and before the
 * conjunctions that join two statements ("y", "e", "o", "pero", "y después"). A question ("¿…?")
 * is a clause of its own, marked as such: a question is not a finding.
 *
 * A conjunction between two numbers joins the number, not two clauses: "treinta y ocho",
 * "catorce y nueve", "ocho y media", "una o dos veces"; and so does a comma between digits ("38,5").
 *
 * Whisper sometimes drops the question marks. In a segment the doctor said (its speaker role), a
 * clause opening with an accented interrogative ("desde cuándo tiene fiebre", "qué alergias
 * tiene") is read as the question it is; a yes/no question without marks cannot be told from a
 * statement and stays one.
 */
import type { SpeakerRole } from '../storage/types';
import { isQuestion } from '../speech/roles/roleText';
import { normalizeSpanish } from './spanishNumbers';

export interface Clause {
  /** The words as said, for quoting back to the doctor. */
  text: string;
  /** Normalized tokens (spanishNumbers.ts): folded, numbers in digits. */
  tokens: readonly string[];
  question: boolean;
  /** Which sentence of its text the clause is in (0, 1…): a list's items share one. */
  sentence: number;
}

export interface TranscriptSegmentClauses {
  id: string;
  /** Position in the transcript: the segment before is the question this one may answer. */
  order: number;
  text: string;
  clauses: readonly Clause[];
  /** Who said it, when known (speech/roles). */
  role?: SpeakerRole;
}

const CONJUNCTIONS = new Set(['y', 'e', 'o', 'u', 'pero']);
const NUMBER_WORD =
  /^(\d+([.,]\d+)?|un|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\w+|veinti?\w*|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|\w+cientos|\w+cientas|mil|medio|media)$/;

function isNumberWord(word: string | undefined): boolean {
  if (word === undefined) return false;
  return NUMBER_WORD.test(word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}.,]/gu, '').replace(/[.,]+$/, ''));
}

function clause(text: string, question: boolean, sentence: number): Clause | null {
  const trimmed = text.replace(/^[\s,;:]+|[\s,;:]+$/g, '').trim();
  const tokens = normalizeSpanish(trimmed).split(' ').filter(Boolean);
  return tokens.length > 0 ? { text: trimmed, tokens, question, sentence } : null;
}

/** Splits one sentence at commas (not between digits) and at conjunctions (not between numbers). */
function splitSentence(sentence: string, question: boolean, index: number): Clause[] {
  const words = sentence.replace(/(?<!\d),|,(?!\d)/g, ' , ').split(/\s+/).filter(Boolean);
  const out: Clause[] = [];
  let current: string[] = [];
  const flush = () => {
    const made = clause(current.join(' '), question, index);
    if (made) out.push(made);
    current = [];
  };
  words.forEach((word, i) => {
    const folded = word.toLowerCase();
    if (word === ',') return flush();
    const betweenNumbers = isNumberWord(words[i - 1]) && isNumberWord(words[i + 1]);
    // "o sea", "o sea que": a connective, not a second clause.
    const connective = folded === 'o' && words[i + 1]?.toLowerCase() === 'sea';
    if (CONJUNCTIONS.has(folded) && !betweenNumbers && !connective) {
      if (current.length > 0) flush();
      // "y después", "y bueno": the conjunction's companion opens the new clause, harmlessly.
      return;
    }
    current.push(word);
  });
  flush();
  return out;
}

/** The clauses of one segment's text, in order. */
export function splitClauses(text: string): Clause[] {
  // Sentences end at . ! ? ; (a "." between digits is a decimal or thousands mark) and a "¿" opens one.
  const sentences = text
    .replace(/¿/g, '\n¿')
    .split(/(?<=[!?;])|(?<=\.)(?!\d)|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return sentences.flatMap((sentence, index) => splitSentence(sentence, sentence.startsWith('¿') || sentence.endsWith('?'), index));
}

/** The clauses of a segment said by `role`: the doctor's unmarked «qué…», «desde cuándo…» are questions. */
export function speakerClauses(text: string, role: SpeakerRole | undefined): Clause[] {
  const clauses = splitClauses(text);
  if (role !== 'médico') return clauses;
  return clauses.map((c) => (c.question || !isQuestion(c.text) ? c : { ...c, question: true }));
}

/** Every segment of the transcript, in transcript order, cut into clauses. */
export function transcriptClauses(
  segments: readonly { id: string; text: string; role?: SpeakerRole }[],
): Map<string, TranscriptSegmentClauses> {
  return new Map(
    segments.map((s, order) => [
      s.id,
      { id: s.id, order, text: s.text, clauses: speakerClauses(s.text, s.role), ...(s.role === undefined ? {} : { role: s.role }) },
    ]),
  );
}

/**
 * Whether two segments are known to be the same speaker's: then the second is no answer to the
 * first's question («¿Alergias?» / «Te doy amoxicilina», both the doctor's). Unknown roles
 * («sin asignar», or none given) decide nothing.
 */
export function sameSpeaker(a: Pick<TranscriptSegmentClauses, 'role'>, b: Pick<TranscriptSegmentClauses, 'role'>): boolean {
  return a.role !== undefined && a.role !== 'sin asignar' && a.role === b.role;
}
