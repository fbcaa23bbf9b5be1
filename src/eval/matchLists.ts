/**
 * Free-text lists, matched by coverage: orders and referrals (a note line is right when it names at
 * least one reference item, a reference item is found when some line names it), and the follow-up
 * (rules: src/eval/README.md).
 */
import type { ClinicalNote } from '../notes/noteSchema';
import { quantitiesIn } from '../notes/quantities';
import type { CaseReference } from './caseFile';
import { sameQuantities } from './dose';
import type { FieldMatch, JudgedItem, ScoredField } from './judged';
import { sameItem, textMatches } from './textMatch';

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
