/**
 * An allergy needs a cited mention of its substance said as an allergy: in a segment that speaks of
 * allergy or a reaction ("soy alérgico a la penicilina", "me salen ronchas"), or answering a question
 * about allergies ("¿Alergias?" / "A la penicilina"). A substance named elsewhere ("te doy
 * ibuprofeno") is no allergy; a denial ("No, ninguna", "alérgico no soy", "¿Es alérgico a la
 * penicilina?" / "No") is reported as such, since it is the most dangerous thing to get wrong here.
 *
 * With speaker roles, an answer is the other side's: after the doctor's "¿Alergias?", the doctor's
 * own "te doy amoxicilina" is no allergy to amoxicillin; and the patient's denial outweighs the
 * doctor naming the allergy.
 */
import { sameSpeaker, type TranscriptSegmentClauses } from './clauses';
import { aliasesOf } from './drugBrands';
import {
  askedReason,
  deniedReason,
  formsOfTerms,
  mentionsOf,
  overruledByPatient,
  patientDenial,
  quoted,
  saidByPatientSide,
  type Mention,
  type Transcript,
} from './mentions';
import { isBareDenial, negatedAt } from './negation';

const ALLERGY_WORDS =
  /^(alerg\w*|reaccion|reacciones|anafilaxia|ronchas|roncha|broto|brota|brotaron|brote|hinche|hincho|hinchazon|urticaria)$/;
const ALLERGY_PHRASES = [' me cae mal ', ' le cae mal ', ' me hace mal ', ' le hace mal ', ' me salen ', ' me salio ', ' le salen '];

function speaksOfAllergy(tokens: readonly string[]): boolean {
  const padded = ` ${tokens.join(' ')} `;
  return tokens.some((t) => ALLERGY_WORDS.test(t)) || ALLERGY_PHRASES.some((p) => padded.includes(p));
}

interface AllergyContext {
  affirmed: boolean;
  denial: Pick<Mention, 'quoteId' | 'quote' | 'byAnswer'> | null;
}

/** Whether `segment` speaks of allergy as present, or denies it ("No, ninguna" after "¿Alergias?"). */
function allergyContext(transcript: Transcript, segment: TranscriptSegmentClauses): AllergyContext {
  const previous = transcript.byOrder[segment.order - 1];
  // The doctor's own next segment is no answer to the doctor's question.
  const asked =
    previous !== undefined && !sameSpeaker(previous, segment) && previous.clauses.some((c) => c.question && speaksOfAllergy(c.tokens));
  const first = segment.clauses[0];
  if (asked && first && isBareDenial(first.tokens)) {
    return { affirmed: false, denial: { quoteId: segment.id, quote: segment.text, byAnswer: true } };
  }
  let affirmed = asked;
  let denial: AllergyContext['denial'] = null;
  segment.clauses.forEach((clause, index) => {
    if (clause.question || !speaksOfAllergy(clause.tokens)) return;
    const at = clause.tokens.findIndex((t) => ALLERGY_WORDS.test(t));
    const next = segment.clauses[index + 1];
    if ((at >= 0 && negatedAt(clause.tokens, at)) || (next && isBareDenial(next.tokens))) {
      denial ??= { quoteId: segment.id, quote: clause.text, byAnswer: false };
    } else affirmed = true;
  });
  return { affirmed: affirmed && denial === null, denial };
}

/** Problems (Spanish) with an allergy to `terms` (the substance's generic key terms, drugBrands.ts) as the cited segments say it. */
export function allergyCheck(terms: readonly string[], cited: readonly TranscriptSegmentClauses[], transcript: Transcript): string[] {
  // A brand is its generic: "alérgico al Amoxidal" names amoxicillin, and so does its denial.
  const mentions = mentionsOf([...formsOfTerms(terms), ...terms.flatMap(aliasesOf)], cited, transcript);
  const contexts = new Map(cited.map((s) => [s.id, allergyContext(transcript, s)]));
  const patientDenied =
    patientDenial(mentions, transcript) ??
    [...contexts.values()].find((c) => c.denial && saidByPatientSide(transcript, c.denial))?.denial ??
    null;
  const supported = mentions.some(
    (m) =>
      m.polarity === 'afirmado' &&
      !overruledByPatient(m, patientDenied !== null, transcript) &&
      ((m.clause.question && m.byAnswer && speaksOfAllergy(m.clause.tokens)) || contexts.get(m.segmentId)?.affirmed === true),
  );
  if (supported) return [];
  const denied = patientDenied ?? mentions.find((m) => m.polarity === 'negado') ?? [...contexts.values()].find((c) => c.denial)?.denial;
  if (denied) return [deniedReason(denied)];
  const asked = mentions.find((m) => m.polarity === 'preguntado');
  if (asked) return [askedReason(asked)];
  const elsewhere = mentions[0];
  return elsewhere ? [`En ${elsewhere.segmentId} se nombra, pero no como alergia: ${quoted(elsewhere.clause.text)}.`] : [];
}
