/**
 * The note a perfect model would write for a case: the reference's facts in the note's shape, each
 * citing the first segment. Scoring it against its own reference must give F1 = 1 everywhere; the
 * case-set test uses it to prove every case's reference is readable by the matching rules.
 */
import { emptyNote, type ClinicalNote, type MedicationAction } from '../notes/noteSchema';
import type { CaseReference, ReferenceMedication } from './caseFile';

const ev = ['s1'];
const ACTION: Record<ReferenceMedication['status'], MedicationAction> = {
  continúa: 'continúa',
  nuevo: 'inicia',
  suspende: 'suspende',
  modifica: 'modifica',
};

export function referenceNote(reference: CaseReference): ClinicalNote {
  const note = emptyNote({ sections: [{ id: 'motivo_consulta', title: 'Motivo de consulta', guidance: '' }] });
  note.sections.motivo_consulta = { text: reference.chiefComplaint, evidence: ev };
  const labs = (reference.labs ?? []).map((l) => `${l.name}: ${l.value}.`).join(' ');
  if (labs) note.sections.laboratorio = { text: labs, evidence: ev };
  note.medications = reference.medications.map((m) => ({
    name: m.name,
    dose: m.dose,
    route: m.route ?? null,
    frequency: m.frequency,
    duration: m.duration ?? null,
    action: ACTION[m.status],
    evidence: ev,
  }));
  note.allergies = reference.allergies.map((a) => ({ ...a, evidence: ev }));
  note.diagnoses = reference.diagnoses.map((d) => ({ text: d.text, cie10: d.icd10 ?? null, certainty: d.certainty ?? 'presuntivo', evidence: ev }));
  const v = reference.vitals;
  const measured = (value: number | null | undefined) => (typeof value === 'number' ? { value, evidence: ev } : null);
  const [systolic, diastolic] = (v.bloodPressure ?? '').split('/').map(Number);
  note.vitals = {
    bloodPressure: v.bloodPressure ? { systolic: systolic!, diastolic: diastolic!, evidence: ev } : null,
    heartRate: measured(v.heartRate),
    respiratoryRate: measured(v.respiratoryRate),
    temperature: measured(v.temperatureC),
    spo2: measured(v.spo2),
    weight: measured(v.weightKg),
    height: measured(v.heightCm),
  };
  note.orders = reference.orders.map((text) => ({ text, evidence: ev }));
  note.referrals = (reference.referrals ?? []).map((specialty) => ({ specialty, reason: null, evidence: ev }));
  note.followUp = reference.followUp ? { text: reference.followUp, evidence: ev } : null;
  note.pertinentNegatives = [
    ...(reference.allergiesDenied ? ['alergias'] : []),
    ...(reference.negatedFindings ?? []),
  ].map((f) => ({ text: `Niega ${f}.`, evidence: ev }));
  return note;
}
