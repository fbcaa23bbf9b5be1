/**
 * A medication's dose, frequency and duration must be said for that drug (medicationScope.ts), not
 * merely somewhere in the cited segments; and its action must not contradict what the doctor said
 * about it (medicationAction.ts). When a number was said for another drug, the reason names it:
 * «La dosis 600 mg se dijo para ibuprofeno, no para paracetamol (s3).» A drug only asked about
 * («¿Toma enalapril?» / «No.») is not one the patient takes or is given.
 */
import type { TranscriptSegmentClauses } from './clauses';
import { askedReason, deniedReason, formsOfTerms, mentionsOf, type Transcript } from './mentions';
import { actionCheck } from './medicationAction';
import { aliasesOf } from './drugBrands';
import { drugPieces, type DrugPiece } from './medicationScope';
import type { Medication } from './noteSchema';
import { describeQuantity, quantitiesIn, quantitiesSaid, unmatchedQuantities, type Quantity } from './quantities';
import { strengthAsDose, tabletDoses } from './tabletDoses';
import { sameWord } from './terms';

const FIELDS = [
  ['dose', 'la dosis'],
  ['frequency', 'la frecuencia'],
  ['duration', 'la duración'],
] as const;

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The quantities said in `pieces`, with the doses their tablet counts and strengths make together. */
function saidIn(pieces: readonly DrugPiece[]): Quantity[] {
  const texts = pieces.map((piece) => piece.tokens.join(' '));
  return [...texts.flatMap(quantitiesSaid), ...tabletDoses(texts)];
}

/**
 * Problems (Spanish) with `medication` given the cited segments. `drug` is its folded main name,
 * `noteDrugs` every drug the note names. Returns null when the drug is never named in the cited
 * clauses: the name check reports that, and the numbers are then checked the old, pooled way.
 */
export function medicationCheck(
  medication: Medication,
  drug: string,
  noteDrugs: readonly string[],
  cited: readonly TranscriptSegmentClauses[],
): string[] | null {
  const pieces = drugPieces(cited, [drug, ...noteDrugs]);
  const own = pieces.filter((p) => p.owner !== null && sameWord(p.owner, drug));
  if (own.length === 0) return null;
  const said = saidIn(own);
  const problems: string[] = [];
  const refs = [...new Set(own.map((p) => p.segmentId))].join(', ');
  const heard = [...new Set(said.filter((q) => !q.derived).map(describeQuantity))].slice(0, 6);
  const detail = heard.length > 0 ? ` (se dijo: ${heard.join(', ')})` : ' (no se dijo ningún número)';
  for (const [field, label] of FIELDS) {
    const unsaid: string[] = [];
    for (const quantity of unmatchedQuantities(quantitiesIn(medication[field] ?? ''), said)) {
      const elsewhere = pieces.find((p) => !own.includes(p) && unmatchedQuantities([quantity], saidIn([p])).length === 0);
      if (elsewhere?.owner) {
        problems.push(`${capitalized(label)} ${describeQuantity(quantity)} se dijo para ${elsewhere.owner}, no para ${drug} (${elsewhere.segmentId}).`);
      } else unsaid.push(describeQuantity(quantity));
    }
    if (unsaid.length > 0) {
      const verb = unsaid.length === 1 ? 'coincide' : 'coinciden';
      problems.push(`En ${label}, ${unsaid.join(', ')} no ${verb} con lo dicho para ${drug} en ${refs}${detail}.`);
    }
  }
  const tabletStrength = strengthAsDose(medication.dose, own.map((p) => p.tokens.join(' ')));
  if (tabletStrength) problems.push(tabletStrength);
  return [...problems, ...actionCheck(medication.action, own)];
}

/**
 * A medication taken, started or changed needs a cited mention that is not only a question: when
 * every cited mention of `drug` is asked («¿Toma enalapril?», «¿Te dieron amoxicilina?») and no
 * answer confirms it, the item is flagged. «Mencionada» and «suspende» are left alone: a question
 * does mention a drug, and «¿Sigue con el ibuprofeno?» / «No, lo dejé» is a stop.
 */
export function askedMedicationCheck(
  medication: Medication,
  drug: string,
  cited: readonly TranscriptSegmentClauses[],
  transcript: Transcript,
): string[] {
  if (medication.action === 'mencionada' || medication.action === 'suspende') return [];
  const mentions = mentionsOf([...formsOfTerms([drug]), ...aliasesOf(drug)], cited, transcript);
  const [first] = mentions;
  const onlyAsked = mentions.every((m) => m.polarity === 'preguntado' || (m.polarity === 'negado' && m.byAnswer));
  if (!first || !onlyAsked) return [];
  const denied = mentions.find((m) => m.polarity === 'negado');
  return [denied ? deniedReason(denied) : askedReason(first)];
}
