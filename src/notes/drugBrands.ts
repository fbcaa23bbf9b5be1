/**
 * Drug names as people say them: Argentine brand names (as sold in Argentina) and other names of
 * the same generic, each with its generic (Spanish INN). Doctors and patients say "Amoxidal",
 * "Tafirol", "el Lotrial"; the note writes the generic, or the other way round. Grounding reads
 * a brand as its generic (medicationScope.ts, grounding.ts) and the eval harness compares drugs by
 * their generic (eval/drugNames.ts).
 *
 * A brand of a combination names every generic in it: "Amoxidal Duo" is amoxicilina and
 * clavulánico, so it grounds a note's "Amoxicilina" but "Amoxidal" never grounds "Amoxicilina +
 * ácido clavulánico".
 */
import { normalizeSpanish } from './spanishNumbers';
import { MEDICATION_FORM_WORDS, formPositions, keyTerms, sameWord, termSaid, type SaidText } from './terms';

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

/** Every name and the generic's key terms it stands for (folded): "amoxidal duo" → amoxicilina, clavulanico. */
const ALIASES: readonly { phrase: string; generics: readonly string[] }[] = REPLACEMENTS.map(({ phrase, generic }) => ({
  phrase: phrase.join(' '),
  generics: keyTerms(generic, MEDICATION_FORM_WORDS),
}));

/** The generic a said word names when it is a brand or another name ("amoxidal" → "amoxicilina"), or null. */
export function genericOfWord(word: string): string | null {
  const alias = ALIASES.find(({ phrase }) => !phrase.includes(' ') && sameWord(word, phrase));
  return alias?.generics[0] ?? null;
}

/** The key terms of a drug name read as its generics: «Amoxidal 500» → amoxicilina; «Aspirina» → acetilsalicilico. */
export function genericTerms(name: string): string[] {
  return keyTerms(genericName(name), MEDICATION_FORM_WORDS);
}

/** The names a generic's key term can be said by: "amoxicilina" → amoxidal, amoxidal duo, optamox. */
export function aliasesOf(term: string): string[] {
  return ALIASES.filter(({ generics }) => generics.some((g) => sameWord(g, term))).map(({ phrase }) => phrase);
}

/** Whether a generic's key term was said, by its own name or by a brand or other name that contains it. */
export function drugTermSaid(term: string, said: SaidText): boolean {
  return termSaid(term, said) || aliasesOf(term).some((alias) => formPositions(alias, said.words).length > 0);
}
