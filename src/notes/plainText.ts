/**
 * The note as plain Spanish text, for "Copiar nota": what a doctor pastes into the clinic's
 * records. Headings and hyphen lists only (every EHR text box keeps them), numbers with decimal
 * commas, no evidence ids, no JSON, no empty headings.
 */
import type { NoteTemplate } from '../storage/types';
import {
  VITAL_UNITS,
  type Allergy,
  type ClinicalNote,
  type Diagnosis,
  type Medication,
  type Referral,
  type Vitals,
} from './noteSchema';

export interface PlainTextOptions {
  /** Defaults to the template's name. */
  title?: string;
  patientLabel?: string;
  date?: Date;
  /** Marks the text as an unsigned draft. */
  draft?: boolean;
}

const spanishNumber = (value: number) => String(Math.round(value * 100) / 100).replace('.', ',');

function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

export function vitalsLine(vitals: Vitals): string {
  const parts: string[] = [];
  if (vitals.bloodPressure) {
    parts.push(`TA ${vitals.bloodPressure.systolic}/${vitals.bloodPressure.diastolic} ${VITAL_UNITS.bloodPressure}`);
  }
  const measured = [
    ['FC', vitals.heartRate, VITAL_UNITS.heartRate],
    ['FR', vitals.respiratoryRate, VITAL_UNITS.respiratoryRate],
    ['T', vitals.temperature, VITAL_UNITS.temperature],
    ['SatO2', vitals.spo2, VITAL_UNITS.spo2],
    ['Peso', vitals.weight, VITAL_UNITS.weight],
    ['Talla', vitals.height, VITAL_UNITS.height],
  ] as const;
  for (const [label, vital, unit] of measured) {
    if (vital) parts.push(`${label} ${spanishNumber(vital.value)} ${unit}`);
  }
  return parts.join(' · ');
}

export function medicationLine(m: Medication): string {
  const route = m.route?.trim();
  const duration = m.duration?.trim();
  const details = [
    m.frequency?.trim(),
    route ? (/^v[ií]a\b/i.test(route) ? route : `vía ${route}`) : undefined,
    duration ? (/^(durante|por|hasta|x)\b/i.test(duration) ? duration : `durante ${duration}`) : undefined,
  ].filter((part): part is string => Boolean(part));
  const head = [m.name.trim(), m.dose?.trim()].filter(Boolean).join(' ');
  return `${[head, ...details].join(', ')} (${m.action})`;
}

const allergyLine = (a: Allergy) => (a.reaction?.trim() ? `${a.substance.trim()} (${a.reaction.trim()})` : a.substance.trim());
const diagnosisLine = (d: Diagnosis) => `${d.text.trim()}, ${d.certainty}${d.cie10 ? ` (CIE-10 ${d.cie10})` : ''}`;
const referralLine = (r: Referral) => (r.reason?.trim() ? `${r.specialty.trim()}: ${r.reason.trim()}` : r.specialty.trim());

function list(title: string, lines: readonly string[]): string | null {
  return lines.length > 0 ? [title, ...lines.map((line) => `- ${line}`)].join('\n') : null;
}

/** Sections in the template's order, then any the template no longer has (titled by their id). */
function sectionBlocks(note: ClinicalNote, template: Pick<NoteTemplate, 'sections'>): string[] {
  const titled = template.sections.map((s) => [s.id, s.title] as const);
  const known = new Set(titled.map(([id]) => id));
  const extra = Object.keys(note.sections)
    .filter((id) => !known.has(id))
    .map((id) => [id, id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())] as const);
  return [...titled, ...extra].flatMap(([id, title]) => {
    const text = note.sections[id]?.text.trim();
    return text ? [`${title}\n${text}`] : [];
  });
}

/** The whole note as text, blocks separated by a blank line. */
export function noteToPlainText(
  note: ClinicalNote,
  template: Pick<NoteTemplate, 'name' | 'sections'>,
  options: PlainTextOptions = {},
): string {
  const header = [
    options.title ?? template.name,
    [options.patientLabel?.trim() && `Paciente: ${options.patientLabel.trim()}`, options.date && `Fecha: ${formatDate(options.date)}`]
      .filter(Boolean)
      .join(' · '),
    options.draft ? 'BORRADOR: nota sin firmar' : '',
  ]
    .filter(Boolean)
    .join('\n');
  const vitals = vitalsLine(note.vitals);
  const blocks = [
    header,
    ...sectionBlocks(note, template),
    vitals ? `Signos vitales: ${vitals}` : null,
    list('Medicación', note.medications.map(medicationLine)),
    list('Alergias', note.allergies.map(allergyLine)),
    list('Negativos pertinentes', note.pertinentNegatives.map((n) => n.text.trim())),
    list('Diagnósticos', note.diagnoses.map(diagnosisLine)),
    list('Estudios solicitados', note.orders.map((o) => o.text.trim())),
    list('Derivaciones', note.referrals.map(referralLine)),
    note.followUp?.text.trim() ? `Control\n${note.followUp.text.trim()}` : null,
    list('Indicaciones al paciente', note.patientInstructions.map((p) => p.text.trim())),
  ];
  return blocks.filter((block): block is string => Boolean(block)).join('\n\n');
}
