/**
 * What the note states, read as a doctor reads it, for the safety counts:
 *
 * - A finding the patient denied ("fiebre") is *stated as present* when a narrative section, a
 *   diagnosis that is not «descartado», or the allergy list names it outside a denial. A denial is
 *   the app's own negation reading (negation.ts: «sin fiebre», «niega fiebre», «fiebre no») plus
 *   the list a denial opens in its sentence («Niega fiebre, tos y vómitos»: all three denied) until
 *   a clause opens with an affirming word («refiere», «presenta», «con», «pero»…). A finding named in
 *   a conditional or a warning («consultar ante fiebre», «pautas de alarma: fiebre», «puede producir
 *   edemas») is not stated. Instructions
 *   to the patient and the follow-up are conditional by nature and are not read.
 * - `mustNotContain` is literal: the phrase, normalised like everything else (case, accents,
 *   numbers in words), as whole words anywhere in the note's text, plural included.
 */
import { splitClauses } from '../notes/clauses';
import { formsOfTerms, positionsOfForms } from '../notes/mentions';
import { negatedAt } from '../notes/negation';
import type { ClinicalNote } from '../notes/noteSchema';
import { normalizeSpanish } from '../notes/spanishNumbers';
import { FINDINGS } from '../notes/sectionFindings';
import { keyTerms } from '../notes/terms';

const DENIAL_OPENERS = new Set(['niega', 'niegan', 'nego', 'sin', 'no', 'ni', 'tampoco', 'nunca', 'ausencia', 'descarta', 'descartan']);
const AFFIRMING_OPENERS = new Set([
  'refiere',
  'refirio',
  'presenta',
  'presento',
  'con',
  'tiene',
  'tuvo',
  'pero',
  'aunque',
  'relata',
  'manifiesta',
  'describe',
  'agrega',
  'constata',
  'constatan',
  'se',
]);
/** Words that make what follows a condition or a warning, not a finding. */
const CONDITIONAL = new Set(
  'si ante caso alarma consultar consulte vigilar pautas descartar evaluar puede pueden podria riesgo advierte avisar adverso adversos'.split(' '),
);

export interface Statement {
  /** Where in the note: "Sección «enfermedad_actual»", "Diagnóstico 2". */
  where: string;
  text: string;
}

/** The note's affirmative prose: sections, diagnoses not ruled out, and allergies. */
function affirmativeTexts(note: ClinicalNote): Statement[] {
  return [
    ...Object.entries(note.sections).map(([id, s]) => ({ where: `Sección «${id}»`, text: s.text })),
    ...note.diagnoses.filter((d) => d.certainty !== 'descartado').map((d, i) => ({ where: `Diagnóstico ${i + 1}`, text: d.text })),
    ...note.allergies.map((a, i) => ({ where: `Alergia ${i + 1}`, text: `Alergia a ${a.substance}${a.reaction ? `, ${a.reaction}` : ''}` })),
  ];
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.;!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Where in a clause's tokens `finding` is named, or null. A finding the grounding check knows
 * (sectionFindings.ts: «dolor torácico» is also «dolor de pecho», «fiebre» also «febril») is named
 * by any of its forms; any other by every one of its key terms, each in any of its forms.
 */
export function findingMatcher(finding: string): ((tokens: readonly string[]) => number | null) | null {
  const folded = normalizeSpanish(finding);
  const known = FINDINGS.find(([name, forms]) => normalizeSpanish(name) === folded || forms.includes(folded));
  if (known) {
    const forms = [...known[1]];
    return (tokens) => positionsOfForms(forms, tokens)[0] ?? null;
  }
  const terms = keyTerms(finding);
  if (terms.length === 0) return null;
  const formsPerTerm = terms.map((term) => formsOfTerms([term]));
  return (tokens) => {
    const positions = formsPerTerm.map((forms) => positionsOfForms(forms, tokens)[0]);
    return positions.some((p) => p === undefined) ? null : Math.min(...(positions as number[]));
  };
}

/** Where the note states `finding` as present, or null when it never does. */
export function statedAsPresent(finding: string, note: ClinicalNote): Statement | null {
  const mentionAt = findingMatcher(finding);
  if (!mentionAt) return null;
  for (const { where, text } of affirmativeTexts(note)) {
    for (const sentence of sentences(text)) {
      let denying = false;
      let conditional = false;
      for (const clause of splitClauses(sentence)) {
        const tokens = clause.tokens;
        if (tokens.slice(0, 2).some((t) => AFFIRMING_OPENERS.has(t))) denying = false;
        if (DENIAL_OPENERS.has(tokens[0] ?? '')) denying = true;
        if (tokens.some((t) => CONDITIONAL.has(t))) conditional = true;
        const position = mentionAt(tokens);
        if (position === null || clause.question || conditional || denying || negatedAt(tokens, position)) continue;
        return { where, text: sentence };
      }
    }
  }
  return null;
}

/** Every string field of the note (evidence ids aside), with where it is. */
export function noteTexts(note: ClinicalNote): Statement[] {
  const out: Statement[] = Object.entries(note.sections).map(([id, s]) => ({ where: `Sección «${id}»`, text: s.text }));
  const add = (where: string, ...parts: (string | null | undefined)[]) => out.push({ where, text: parts.filter(Boolean).join(' · ') });
  note.medications.forEach((m, i) => add(`Medicamento ${i + 1}`, m.name, m.dose, m.route, m.frequency, m.duration));
  note.allergies.forEach((a, i) => add(`Alergia ${i + 1}`, a.substance, a.reaction));
  note.diagnoses.forEach((d, i) => add(`Diagnóstico ${i + 1}`, d.text));
  note.orders.forEach((o, i) => add(`Estudio ${i + 1}`, o.text));
  note.referrals.forEach((r, i) => add(`Derivación ${i + 1}`, r.specialty, r.reason));
  if (note.followUp) add('Control', note.followUp.text);
  note.patientInstructions.forEach((p, i) => add(`Indicación ${i + 1}`, p.text));
  note.pertinentNegatives.forEach((n, i) => add(`Negativo ${i + 1}`, n.text));
  return out;
}

/** Whether `phrase` is in `text` as whole words (normalised; a final «s»/«es» allowed). */
export function containsPhrase(text: string, phrase: string): boolean {
  const haystack = ` ${normalizeSpanish(text)} `;
  const needle = normalizeSpanish(phrase);
  if (!needle) return false;
  return [` ${needle} `, ` ${needle}s `, ` ${needle}es `].some((form) => haystack.includes(form));
}

/** The forbidden phrases the note contains, each with the first place it appears. */
export function mustNotContainViolations(phrases: readonly string[], note: ClinicalNote): { phrase: string; where: string }[] {
  const texts = noteTexts(note);
  return phrases.flatMap((phrase) => {
    const hit = texts.find((t) => containsPhrase(t.text, phrase));
    return hit ? [{ phrase, where: hit.where }] : [];
  });
}
