/**
 * Findings a narrative section states, checked against how they were said: "Tos y fiebre" where the
 * patient said "fiebre no tuve" is flagged, and so is "Sin fiebre" where fever was said. Only the
 * findings below are read — the symptoms whose presence or absence changes what a doctor does —
 * each in its clinical and its spoken forms. A finding the cited segments never mention is left to
 * the other checks (evidence, numbers). Where speakers are known, the patient's denial outweighs
 * the doctor naming the finding: the note's "fiebre" needs more than the doctor's words against
 * the patient's "fiebre no tuve".
 */
import type { TranscriptSegmentClauses } from './clauses';
import { splitClauses } from './clauses';
import { deniedReason, mentionsOf, overruledByPatient, patientDenial, positionsOfForms, quoted, type Transcript } from './mentions';
import { isBareDenial, negatedAt, negatedByList } from './negation';

/** The findings read, each with its clinical and spoken forms (folded); the eval harness reads denials with them too. */
export const FINDINGS: readonly (readonly [string, readonly string[]])[] = [
  ['fiebre', ['fiebre', 'febril', 'calentura']],
  ['tos', ['tos', 'tose', 'tosiendo', 'tosio']],
  ['dolor torácico', ['dolor toracico', 'dolor de pecho', 'dolor en el pecho', 'duele el pecho', 'opresion en el pecho', 'dolor precordial', 'puntada en el pecho']],
  ['disnea', ['disnea', 'falta de aire', 'falta el aire', 'ahogo', 'cuesta respirar']],
  ['vómitos', ['vomitos', 'vomito', 'vomita', 'vomite', 'devolvio']],
  ['diarrea', ['diarrea']],
  ['cefalea', ['cefalea', 'dolor de cabeza', 'duele la cabeza']],
  ['mareos', ['mareo', 'mareos', 'mareado', 'mareada']],
  ['síncope', ['sincope', 'desmayo', 'desmaye', 'desmayo']],
  ['palpitaciones', ['palpitaciones']],
  ['sangrado', ['sangrado', 'sangre', 'sangra']],
  ['convulsiones', ['convulsion', 'convulsiones', 'convulsiono']],
  ['dolor abdominal', ['dolor abdominal', 'dolor de panza', 'duele la panza', 'dolor de estomago']],
  ['alergias', ['alergia', 'alergias', 'alergico', 'alergica']],
];

/** Problems (Spanish) with the findings `text` states, as the cited segments say them. */
export function sectionFindingsCheck(text: string, cited: readonly TranscriptSegmentClauses[], transcript: Transcript): string[] {
  const problems: string[] = [];
  const checked = new Set<string>();
  const clauses = splitClauses(text);
  clauses.forEach((clause, index) => {
    for (const [name, forms] of FINDINGS) {
      const [position] = positionsOfForms(forms, clause.tokens);
      if (position === undefined || checked.has(name)) continue;
      checked.add(name);
      const next = clauses[index + 1];
      const noteDenies =
        negatedAt(clause.tokens, position) || negatedByList(clauses, index) || (next !== undefined && isBareDenial(next.tokens));
      const mentions = mentionsOf(forms, cited, transcript);
      const patientDenied = patientDenial(mentions, transcript);
      const affirmed = mentions.find((m) => m.polarity === 'afirmado' && !overruledByPatient(m, patientDenied !== null, transcript));
      const denied = patientDenied ?? mentions.find((m) => m.polarity === 'negado');
      if (!noteDenies && mentions.length > 0 && !affirmed) {
        problems.push(denied ? `La nota dice ${name}, pero: ${deniedReason(denied)}` : `La nota dice ${name}, pero en ${mentions[0]?.quoteId} solo se pregunta.`);
      }
      if (noteDenies && affirmed && !mentions.some((m) => m.polarity === 'negado')) {
        problems.push(`La nota niega ${name}, pero en ${affirmed.quoteId} se dijo: ${quoted(affirmed.quote)}.`);
      }
    }
  });
  return problems;
}
