/**
 * The note while the doctor edits it: every field a string (an input's value), every item keeping
 * the evidence it had, so an edited dose is still checked against what was said. `fromDraft` turns
 * it back into a note: blank rows are dropped, numbers accept a decimal comma, and whatever the
 * note schema refuses comes back as Spanish problems instead of a save.
 */
import { VITAL_KEYS, parseNote, type ClinicalNote, type DiagnosisCertainty, type MedicationAction, type VitalKey } from '../notes/noteSchema';
import { VITAL_LABELS } from '../notes/grounding';

type Evidence = { evidence: string[] };
export interface MedicationDraft extends Evidence {
  name: string;
  dose: string;
  route: string;
  frequency: string;
  duration: string;
  action: MedicationAction;
}
export interface AllergyDraft extends Evidence {
  substance: string;
  reaction: string;
}
export interface DiagnosisDraft extends Evidence {
  text: string;
  cie10: string;
  certainty: DiagnosisCertainty;
}
export interface TextDraft extends Evidence {
  text: string;
}
export interface ReferralDraft extends Evidence {
  specialty: string;
  reason: string;
}
/** Blood pressure is two fields; every other vital one. */
export type VitalsDraft = Record<Exclude<VitalKey, 'bloodPressure'> | 'systolic' | 'diastolic', string> & {
  evidence: Partial<Record<VitalKey, string[]>>;
};

export interface NoteDraft {
  sections: Record<string, TextDraft>;
  medications: MedicationDraft[];
  allergies: AllergyDraft[];
  diagnoses: DiagnosisDraft[];
  vitals: VitalsDraft;
  orders: TextDraft[];
  referrals: ReferralDraft[];
  followUp: TextDraft;
  patientInstructions: TextDraft[];
  pertinentNegatives: TextDraft[];
}

const str = (value: string | null | undefined) => value ?? '';
const num = (value: number | undefined) => (value === undefined ? '' : String(value).replace('.', ','));

export function toDraft(note: ClinicalNote): NoteDraft {
  const v = note.vitals;
  const evidence: VitalsDraft['evidence'] = {};
  for (const key of VITAL_KEYS) if (v[key]) evidence[key] = [...(v[key]?.evidence ?? [])];
  return {
    sections: Object.fromEntries(Object.entries(note.sections).map(([id, s]) => [id, { text: s.text, evidence: [...s.evidence] }])),
    medications: note.medications.map((m) => ({ ...m, dose: str(m.dose), route: str(m.route), frequency: str(m.frequency), duration: str(m.duration) })),
    allergies: note.allergies.map((a) => ({ ...a, reaction: str(a.reaction) })),
    diagnoses: note.diagnoses.map((d) => ({ ...d, cie10: str(d.cie10) })),
    vitals: {
      systolic: num(v.bloodPressure?.systolic),
      diastolic: num(v.bloodPressure?.diastolic),
      heartRate: num(v.heartRate?.value),
      respiratoryRate: num(v.respiratoryRate?.value),
      temperature: num(v.temperature?.value),
      spo2: num(v.spo2?.value),
      weight: num(v.weight?.value),
      height: num(v.height?.value),
      evidence,
    },
    orders: note.orders.map((o) => ({ ...o })),
    referrals: note.referrals.map((r) => ({ ...r, reason: str(r.reason) })),
    followUp: note.followUp ? { ...note.followUp } : { text: '', evidence: [] },
    patientInstructions: note.patientInstructions.map((p) => ({ ...p })),
    pertinentNegatives: note.pertinentNegatives.map((n) => ({ ...n })),
  };
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);
const filled = (...values: string[]) => values.some((value) => value.trim().length > 0);

export type DraftResult = { ok: true; note: ClinicalNote } | { ok: false; problems: string[] };

export function fromDraft(draft: NoteDraft): DraftResult {
  const problems: string[] = [];
  const number = (label: string, raw: string): number | null => {
    const text = raw.trim().replace(',', '.');
    if (!text) return null;
    const value = Number(text);
    if (Number.isFinite(value)) return value;
    problems.push(`${label}: escriba un número (por ejemplo 38,5).`);
    return null;
  };
  const vitals = draft.vitals;
  const measured = (key: Exclude<VitalKey, 'bloodPressure'>) => {
    const value = number(VITAL_LABELS[key], vitals[key]);
    return value === null ? null : { value, evidence: vitals.evidence[key] ?? [] };
  };
  const systolic = number('Presión sistólica', vitals.systolic);
  const diastolic = number('Presión diastólica', vitals.diastolic);
  if ((systolic === null) !== (diastolic === null)) problems.push('Presión arterial: escriba la sistólica y la diastólica.');

  const note: ClinicalNote = {
    sections: Object.fromEntries(Object.entries(draft.sections).map(([id, s]) => [id, { text: s.text.trim(), evidence: s.evidence }])),
    medications: draft.medications
      .filter((m) => filled(m.name, m.dose, m.route, m.frequency, m.duration))
      .map((m) => ({
        name: m.name.trim(),
        dose: orNull(m.dose),
        route: orNull(m.route),
        frequency: orNull(m.frequency),
        duration: orNull(m.duration),
        action: m.action,
        evidence: m.evidence,
      })),
    allergies: draft.allergies
      .filter((a) => filled(a.substance, a.reaction))
      .map((a) => ({ substance: a.substance.trim(), reaction: orNull(a.reaction), evidence: a.evidence })),
    diagnoses: draft.diagnoses
      .filter((d) => filled(d.text, d.cie10))
      .map((d) => ({ text: d.text.trim(), cie10: orNull(d.cie10.toUpperCase()), certainty: d.certainty, evidence: d.evidence })),
    vitals: {
      bloodPressure:
        systolic !== null && diastolic !== null ? { systolic, diastolic, evidence: vitals.evidence.bloodPressure ?? [] } : null,
      heartRate: measured('heartRate'),
      respiratoryRate: measured('respiratoryRate'),
      temperature: measured('temperature'),
      spo2: measured('spo2'),
      weight: measured('weight'),
      height: measured('height'),
    },
    orders: texts(draft.orders),
    referrals: draft.referrals
      .filter((r) => filled(r.specialty, r.reason))
      .map((r) => ({ specialty: r.specialty.trim(), reason: orNull(r.reason), evidence: r.evidence })),
    followUp: draft.followUp.text.trim() ? { text: draft.followUp.text.trim(), evidence: draft.followUp.evidence } : null,
    patientInstructions: texts(draft.patientInstructions),
    pertinentNegatives: texts(draft.pertinentNegatives),
  };
  if (problems.length > 0) return { ok: false, problems };
  return parseNote(note);
}

function texts(items: readonly TextDraft[]) {
  return items.filter((item) => item.text.trim()).map((item) => ({ text: item.text.trim(), evidence: item.evidence }));
}
