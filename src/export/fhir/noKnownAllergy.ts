/**
 * Whether the note's pertinent negatives deny allergies as a whole («Niega alergias», «Sin
 * alergias conocidas», «No refiere alergias medicamentosas»), and which kind: any, to drugs, to
 * food. A denial of one substance («Niega alergia a la penicilina») is not «no known allergies»
 * and answers null, as does anything else: exported as an IPS «no known allergy» code, a wrong
 * yes would tell the next doctor the patient has none.
 */
import type { PertinentNegative } from '../../notes/noteSchema';
import { deniedFindingTerms } from '../../notes/negativeGrounding';

export type NoKnownAllergyKind = 'any' | 'drug' | 'food';

const ALLERGY_WORD = /^alerg/;
/** Words that only qualify the denial, not name a substance. */
const QUALIFIERS = new Set('antecedente antecedentes conocida conocidas previa previas referida referidas declarada declaradas otra otras ninguna tener tiene'.split(' '));
const DRUG_WORDS = new Set('medicamentosa medicamentosas medicamento medicamentos farmaco farmacos droga drogas'.split(' '));
const FOOD_WORDS = new Set('alimentaria alimentarias alimenticia alimenticias alimento alimentos comida comidas'.split(' '));

/** The kind of the first whole denial of allergies among `negatives`, if any (a general one wins). */
export function noKnownAllergy(negatives: readonly PertinentNegative[]): NoKnownAllergyKind | null {
  const kinds = negatives.map((negative) => deniedKind(negative.text)).filter((kind) => kind !== null);
  return kinds.includes('any') ? 'any' : (kinds[0] ?? null);
}

function deniedKind(text: string): NoKnownAllergyKind | null {
  const terms = deniedFindingTerms(text);
  if (!terms.some((term) => ALLERGY_WORD.test(term))) return null;
  const rest = terms.filter((term) => !ALLERGY_WORD.test(term) && !QUALIFIERS.has(term));
  if (rest.length === 0) return 'any';
  if (rest.every((term) => DRUG_WORDS.has(term))) return 'drug';
  if (rest.every((term) => FOOD_WORDS.has(term))) return 'food';
  return null;
}
