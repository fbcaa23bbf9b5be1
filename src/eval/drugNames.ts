/**
 * Which drug a name means, so that the note's "Ibuprofeno 600" and the reference's «Ibupirac» are
 * the same medication. A name is reduced to its generic key terms: Argentine brand names (the
 * table below, brands as sold in Argentina) and a few generic synonyms are replaced by the
 * generic, then form words ("comprimidos", "jarabe"), salts ("sódica", "clorhidrato"), numbers and
 * units are dropped, and what remains is compared word by word up to accents, case, plural and
 * small endings (the app's `sameWord`).
 *
 * Two names are the same drug only when every key term of each is in the other: "amoxicilina" is
 * not "amoxicilina + clavulánico", and "insulina" is not "insulina glargina".
 */
import { normalizeSpanish } from '../notes/spanishNumbers';
import { MEDICATION_FORM_WORDS, keyTerms, sameWord } from '../notes/terms';

/** Brand (as written on the box) → generic (Spanish INN). Longest phrases are tried first. */
export const ARGENTINE_BRANDS: readonly (readonly [string, string])[] = [
  ['Ibupirac', 'ibuprofeno'],
  ['Actron', 'ibuprofeno'],
  ['Tafirol', 'paracetamol'],
  ['Novemina', 'dipirona'],
  ['Buscapina', 'hioscina'],
  ['Sertal', 'propinox'],
  ['Sertal Compuesto', 'propinox clonixinato'],
  ['Reliverán', 'metoclopramida'],
  ['Amoxidal', 'amoxicilina'],
  ['Amoxidal Duo', 'amoxicilina clavulánico'],
  ['Optamox', 'amoxicilina clavulánico'],
  ['Keflex', 'cefalexina'],
  ['Bactrim', 'trimetoprima sulfametoxazol'],
  ['Flagyl', 'metronidazol'],
  ['Furadantina', 'nitrofurantoína'],
  ['Ciriax', 'ciprofloxacina'],
  ['Tavanic', 'levofloxacina'],
  ['Zitromax', 'azitromicina'],
  ['Lotrial', 'enalapril'],
  ['Losacor', 'losartán'],
  ['Diovan', 'valsartán'],
  ['Norvasc', 'amlodipina'],
  ['Tenormin', 'atenolol'],
  ['Dilatrend', 'carvedilol'],
  ['Nebilet', 'nebivolol'],
  ['Lasix', 'furosemida'],
  ['Aldactone', 'espironolactona'],
  ['Atlansil', 'amiodarona'],
  ['Lanoxin', 'digoxina'],
  ['Sintrom', 'acenocumarol'],
  ['Coumadin', 'warfarina'],
  ['Xarelto', 'rivaroxabán'],
  ['Plavix', 'clopidogrel'],
  ['Aspirineta', 'ácido acetilsalicílico'],
  ['Bayaspirina', 'ácido acetilsalicílico'],
  ['Aspirina', 'ácido acetilsalicílico'],
  ['Lipitor', 'atorvastatina'],
  ['Crestor', 'rosuvastatina'],
  ['Glucophage', 'metformina'],
  ['Daonil', 'glibenclamida'],
  ['Januvia', 'sitagliptina'],
  ['Galvus Met', 'vildagliptina metformina'],
  ['Forxiga', 'dapagliflozina'],
  ['Jardiance', 'empagliflozina'],
  ['Lantus', 'insulina glargina'],
  ['Eutirox', 'levotiroxina'],
  ['T4 Montpellier', 'levotiroxina'],
  ['Losec', 'omeprazol'],
  ['Ulcozol', 'omeprazol'],
  ['Nexium', 'esomeprazol'],
  ['Motilium', 'domperidona'],
  ['Dramamine', 'dimenhidrinato'],
  ['Deltisona B', 'meprednisona'],
  ['Decadron', 'dexametasona'],
  ['Clarityne', 'loratadina'],
  ['Aerius', 'desloratadina'],
  ['Allegra', 'fexofenadina'],
  ['Ventolin', 'salbutamol'],
  ['Seretide', 'fluticasona salmeterol'],
  ['Singulair', 'montelukast'],
  ['Fluimucil', 'acetilcisteína'],
  ['Mucosolvan', 'ambroxol'],
  ['Voltaren', 'diclofenac'],
  ['Tramal', 'tramadol'],
  ['Lyrica', 'pregabalina'],
  ['Neurontin', 'gabapentina'],
  ['Plaquenil', 'hidroxicloroquina'],
  ['Rivotril', 'clonazepam'],
  ['Alplax', 'alprazolam'],
  ['Tranquinal', 'alprazolam'],
  ['Stilnox', 'zolpidem'],
  ['Lexapro', 'escitalopram'],
  ['Zoloft', 'sertralina'],
];

/** Other names of the same generic, written as the canonical one. */
const GENERIC_SYNONYMS: readonly (readonly [string, string])[] = [
  ['metamizol', 'dipirona'],
  ['acetaminofen', 'paracetamol'],
  ['butilescopolamina', 'hioscina'],
  ['escopolamina', 'hioscina'],
  ['aas', 'acido acetilsalicilico'],
  ['amoxicilina clavulanato', 'amoxicilina clavulanico'],
  ['sulfametoxazol trimetoprima', 'trimetoprima sulfametoxazol'],
  ['sulfamidas', 'sulfas'],
  ['sulfonamidas', 'sulfas'],
];

/** Salts and descriptors that do not change which drug it is. */
const SALT_WORDS = new Set(
  'sodica sodico potasica potasico calcica calcico clorhidrato hidrocloruro maleato besilato succinato tartrato butilbromuro bromuro forte retard pediatrico pediatrica infantil adultos'.split(
    ' ',
  ),
);
const IGNORED = new Set([...MEDICATION_FORM_WORDS, ...SALT_WORDS]);

interface Replacement {
  phrase: string[];
  generic: string;
}

const REPLACEMENTS: readonly Replacement[] = [...ARGENTINE_BRANDS, ...GENERIC_SYNONYMS]
  .map(([from, to]) => ({ phrase: normalizeSpanish(from).split(' '), generic: normalizeSpanish(to) }))
  .sort((a, b) => b.phrase.length - a.phrase.length);

/** `name` with brands and synonyms replaced by the generic, normalised. */
export function genericName(name: string): string {
  const tokens = normalizeSpanish(name).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = REPLACEMENTS.find(({ phrase }) => phrase.every((word, k) => tokens[i + k] === word));
    if (hit) {
      out.push(hit.generic);
      i += hit.phrase.length;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out.join(' ');
}

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
