/** Vital signs: each sign present is one item, compared in the note's unit (rules: src/eval/README.md). */
import type { ClinicalNote, VitalKey } from '../notes/noteSchema';
import type { CaseReference } from './caseFile';
import { NO_COUNTS } from './fieldCounts';
import type { FieldMatch, JudgedItem } from './judged';

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
