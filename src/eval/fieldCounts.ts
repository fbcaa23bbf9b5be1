/**
 * Precision, recall and F1 from counts kept on both sides: how many of the note's items are right
 * (precision's numerator) and how many of the reference's items the note has right (recall's).
 * For one-to-one fields the two are equal; for orders and referrals one note line may cover several
 * reference items ("Hemograma, glucemia y creatinina"), so they can differ. Counts add across cases
 * and fields (micro-averaging).
 *
 * Conventions when a side is empty: nothing expected and nothing written is not scored (all null);
 * items expected and none written is recall 0 and F1 0 (precision null); items written and none
 * expected is precision 0 and F1 0 (recall null).
 */
export interface FieldCounts {
  /** Note items that are right. */
  correct: number;
  noteItems: number;
  /** Reference items the note has right. */
  found: number;
  referenceItems: number;
}

export interface FieldScore extends FieldCounts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export const NO_COUNTS: FieldCounts = { correct: 0, noteItems: 0, found: 0, referenceItems: 0 };

export function addCounts(a: FieldCounts, b: FieldCounts): FieldCounts {
  return {
    correct: a.correct + b.correct,
    noteItems: a.noteItems + b.noteItems,
    found: a.found + b.found,
    referenceItems: a.referenceItems + b.referenceItems,
  };
}

export function sumCounts(all: readonly FieldCounts[]): FieldCounts {
  return all.reduce(addCounts, NO_COUNTS);
}

export function fieldScore(counts: FieldCounts): FieldScore {
  const precision = counts.noteItems > 0 ? counts.correct / counts.noteItems : null;
  const recall = counts.referenceItems > 0 ? counts.found / counts.referenceItems : null;
  let f1: number | null;
  if (precision === null && recall === null) f1 = null;
  else if (precision === null || recall === null || precision + recall === 0) f1 = 0;
  else f1 = (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}
