/**
 * Vital signs → one Observation each, on FHIR R4's own vital-sign profiles (bp, heartrate,
 * resprate, bodytemp, oxygensat, bodyweight, bodyheight), which the validators know: LOINC code,
 * category vital-signs, UCUM unit code. The note's units are fixed (noteSchema `VITAL_UNITS`), so
 * each value goes as it is; the unit shown to a reader is the note's («lpm», «°C»). Taken during
 * the visit: effective at the consultation's start.
 */
import type { Observation, Quantity } from '@medplum/fhirtypes';
import { VITAL_KEYS, VITAL_UNITS, type VitalKey, type Vitals } from '../../notes/noteSchema';
import { vitalText } from '../../ui/NoteLines';
import { authorOf, encounterOf, entry, itemId, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { BLOOD_PRESSURE_COMPONENTS, SYSTEM, VITAL_CODES, VITAL_SIGNS_CATEGORY, vitalSignsProfile } from './systems';

const SPANISH_NAME: Record<VitalKey, string> = {
  bloodPressure: 'Presión arterial',
  heartRate: 'Frecuencia cardíaca',
  respiratoryRate: 'Frecuencia respiratoria',
  temperature: 'Temperatura corporal',
  spo2: 'Saturación de oxígeno',
  weight: 'Peso',
  height: 'Talla',
};

export function vitalEntries(context: ExportContext, vitals: Vitals): Entry<Observation>[] {
  return VITAL_KEYS.flatMap((key): Entry<Observation>[] => {
    const text = vitalText(key, vitals);
    if (text === null) return [];
    const codes = VITAL_CODES[key];
    const base: Observation = {
      resourceType: 'Observation',
      meta: { profile: [vitalSignsProfile(codes.profile)] },
      text: paragraphs(text),
      status: 'final',
      category: [{ coding: [VITAL_SIGNS_CATEGORY], text: 'Signos vitales' }],
      code: { coding: [...codes.codings], text: SPANISH_NAME[key] },
      subject: subjectOf(context),
      encounter: encounterOf(context),
      effectiveDateTime: context.visitAt,
      performer: [authorOf(context)],
    };
    const id = itemId(context, `vital-${key}`);
    const bp = vitals.bloodPressure;
    if (key === 'bloodPressure' && bp) {
      return [
        entry(id, {
          ...base,
          component: [
            { code: { coding: [BLOOD_PRESSURE_COMPONENTS.systolic], text: 'Sistólica' }, valueQuantity: quantity(bp.systolic, 'bloodPressure') },
            { code: { coding: [BLOOD_PRESSURE_COMPONENTS.diastolic], text: 'Diastólica' }, valueQuantity: quantity(bp.diastolic, 'bloodPressure') },
          ],
        }),
      ];
    }
    const measured = key === 'bloodPressure' ? null : vitals[key];
    return measured ? [entry(id, { ...base, valueQuantity: quantity(measured.value, key) })] : [];
  });
}

function quantity(value: number, key: VitalKey): Quantity {
  return { value, unit: VITAL_UNITS[key], system: SYSTEM.ucum, code: VITAL_CODES[key].ucum };
}
