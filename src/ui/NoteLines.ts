/**
 * A note as the screen lists it: its narrative sections in the template's order, then the fixed
 * groups, each item with the one line that shows it, the evidence it cites and its grounding path
 * ("medications.0"), so a "Revisar" finding lands on the item it concerns. Lines follow the
 * plain-text note (plainText.ts) so what the doctor sees is what "Copiar nota" pastes.
 */
import { VITAL_LABELS } from '../notes/grounding';
import { VITAL_KEYS, VITAL_UNITS, type ClinicalNote, type Vitals } from '../notes/noteSchema';
import { medicationLine } from '../notes/plainText';
import type { NoteTemplateSnapshot } from '../storage/types';

export interface NoteLine {
  path: string;
  text: string;
  evidence: readonly string[];
}

export interface NoteSectionBlock {
  id: string;
  title: string;
  line: NoteLine;
}

export interface NoteGroup {
  id: 'medications' | 'allergies' | 'pertinentNegatives' | 'diagnoses' | 'vitals' | 'orders' | 'referrals' | 'followUp' | 'patientInstructions';
  title: string;
  lines: NoteLine[];
}

const decimal = (value: number) => String(Math.round(value * 100) / 100).replace('.', ',');

/** The template's sections in order, then any the note has that the template does not (titled by id). */
export function noteSections(note: ClinicalNote, template: Pick<NoteTemplateSnapshot, 'sections'>): NoteSectionBlock[] {
  const known = new Set(template.sections.map((s) => s.id));
  const extra = Object.keys(note.sections)
    .filter((id) => !known.has(id))
    .map((id) => ({ id, title: id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) }));
  return [...template.sections, ...extra].map(({ id, title }) => {
    const section = note.sections[id] ?? { text: '', evidence: [] };
    return { id, title, line: { path: `sections.${id}`, text: section.text.trim(), evidence: section.evidence } };
  });
}

export function vitalText(key: (typeof VITAL_KEYS)[number], vitals: Vitals): string | null {
  if (key === 'bloodPressure') {
    const bp = vitals.bloodPressure;
    return bp ? `${VITAL_LABELS.bloodPressure}: ${bp.systolic}/${bp.diastolic} ${VITAL_UNITS.bloodPressure}` : null;
  }
  const vital = vitals[key];
  return vital ? `${VITAL_LABELS[key]}: ${decimal(vital.value)} ${VITAL_UNITS[key]}` : null;
}

export function noteGroups(note: ClinicalNote): NoteGroup[] {
  const lines = <T extends { evidence: string[] }>(key: string, items: readonly T[], text: (item: T) => string) =>
    items.map((item, i) => ({ path: `${key}.${i}`, text: text(item), evidence: item.evidence }));
  const vitals = VITAL_KEYS.flatMap((key) => {
    const text = vitalText(key, note.vitals);
    const item = note.vitals[key];
    return text && item ? [{ path: `vitals.${key}`, text, evidence: item.evidence }] : [];
  });
  return [
    { id: 'medications', title: 'Medicación', lines: lines('medications', note.medications, medicationLine) },
    {
      id: 'allergies',
      title: 'Alergias',
      lines: lines('allergies', note.allergies, (a) => (a.reaction?.trim() ? `${a.substance} (${a.reaction.trim()})` : a.substance)),
    },
    { id: 'pertinentNegatives', title: 'Negativos pertinentes', lines: lines('pertinentNegatives', note.pertinentNegatives, (n) => n.text) },
    {
      id: 'diagnoses',
      title: 'Diagnósticos (CIE-10)',
      lines: lines('diagnoses', note.diagnoses, (d) => [d.text, d.certainty, d.cie10 && `CIE-10 ${d.cie10}`].filter(Boolean).join(' · ')),
    },
    { id: 'vitals', title: 'Signos vitales', lines: vitals },
    { id: 'orders', title: 'Estudios', lines: lines('orders', note.orders, (o) => o.text) },
    {
      id: 'referrals',
      title: 'Derivaciones',
      lines: lines('referrals', note.referrals, (r) => (r.reason?.trim() ? `${r.specialty}: ${r.reason.trim()}` : r.specialty)),
    },
    {
      id: 'followUp',
      title: 'Control',
      lines: note.followUp ? [{ path: 'followUp', text: note.followUp.text, evidence: note.followUp.evidence }] : [],
    },
    { id: 'patientInstructions', title: 'Indicaciones', lines: lines('patientInstructions', note.patientInstructions, (p) => p.text) },
  ];
}
