/**
 * Where an item is mentioned in the segments it cites, and how: said as a fact (afirmado), denied
 * (negado) or only asked (preguntado). A question is not a finding: a mention inside "¿…?" takes
 * the polarity of its answer — the rest of the same segment, or else the next segment of the
 * transcript, cited or not — when that answer is a bare "sí"/"no"; otherwise it stays a question.
 *
 * No cap on how many segments an item may cite: a note merged from a long consultation rightly
 * cites a drug in dozens. Instead nothing is pooled for these checks: every judgment is read in the
 * clause that names the item (and the answer to it), so an extra citation can lend the item neither
 * a word nor a number from an unrelated clause.
 */
import type { SpeakerRole } from '../storage/types';
import { sameSpeaker, type Clause, type TranscriptSegmentClauses } from './clauses';
import { isAffirmation, isBareDenial, listDenialAt, negatedAt } from './negation';
import { formPositions, termForms } from './terms';

export type Polarity = 'afirmado' | 'negado' | 'preguntado';

export interface Mention {
  segmentId: string;
  clause: Clause;
  /** Index of the first matched word in the clause's tokens. */
  position: number;
  polarity: Polarity;
  /** Where the polarity was decided (the answer, for a question) and its words. */
  quoteId: string;
  quote: string;
  /** Decided by a bare answer to a question ("No, ninguna"). */
  byAnswer: boolean;
}

/** Forms that only measure, never state, a finding: "36,5 de temperatura" is no fever. */
const MEASURING_FORMS = new Set(['temperatura']);

/** The transcript, to find what answers a question. */
export interface Transcript {
  byId: ReadonlyMap<string, TranscriptSegmentClauses>;
  byOrder: readonly TranscriptSegmentClauses[];
}

/** Positions in `tokens` where any of `forms` starts. */
export function positionsOfForms(forms: readonly string[], tokens: readonly string[]): number[] {
  return [...new Set(forms.flatMap((form) => formPositions(form, tokens)))].sort((a, b) => a - b);
}

/** Every form, folded, of the given key terms: their own words and their groups'. */
export function formsOfTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.flatMap(termForms))].filter((form) => !MEASURING_FORMS.has(form));
}

/** The clause that answers the question `index` of `segment`: later in it, or the next segment's first. */
export function answerTo(
  transcript: Transcript,
  segment: TranscriptSegmentClauses,
  index: number,
): { id: string; clause: Clause; quote: string } | null {
  const later = segment.clauses.slice(index + 1).find((c) => !c.question);
  if (later) return { id: segment.id, clause: later, quote: later.text };
  const next = transcript.byOrder[segment.order + 1];
  if (next && sameSpeaker(segment, next)) return null;
  const first = next?.clauses[0];
  // The whole answer is quoted: "No, ninguna" says more to the doctor than its first word.
  return next && first && !first.question ? { id: next.id, clause: first, quote: next.text } : null;
}

/** The polarity of a mention at `position` of clause `index` of `segment`. */
export function polarityAt(
  transcript: Transcript,
  segment: TranscriptSegmentClauses,
  index: number,
  position: number,
): Pick<Mention, 'polarity' | 'quoteId' | 'quote' | 'byAnswer'> {
  const clause = segment.clauses[index];
  if (!clause) return { polarity: 'afirmado', quoteId: segment.id, quote: '', byAnswer: false };
  if (clause.question) {
    const answer = answerTo(transcript, segment, index);
    if (answer && isBareDenial(answer.clause.tokens)) return { polarity: 'negado', quoteId: answer.id, quote: answer.quote, byAnswer: true };
    if (answer && isAffirmation(answer.clause.tokens)) return { polarity: 'afirmado', quoteId: answer.id, quote: answer.quote, byAnswer: true };
    return { polarity: 'preguntado', quoteId: segment.id, quote: clause.text, byAnswer: false };
  }
  if (negatedAt(clause.tokens, position)) return { polarity: 'negado', quoteId: segment.id, quote: clause.text, byAnswer: false };
  const listHead = listDenialAt(segment.clauses, index);
  if (listHead !== null) {
    // The denial and the item together: "descartamos un infarto, un síndrome coronario agudo".
    const joiner = listHead === index - 1 ? ', ' : ', …, ';
    return { polarity: 'negado', quoteId: segment.id, quote: `${segment.clauses[listHead]?.text ?? ''}${joiner}${clause.text}`, byAnswer: false };
  }
  const next = segment.clauses[index + 1];
  // "Fiebre, no." / "A la penicilina, eso no.": a bare denial right after negates this clause.
  if (next && !next.question && isBareDenial(next.tokens)) {
    return { polarity: 'negado', quoteId: segment.id, quote: `${clause.text}, ${next.text}`, byAnswer: false };
  }
  return { polarity: 'afirmado', quoteId: segment.id, quote: clause.text, byAnswer: false };
}

