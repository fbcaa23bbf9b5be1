/**
 * The note's structured lists against the reference, field by field. Every item of the note gets a
 * verdict — right, wrong (the reference has that item, but a detail differs: dose, frequency,
 * action, certainty, side, value) or invented (the reference has nothing like it) — and every
 * reference item is found or missed. Rules per field: src/eval/README.md.
 *
 * One-to-one fields (medications, allergies, diagnoses, vitals, follow-up) pair items greedily in
 * order, pairs that are right first, then pairs that are only the same item. Orders and referrals
 * are matched by coverage: a note line is right when it names at least one reference item, and a
 * reference item is found when some note line names it.
 */
import type { ClinicalNote } from '../notes/noteSchema';
import type { CaseReference } from './caseFile';
import type { FieldMatch, ScoredField } from './judged';
import { matchAllergies, matchDiagnoses, matchMedications } from './matchItems';
import { matchFollowUp, matchOrders, matchReferrals } from './matchLists';
import { matchVitals } from './matchVitals';

export { SCORED_FIELDS, type FieldMatch, type JudgedItem, type ScoredField, type Verdict } from './judged';
export { matchAllergies, matchDiagnoses, matchMedications } from './matchItems';
export { matchFollowUp, matchOrders, matchReferrals } from './matchLists';
export { matchVitals } from './matchVitals';

export function matchAllFields(reference: CaseReference, note: ClinicalNote): Record<ScoredField, FieldMatch> {
  return {
    medications: matchMedications(reference, note),
    allergies: matchAllergies(reference, note),
    diagnoses: matchDiagnoses(reference, note),
    vitals: matchVitals(reference, note),
    orders: matchOrders(reference, note),
    referrals: matchReferrals(reference, note),
    followUp: matchFollowUp(reference, note),
  };
}
