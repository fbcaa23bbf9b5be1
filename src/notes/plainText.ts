/**
 * The note as plain Spanish text, for "Copiar nota": what a doctor pastes into the clinic's
 * records. Headings and hyphen lists only (every EHR text box keeps them), numbers with decimal
 * commas, no evidence ids, no JSON, no empty headings.
 *
 * Open «Revisar» flags travel with the text: a line "[REVISAR: reason]" under each flagged item
 * and a header line saying how many are pending. Copying is not refused instead, on purpose: a
 * doctor denied the button copies the screen by hand, and the marks are what gets lost; carried
 * along, an unchecked item cannot pass for a checked one in the record, whoever reads it. The
 * marks are loud and bracketed so nobody mistakes them for clinical content, and a doctor who has
 * checked them clears them the safe way: by confirming each one when signing.
 */
import type { NoteTemplate } from '../storage/types';
import type { GroundingFinding } from './grounding';
import {
  VITAL_KEYS,
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
  /** Open «Revisar» flags, by grounding path: each is written under its item. */
  flags?: readonly Flag[];
}

export type Flag = Pick<GroundingFinding, 'path' | 'label' | 'reason'>;

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

/** How it is taken, as the note says it: frequency, «vía …», «durante …» (the dose goes with the name). */
export function medicationDetails(m: Medication): string[] {
  const route = m.route?.trim();
  const duration = m.duration?.trim();
  return [
    m.frequency?.trim(),
    route ? (/^v[ií]a\b/i.test(route) ? route : `vía ${route}`) : undefined,
    duration ? (/^(durante|por|hasta|x)\b/i.test(duration) ? duration : `durante ${duration}`) : undefined,
  ].filter((part): part is string => Boolean(part));
}

export function medicationLine(m: Medication): string {
  const head = [m.name.trim(), m.dose?.trim()].filter(Boolean).join(' ');
  return `${[head, ...medicationDetails(m)].join(', ')} (${m.action})`;
}

const allergyLine = (a: Allergy) => (a.reaction?.trim() ? `${a.substance.trim()} (${a.reaction.trim()})` : a.substance.trim());
const diagnosisLine = (d: Diagnosis) => `${d.text.trim()}, ${d.certainty}${d.cie10 ? ` (CIE-10 ${d.cie10})` : ''}`;
const referralLine = (r: Referral) => (r.reason?.trim() ? `${r.specialty.trim()}: ${r.reason.trim()}` : r.specialty.trim());

/** Where each flag goes: under the item its path names; whatever is not placed is listed in the header. */
class FlagMarks {
  private readonly byPath = new Map<string, Flag[]>();
  constructor(flags: readonly Flag[]) {
    for (const flag of flags) this.byPath.set(flag.path, [...(this.byPath.get(flag.path) ?? []), flag]);
  }
  /** The mark lines for `path` (labelled when the line above shows several items, as vitals do). */
  take(path: string, indent = '', labelled = false): string[] {
    const flags = this.byPath.get(path) ?? [];
    this.byPath.delete(path);
    return flags.map((f) => `${indent}[REVISAR: ${labelled ? `${f.label}: ` : ''}${f.reason}]`);
  }
  rest(): Flag[] {
    return [...this.byPath.values()].flat();
  }
}

/** A list whose items (path `${key}.${i}`) each carry their marks. */
function markedList(title: string, key: string, lines: readonly string[], marks: FlagMarks): string | null {
  const items = lines.map((line, i) => [`- ${line}`, ...marks.take(`${key}.${i}`, '  ')].join('\n'));
  return items.length > 0 ? [title, ...items].join('\n') : null;
}

/** Sections in the template's order, then any the template no longer has (titled by their id). */
function sectionBlocks(note: ClinicalNote, template: Pick<NoteTemplate, 'sections'>, marks: FlagMarks): string[] {
  const titled = template.sections.map((s) => [s.id, s.title] as const);
  const known = new Set(titled.map(([id]) => id));
  const extra = Object.keys(note.sections)
    .filter((id) => !known.has(id))
    .map((id) => [id, id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())] as const);
  return [...titled, ...extra].flatMap(([id, title]) => {
    const text = note.sections[id]?.text.trim();
    return text ? [[title, text, ...marks.take(`sections.${id}`)].join('\n')] : [];
  });
}

function pendingLine(count: number): string {
  return count === 1
    ? 'REVISAR: 1 elemento pendiente de revisión, marcado abajo con [REVISAR: …].'
    : `REVISAR: ${count} elementos pendientes de revisión, marcados abajo con [REVISAR: …].`;
}

/** The whole note as text, blocks separated by a blank line. */
export function noteToPlainText(
  note: ClinicalNote,
  template: Pick<NoteTemplate, 'name' | 'sections'>,
  options: PlainTextOptions = {},
): string {
  const flags = options.flags ?? [];
  const marks = new FlagMarks(flags);
  const vitals = vitalsLine(note.vitals);
  const body = [
    ...sectionBlocks(note, template, marks),
    vitals ? [`Signos vitales: ${vitals}`, ...VITAL_KEYS.flatMap((key) => marks.take(`vitals.${key}`, '', true))].join('\n') : null,
    markedList('Medicación', 'medications', note.medications.map(medicationLine), marks),
    markedList('Alergias', 'allergies', note.allergies.map(allergyLine), marks),
    markedList('Negativos pertinentes', 'pertinentNegatives', note.pertinentNegatives.map((n) => n.text.trim()), marks),
    markedList('Diagnósticos', 'diagnoses', note.diagnoses.map(diagnosisLine), marks),
    markedList('Estudios solicitados', 'orders', note.orders.map((o) => o.text.trim()), marks),
    markedList('Derivaciones', 'referrals', note.referrals.map(referralLine), marks),
    note.followUp?.text.trim() ? ['Control', note.followUp.text.trim(), ...marks.take('followUp')].join('\n') : null,
    markedList('Indicaciones al paciente', 'patientInstructions', note.patientInstructions.map((p) => p.text.trim()), marks),
  ];
  // A flag whose item is not in the text (it should not happen) is still never dropped.
  const unplaced = marks.rest().map((f) => `[REVISAR: ${f.label}: ${f.reason}]`);
  const header = [
    options.title ?? template.name,
    [options.patientLabel?.trim() && `Paciente: ${options.patientLabel.trim()}`, options.date && `Fecha: ${formatDate(options.date)}`]
      .filter(Boolean)
      .join(' · '),
    options.draft ? 'BORRADOR: nota sin firmar' : '',
    flags.length > 0 ? pendingLine(flags.length) : '',
    ...unplaced,
  ]
    .filter(Boolean)
    .join('\n');
  return [header, ...body].filter((block): block is string => Boolean(block)).join('\n\n');
}
