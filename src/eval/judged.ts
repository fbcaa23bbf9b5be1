/** What field matching produces: each note item judged, each reference item found or missed. */
import type { FieldCounts } from './fieldCounts';

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

