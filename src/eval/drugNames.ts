/**
 * Which drug a name means, so that the note's "Ibuprofeno 600" and the reference's «Ibupirac» are
 * the same medication. A name is reduced to its generic key terms: Argentine brand names (the
 * table in notes/drugBrands.ts, brands as sold in Argentina) and a few generic synonyms are replaced by the
 * generic, then form words ("comprimidos", "jarabe"), salts ("sódica", "clorhidrato"), numbers and
 * units are dropped, and what remains is compared word by word up to accents, case, plural and
 * small endings (the app's `sameWord`).
 *
 * Two names are the same drug only when every key term of each is in the other: "amoxicilina" is
 * not "amoxicilina + clavulánico", and "insulina" is not "insulina glargina".
 */
import { ARGENTINE_BRANDS, genericName } from '../notes/drugBrands';
import { MEDICATION_FORM_WORDS, keyTerms, sameWord } from '../notes/terms';

export { ARGENTINE_BRANDS, genericName };

/** Salts and descriptors that do not change which drug it is. */
const SALT_WORDS = new Set(
  'sodica sodico potasica potasico calcica calcico clorhidrato hidrocloruro maleato besilato succinato tartrato butilbromuro bromuro forte retard pediatrico pediatrica infantil adultos'.split(
    ' ',
  ),
);
const IGNORED = new Set([...MEDICATION_FORM_WORDS, ...SALT_WORDS]);

/** The words that say which drug it is: "Ibupirac 600 comprimidos" → ["ibuprofeno"]. */
export function drugTerms(name: string): string[] {
  return keyTerms(genericName(name), IGNORED);
}

/** Whether two medication names mean the same drug (every key term of each found in the other). */
export function sameDrug(a: string, b: string): boolean {
  const left = drugTerms(a);
  const right = drugTerms(b);
  if (left.length === 0 || right.length === 0) return false;
  const covered = (from: readonly string[], into: readonly string[]) => from.every((t) => into.some((u) => sameWord(t, u)));
  return covered(left, right) && covered(right, left);
}