/** One mention per cited clause that says any of `forms`, in transcript order. */
export function mentionsOf(forms: readonly string[], cited: readonly TranscriptSegmentClauses[], transcript: Transcript): Mention[] {
  const mentions: Mention[] = [];
  for (const segment of cited) {
    segment.clauses.forEach((clause, index) => {
      const [position] = positionsOfForms(forms, clause.tokens);
      if (position === undefined) return;
      mentions.push({ segmentId: segment.id, clause, position, ...polarityAt(transcript, segment, index, position) });
    });
  }
  return mentions;
}

/** Who said the words that decided a mention (the answer's speaker, for a question), when known. */
export function speakerOf(transcript: Transcript, mention: Pick<Mention, 'quoteId'>): SpeakerRole | undefined {
  return transcript.byId.get(mention.quoteId)?.role;
}

/** Whether the patient or the companion said the words at `quoteId` (false when nobody knows). */
export function saidByPatientSide(transcript: Transcript, quote: Pick<Mention, 'quoteId'>): boolean {
  const speaker = speakerOf(transcript, quote);
  return speaker === 'paciente' || speaker === 'acompañante';
}

/**
 * The patient's (or companion's) denial among `mentions`, if any: it outweighs the doctor saying
 * the same finding as present («Como tenés fiebre…» / «Fiebre no tuve»). Null without roles.
 */
export function patientDenial(mentions: readonly Mention[], transcript: Transcript): Mention | null {
  return mentions.find((m) => m.polarity === 'negado' && saidByPatientSide(transcript, m)) ?? null;
}

/** Whether `mention` is the doctor stating as present what the patient side denied: it grounds nothing. */
export function overruledByPatient(mention: Mention, patientDenied: boolean, transcript: Transcript): boolean {
  return patientDenied && mention.polarity === 'afirmado' && speakerOf(transcript, mention) === 'médico';
}

/** «"No, ninguna"»: a quote for a reason, cut to a readable length. */
export function quoted(text: string): string {
  const MAX_QUOTE_CHARS = 80;
  const clean = text.replace(/[.\s]+$/, '');
  return `"${clean.length > MAX_QUOTE_CHARS ? `${clean.slice(0, MAX_QUOTE_CHARS - 1)}…` : clean}"`;
}

/** The reason for a denied mention: «El paciente lo negó en s4: "No, ninguna".» */
export function deniedReason(mention: Pick<Mention, 'quoteId' | 'quote' | 'byAnswer'>): string {
  return mention.byAnswer
    ? `El paciente lo negó en ${mention.quoteId}: ${quoted(mention.quote)}.`
    : `Se niega en ${mention.quoteId}: ${quoted(mention.quote)}.`;
}

/** The reason for a mention that is only a question. */
export function askedReason(mention: Pick<Mention, 'quoteId' | 'quote'>): string {
  return `En ${mention.quoteId} solo se pregunta (${quoted(mention.quote)}); la respuesta no lo confirma.`;
}
