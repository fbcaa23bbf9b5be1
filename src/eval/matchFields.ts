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
import type { ClinicalNote, MedicationAction, VitalKey } from '../notes/noteSchema';
import type { CaseReference, ReferenceMedication } from './caseFile';
import { describeAmount, doseAmount, sameDose, sameFrequency, sameQuantities } from './dose';
import { quantitiesIn } from '../notes/quantities';
import { sameDrug } from './drugNames';
import { NO_COUNTS, type FieldCounts } from './fieldCounts';
import { keyTerms, saidText, termSaid } from '../notes/terms';
import { sameIcd10Category, sameItem, textMatches, wrongSide } from './textMatch';

export const SCORED_FIELDS = ['medications', 'allergies', 'diagnoses', 'vitals', 'orders', 'referrals', 'followUp'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export type Verdict = 'right' | 'wrong' | 'invented';

/** One item of the note, judged. `path` is the grounding check's ("medications.0", "vitals.spo2"). */
export interface JudgedItem {
  field: ScoredField;
  path: string;
  label: string;
  verdict: Verdict;
  /** For a wrong item: what differs, in Spanish. */
  detail?: string;
}

export interface FieldMatch {
  counts: FieldCounts;
  items: JudgedItem[];
  /** Reference items the note does not have right, as labels. */
  missed: string[];
}

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

const VITAL_OF_REFERENCE: Record<Exclude<VitalKey, 'bloodPressure'>, keyof CaseReference['vitals']> = {
  heartRate: 'heartRate',
  respiratoryRate: 'respiratoryRate',
  temperature: 'temperatureC',
  spo2: 'spo2',
  weight: 'weightKg',
  height: 'heightCm',
};
const VITAL_NAMES: Record<VitalKey, string> = {
  bloodPressure: 'Presión arterial',
  heartRate: 'Frecuencia cardíaca',
  respiratoryRate: 'Frecuencia respiratoria',
  temperature: 'Temperatura',
  spo2: 'Saturación',
  weight: 'Peso',
  height: 'Talla',
};
/** How far two readings may be apart and still be the same: rounding of a decimal said aloud. */
const VITAL_TOLERANCE: Record<VitalKey, number> = {
  bloodPressure: 0,
  heartRate: 0,
  respiratoryRate: 0,
  temperature: 0.05,
  spo2: 0,
  weight: 0.05,
  height: 0.5,
};

/** Each vital sign is one item: the same value right, another value wrong, one the reference lacks invented. */
export function matchVitals(reference: CaseReference, note: ClinicalNote): FieldMatch {
  const items: JudgedItem[] = [];
  const missed: string[] = [];
  const counts = { ...NO_COUNTS };
  const judge = (key: VitalKey, want: string | null, got: string | null, equal: boolean) => {
    if (want !== null) counts.referenceItems++;
    if (got !== null) counts.noteItems++;
    const label = `${VITAL_NAMES[key]}: ${got ?? want}`;
    if (got === null) {
      if (want !== null) missed.push(`${VITAL_NAMES[key]}: ${want}`);
      return;
    }
    if (want === null) return items.push({ field: 'vitals', path: `vitals.${key}`, label, verdict: 'invented' });
    if (equal) {
      counts.correct++;
      counts.found++;
      return items.push({ field: 'vitals', path: `vitals.${key}`, label, verdict: 'right' });
    }
    missed.push(`${VITAL_NAMES[key]}: ${want}`);
    items.push({ field: 'vitals', path: `vitals.${key}`, label, verdict: 'wrong', detail: `${VITAL_NAMES[key]}: ${got}, la referencia dice ${want}` });
  };

  const bp = note.vitals.bloodPressure;
  const wantBp = reference.vitals.bloodPressure ?? null;
  const gotBp = bp ? `${bp.systolic}/${bp.diastolic}` : null;
  judge('bloodPressure', wantBp, gotBp, wantBp !== null && gotBp === wantBp);
  for (const [key, refKey] of Object.entries(VITAL_OF_REFERENCE) as [Exclude<VitalKey, 'bloodPressure'>, keyof CaseReference['vitals']][]) {
    const want = reference.vitals[refKey];
    const got = note.vitals[key]?.value ?? null;
    const wantNumber = typeof want === 'number' ? want : null;
    judge(
      key,
      wantNumber === null ? null : String(wantNumber),
      got === null ? null : String(got),
      wantNumber !== null && got !== null && Math.abs(wantNumber - got) <= VITAL_TOLERANCE[key] + 1e-9,
    );
  }
  return { counts, items, missed };
}

/** Coverage matching for lists of free text (orders, referrals). */
function matchCoverage(field: ScoredField, references: readonly string[], notes: readonly { path: string; text: string; label: string }[]): FieldMatch {
  const found = new Set<number>();
  const items: JudgedItem[] = notes.map(({ path, text, label }) => {
    const right = references.map((r, i) => (textMatches(r, text) ? i : -1)).filter((i) => i >= 0);
    right.forEach((i) => found.add(i));
    if (right.length > 0) return { field, path, label, verdict: 'right' };
    const same = references.find((r) => sameItem(r, text));
    if (same !== undefined) return { field, path, label, verdict: 'wrong', detail: `${text}: otro lado que la referencia («${same}»)` };
    return { field, path, label, verdict: 'invented' };
  });
  return {
    counts: {
      correct: items.filter((i) => i.verdict === 'right').length,
      noteItems: notes.length,
      found: found.size,
      referenceItems: references.length,
    },
    items,
    missed: references.filter((_, i) => !found.has(i)),
  };
}

export function matchOrders(reference: CaseReference, note: ClinicalNote): FieldMatch {
  return matchCoverage(
    'orders',
    reference.orders,
    note.orders.map((o, i) => ({ path: `orders.${i}`, text: o.text, label: `Estudio: ${o.text}` })),
  );
}

export function matchReferrals(reference: CaseReference, note: ClinicalNote): FieldMatch {
  return matchCoverage(
    'referrals',
    reference.referrals ?? [],
    note.referrals.map((r, i) => ({
      path: `referrals.${i}`,
      text: [r.specialty, r.reason].filter(Boolean).join(' '),
      label: `Derivación: ${r.specialty}`,
    })),
  );
}

/** The follow-up is right when it has every interval the reference gives (or, without one, names it). */
export function matchFollowUp(reference: CaseReference, note: ClinicalNote): FieldMatch {
  const want = reference.followUp ?? null;
  const got = note.followUp?.text ?? null;
  const counts = { correct: 0, noteItems: got === null ? 0 : 1, found: 0, referenceItems: want === null ? 0 : 1 };
  if (got === null) return { counts, items: [], missed: want === null ? [] : [`Control: ${want}`] };
  const label = `Control: ${got}`;
  if (want === null) return { counts, items: [{ field: 'followUp', path: 'followUp', label, verdict: 'invented' }], missed: [] };
  const hasQuantities = quantitiesIn(want).some((q) => !q.derived);
  const right = hasQuantities ? sameQuantities(want, got) : sameItem(want, got);
  if (right) {
    counts.correct = 1;
    counts.found = 1;
    return { counts, items: [{ field: 'followUp', path: 'followUp', label, verdict: 'right' }], missed: [] };
  }
  return {
    counts,
    items: [{ field: 'followUp', path: 'followUp', label, verdict: 'wrong', detail: `Control «${got}», la referencia dice «${want}»` }],
    missed: [`Control: ${want}`],
  };
}

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
