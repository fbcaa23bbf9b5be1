/**
 * One case's note against its reference: per-field counts, what was invented, wrong or missed,
 * denied findings stated as present, forbidden phrases, and how the grounding check's «Revisar»
 * flags fell on invented and on right items. A case with no valid note scores as a note with
 * nothing in it: every reference item missed.
 */
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { keyTerms, saidText, termSaid } from '../notes/terms';
import { quantitiesIn, sameQuantity } from '../notes/quantities';
import type { CaseReference } from './caseFile';
import { fieldScore, sumCounts, type FieldCounts, type FieldScore } from './fieldCounts';
import { matchAllFields, SCORED_FIELDS, type JudgedItem, type ScoredField } from './matchFields';
import { mustNotContainViolations, statedAsPresent } from './noteStatements';
import { sameItem } from './textMatch';

/** A grounding finding as stored with the note (storage/types.ts `NoteFinding`). */
export interface Flag {
  path: string;
  level: 'ok' | 'revisar';
}

export interface GroundingCounts {
  invented: number;
  inventedFlagged: number;
  right: number;
  rightFlagged: number;
  wrong: number;
  wrongFlagged: number;
}

export interface NoteScore {
  fields: Record<ScoredField, FieldCounts>;
  items: (JudgedItem & { flagged: boolean })[];
  missed: string[];
  negatedAsPresent: string[];
  mustNotContain: string[];
  grounding: GroundingCounts;
  /** The chief complaint is in the note's first section (or its «motivo…» section); null without a note. */
  chiefComplaint: boolean | null;
  labs: { found: number; total: number };
}

const NO_SECTIONS = { sections: [] };

export function scoreNote(reference: CaseReference, note: ClinicalNote | null, flags: readonly Flag[]): NoteScore {
  const judged = note ?? emptyNote(NO_SECTIONS);
  const matches = matchAllFields(reference, judged);
  const flagged = new Set(flags.filter((f) => f.level === 'revisar').map((f) => f.path));
  const items = SCORED_FIELDS.flatMap((field) => matches[field].items).map((item) => ({ ...item, flagged: flagged.has(item.path) }));
  const count = (verdict: JudgedItem['verdict'], onlyFlagged: boolean) =>
    items.filter((i) => i.verdict === verdict && (!onlyFlagged || i.flagged)).length;

  return {
    fields: Object.fromEntries(SCORED_FIELDS.map((f) => [f, matches[f].counts])) as Record<ScoredField, FieldCounts>,
    items,
    missed: SCORED_FIELDS.flatMap((field) => matches[field].missed),
    negatedAsPresent: note ? negatedAsPresent(reference, note) : [],
    mustNotContain: note ? mustNotContainViolations(reference.mustNotContain, note).map((v) => `«${v.phrase}» en ${v.where}`) : [],
    grounding: {
      invented: count('invented', false),
      inventedFlagged: count('invented', true),
      right: count('right', false),
      rightFlagged: count('right', true),
      wrong: count('wrong', false),
      wrongFlagged: count('wrong', true),
    },
    chiefComplaint: note ? chiefComplaintFound(reference.chiefComplaint, note) : null,
    labs: note ? labsFound(reference, note) : { found: 0, total: reference.labs?.length ?? 0 },
  };
}

/** Denied findings, ruled-out diagnoses and denied allergies that the note states as present. */
function negatedAsPresent(reference: CaseReference, note: ClinicalNote): string[] {
  const out: string[] = [];
  for (const finding of reference.negatedFindings ?? []) {
    const statement = statedAsPresent(finding, note);
    if (statement) out.push(`«${finding}» afirmado en ${statement.where}: «${statement.text}»`);
  }
  for (const ruledOut of reference.diagnoses.filter((d) => d.certainty === 'descartado')) {
    const given = note.diagnoses.find((d) => d.certainty !== 'descartado' && sameItem(ruledOut.text, d.text));
    if (given) out.push(`Diagnóstico descartado «${ruledOut.text}» dado como ${given.certainty}`);
  }
  if (reference.allergiesDenied && note.allergies.length > 0) {
    out.push(`Alergias negadas, la nota lista: ${note.allergies.map((a) => a.substance).join(', ')}`);
  }
  return out;
}

function chiefComplaintFound(chiefComplaint: string, note: ClinicalNote): boolean {
  const sections = Object.entries(note.sections);
  const motive = sections.find(([id]) => id.startsWith('motivo')) ?? sections[0];
  if (!motive) return false;
  const said = saidText(motive[1].text);
  const terms = keyTerms(chiefComplaint);
  return terms.length > 0 && terms.filter((t) => termSaid(t, said)).length * 2 >= terms.length;
}

/** A lab is found when one sentence of the note's prose names it (first key term) with its value. */
function labsFound(reference: CaseReference, note: ClinicalNote): { found: number; total: number } {
  const labs = reference.labs ?? [];
  const sentences = Object.values(note.sections).flatMap((s) => s.text.split(/(?<=[.;])\s+|\n+/));
  const found = labs.filter(({ name, value }) => {
    const [head] = keyTerms(name);
    const values = quantitiesIn(String(value)).filter((q) => !q.derived);
    return sentences.some((sentence) => {
      if (head === undefined || !termSaid(head, saidText(sentence))) return false;
      const said = quantitiesIn(sentence);
      return values.length === 0 ? saidText(sentence).normalized.includes(String(value).toLowerCase()) : values.every((v) => said.some((s) => sameQuantity(v, s)));
    });
  }).length;
  return { found, total: labs.length };
}

/** Per-field and overall F1 of one or more cases' counts. */
export function fieldScores(fields: Record<ScoredField, FieldCounts>): Record<ScoredField | 'overall', FieldScore> {
  const scored = Object.fromEntries(SCORED_FIELDS.map((f) => [f, fieldScore(fields[f])])) as Record<ScoredField, FieldScore>;
  return { ...scored, overall: fieldScore(sumCounts(SCORED_FIELDS.map((f) => fields[f]))) };
}
