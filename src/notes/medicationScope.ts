/**
 * Which drug each stretch of the cited clauses is about, so every number is bound to its own drug:
 * "ibuprofeno de seiscientos cada ocho horas y paracetamol de quinientos cada seis" gives 600 and 8 h
 * to ibuprofen only. A clause that names a drug belongs to it (numbers before the first name too:
 * "seiscientos de ibuprofeno"); a clause that names none continues the drug before it ("amoxicilina
 * de 500, cada 8 horas, por 7 días"), across consecutive segments too ("Te doy amoxicilina." /
 * "Quinientos cada ocho horas."), until another drug is named. Other drugs are the note's medications
 * and allergies plus the common ones below, so a drug the note left out still ends the scope. A
 * brand is its generic ("Amoxidal de quinientos" is amoxicillin's 500, drugBrands.ts): owners are
 * generic names, and so must be the drugs asked about.
 */
import type { TranscriptSegmentClauses } from './clauses';
import { conditionsOf } from './conditions';
import { genericOfWord } from './drugBrands';
import { hasActionCue } from './medicationAction';
import { sameWord } from './terms';

/** Drugs commonly named in Argentine primary care (folded), besides the note's own. */
const COMMON_DRUGS = (
  'ibuprofeno paracetamol dipirona diclofenac ketorolac aspirina amoxicilina azitromicina claritromicina cefalexina ' +
  'ciprofloxacina nitrofurantoina metronidazol penicilina enalapril losartan amlodipina atenolol bisoprolol carvedilol ' +
  'hidroclorotiazida furosemida metformina insulina atorvastatina simvastatina omeprazol ranitidina loratadina ' +
  'cetirizina salbutamol budesonide prednisona betametasona dexametasona clonazepam alprazolam sertralina fluoxetina ' +
  'escitalopram levotiroxina tramadol clopidogrel acenocumarol warfarina'
).split(' ');

/** Tokens of one clause (or part of it) and the drug they are about (null: none yet). */
export interface DrugPiece {
  segmentId: string;
  owner: string | null;
  text: string;
  tokens: string[];
  /** The clause that opened the condition this piece is said under ("si te cae mal"), if any (conditions.ts). */
  condition: string | null;
}

/** The drug `token` names, out of `drugs` (folded names) or as a brand of its generic ("amoxidal"), or null. */
function drugAt(token: string, drugs: readonly string[]): string | null {
  return genericOfWord(token) ?? drugs.find((drug) => sameWord(token, drug)) ?? null;
}

/** Every cited clause cut into pieces by the drug they are about; `drugs` are folded names, the item's first. */
export function drugPieces(cited: readonly TranscriptSegmentClauses[], noteDrugs: readonly string[]): DrugPiece[] {
  const drugs = [...new Set([...noteDrugs, ...COMMON_DRUGS])];
  const pieces: DrugPiece[] = [];
  let owner: string | null = null;
  let carried: string | null = null;
  let previousOrder = -2;
  for (const segment of cited) {
    if (segment.order !== previousOrder + 1) {
      owner = null;
      carried = null;
    }
    previousOrder = segment.order;
    // A condition left open at the end of a segment cut mid-sentence reaches into the next one.
    const conditions = conditionsOf(segment.clauses, (c) => hasActionCue(c.tokens), carried);
    carried = /[.!?;]\s*$/.test(segment.text) ? null : conditions.open;
    segment.clauses.forEach((clause, index) => {
      const condition = conditions.under[index] ?? null;
      const named = clause.tokens.map((token) => drugAt(token, drugs));
      const first = named.find((drug) => drug !== null);
      let current: DrugPiece = { segmentId: segment.id, owner: first ?? owner, text: clause.text, tokens: [], condition };
      clause.tokens.forEach((token, i) => {
        const drug = named[i];
        if (drug && drug !== current.owner) {
          if (current.tokens.length > 0) pieces.push(current);
          current = { segmentId: segment.id, owner: drug, text: clause.text, tokens: [], condition };
        }
        current.tokens.push(token);
      });
      pieces.push(current);
      owner = current.owner;
    });
  }
  return pieces;
}
