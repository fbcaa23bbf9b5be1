/**
 * One-to-one fields: medications, allergies and diagnoses. Items are paired greedily in order, pairs
 * that are right first, then pairs that are only the same item (rules: src/eval/README.md).
 */
import type { ClinicalNote, MedicationAction } from '../notes/noteSchema';
import { keyTerms, saidText, termSaid } from '../notes/terms';
import type { CaseReference, ReferenceMedication } from './caseFile';
import { describeAmount, doseAmount, sameDose, sameFrequency } from './dose';
import { sameDrug } from './drugNames';
import type { FieldMatch, JudgedItem, ScoredField } from './judged';
import { sameIcd10Category, sameItem, wrongSide } from './textMatch';

/** The reference's `nuevo` is the note's `inicia`. */
const ACTION_OF_STATUS: Record<ReferenceMedication['status'], MedicationAction> = {
  continúa: 'continúa',
  nuevo: 'inicia',
  suspende: 'suspende',
  modifica: 'modifica',
};

interface Pairing<R, N> {
  same(reference: R, note: N): boolean;
  right(reference: R, note: N): boolean;
  /** Why a pair of the same item is wrong. */
  why(reference: R, note: N): string;
}

/** Greedy one-to-one pairing: right pairs first, then same-item pairs. */
function pairOneToOne<R, N>(
  references: readonly R[],
  notes: readonly N[],
  rules: Pairing<R, N>,
  describe: { note(note: N, index: number): { path: string; label: string }; reference(reference: R): string },
  field: ScoredField,
): FieldMatch {
  const noteTaken = new Map<number, { reference: number; right: boolean }>();
  const refTaken = new Set<number>();
  for (const rightOnly of [true, false]) {
    references.forEach((reference, r) => {
      if (refTaken.has(r)) return;
      const n = notes.findIndex(
        (note, i) => !noteTaken.has(i) && (rightOnly ? rules.right(reference, note) : rules.same(reference, note)),
      );
      if (n < 0) return;
      noteTaken.set(n, { reference: r, right: rightOnly });
      refTaken.add(r);
    });
  }
  const items: JudgedItem[] = notes.map((note, i) => {
    const pair = noteTaken.get(i);
    const { path, label } = describe.note(note, i);
    if (!pair) return { field, path, label, verdict: 'invented' };
    if (pair.right) return { field, path, label, verdict: 'right' };
    return { field, path, label, verdict: 'wrong', detail: rules.why(references[pair.reference]!, note) };
  });
  const right = [...noteTaken.values()].filter((p) => p.right);
  const rightRefs = new Set(right.map((p) => p.reference));
  return {
    counts: { correct: right.length, noteItems: notes.length, found: right.length, referenceItems: references.length },
    items,
    missed: references.filter((_, r) => !rightRefs.has(r)).map(describe.reference),
  };
}

type NoteMedication = ClinicalNote['medications'][number];

function medicationWhy(reference: ReferenceMedication, note: NoteMedication): string {
  const problems: string[] = [];
  if (!sameDose(reference, note)) {
    problems.push(`dosis ${describeAmount(doseAmount(note.dose, note.name))}, la referencia dice ${reference.dose ?? 'ninguna'}`);
  }
  if (!sameFrequency(reference.frequency, note.frequency)) {
    problems.push(`frecuencia «${note.frequency ?? '—'}», la referencia dice «${reference.frequency ?? '—'}»`);
  }
  if (ACTION_OF_STATUS[reference.status] !== note.action) problems.push(`acción «${note.action}», la referencia dice «${reference.status}»`);
  return `${note.name}: ${problems.join('; ')}`;
}

export function matchMedications(reference: CaseReference, note: ClinicalNote): FieldMatch {
  return pairOneToOne(
    reference.medications,
    note.medications,
    {
      same: (r, n) => sameDrug(r.name, n.name),
      right: (r, n) =>
        sameDrug(r.name, n.name) && sameDose(r, n) && sameFrequency(r.frequency, n.frequency) && ACTION_OF_STATUS[r.status] === n.action,
      why: medicationWhy,
    },
    {
      note: (n, i) => ({ path: `medications.${i}`, label: `Medicamento: ${[n.name, n.dose, n.frequency].filter(Boolean).join(' ')} (${n.action})` }),
      reference: (r) => `Medicamento: ${[r.name, r.dose, r.frequency].filter(Boolean).join(' ')} (${r.status})`,
    },
    'medications',
  );
}

/** Two reactions agree when either is absent or they share a key term (or its spoken form). */
function reactionsAgree(reference: string | null, note: string | null): boolean {
  if (reference === null || note === null) return true;
  const said = saidText(note);
  return keyTerms(reference).some((term) => termSaid(term, said));
}

export function matchAllergies(reference: CaseReference, note: ClinicalNote): FieldMatch {
  return pairOneToOne(
    reference.allergies,
    note.allergies,
    {
      same: (r, n) => sameDrug(r.substance, n.substance),
      right: (r, n) => sameDrug(r.substance, n.substance) && reactionsAgree(r.reaction, n.reaction),
      why: (r, n) => `${n.substance}: reacción «${n.reaction ?? '—'}», la referencia dice «${r.reaction ?? '—'}»`,
    },
    {
      note: (n, i) => ({ path: `allergies.${i}`, label: `Alergia: ${n.substance}` }),
      reference: (r) => `Alergia: ${r.substance}`,
    },
    'allergies',
  );
}

export function matchDiagnoses(reference: CaseReference, note: ClinicalNote): FieldMatch {
  const same = (r: CaseReference['diagnoses'][number], n: ClinicalNote['diagnoses'][number]) =>
    sameIcd10Category(r.icd10, n.cie10) || sameItem(r.text, n.text);
  return pairOneToOne(
    reference.diagnoses,
    note.diagnoses,
    {
      same,
      right: (r, n) => same(r, n) && !wrongSide(r.text, n.text) && (r.certainty === undefined || r.certainty === n.certainty),
      why: (r, n) =>
        wrongSide(r.text, n.text)
          ? `${n.text}: otro lado que la referencia («${r.text}»)`
          : `${n.text}: certeza «${n.certainty}», la referencia dice «${r.certainty}»`,
    },
    {
      note: (n, i) => ({ path: `diagnoses.${i}`, label: `Diagnóstico: ${n.text} (${n.certainty})` }),
      reference: (r) => `Diagnóstico: ${r.text}${r.certainty ? ` (${r.certainty})` : ''}`,
    },
    'diagnoses',
  );
}
