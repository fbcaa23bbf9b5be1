/**
 * A document as the sheet the patient or the specialist reads: a title, who and when, then blocks
 * of short lines under plain headings, empty parts left out. The screen and the printout render
 * the same sheet, so what the doctor reviews is what gets printed.
 */
import { DOCUMENT_TITLES, type DocumentContent, type MedicationToTake, type PatientInstructions, type ReferralLetter } from './documentSchema';

export interface SheetBlock {
  heading: string;
  /** Shown as a list when `list`, else as paragraphs. */
  lines: string[];
  list: boolean;
}

export interface Sheet {
  title: string;
  /** "Paciente: …", "Fecha: …". */
  meta: string[];
  /** Said above everything when the note it came from was not signed. */
  draftNotice: string | null;
  opening: string | null;
  blocks: SheetBlock[];
  closing: string | null;
  /** Under the signature line of a letter: the doctor's name and matrícula, when they are set. */
  signature: string | null;
}

export interface SheetOptions {
  patientLabel: string;
  date: Date;
  /** The note version it came from was an unsigned draft. */
  fromDraft: boolean;
  /** «Datos del profesional» (storage/settings.ts), when the doctor filled them in. */
  professional?: { name: string; license: string };
}

const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** "Paracetamol 500 mg: cada 8 horas, durante 3 días." */
export function medicationToTakeLine(m: MedicationToTake): string {
  const head = [m.name.trim(), m.dose?.trim()].filter(Boolean).join(' ');
  const duration = m.duration?.trim();
  const how = [m.howToTake?.trim(), duration && (/^(durante|por|hasta)\b/i.test(duration) ? duration : `durante ${duration}`)].filter(Boolean);
  return sentence(how.length > 0 ? `${head}: ${how.join(', ')}` : head);
}

function block(heading: string, lines: readonly (string | null)[], list = true): SheetBlock[] {
  const kept = lines.filter((line): line is string => Boolean(line?.trim())).map(sentence);
  return kept.length > 0 ? [{ heading, lines: kept, list }] : [];
}

function instructionBlocks(doc: PatientInstructions): SheetBlock[] {
  return [
    ...block('Qué tomar', doc.medications.map(medicationToTakeLine)),
    ...block('Deje de tomar', doc.stopTaking),
    ...block('Cuándo volver', [doc.whenToReturn], false),
    ...block('Signos de alarma: consulte enseguida', doc.alarmSigns),
    ...block('Cuidados', doc.care),
  ];
}

function letterBlocks(doc: ReferralLetter): SheetBlock[] {
  return [
    ...block('Motivo de la derivación', [doc.reason], false),
    ...block('Resumen', [doc.summary], false),
    ...block('Medicación actual', doc.currentMedications),
    ...block('Estudios', doc.studies),
    ...block('Pregunta al especialista', [doc.question], false),
  ];
}

function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

export function documentSheet(document: DocumentContent, options: SheetOptions): Sheet {
  const meta = [options.patientLabel.trim() && `Paciente: ${options.patientLabel.trim()}`, `Fecha: ${formatDate(options.date)}`].filter(
    (line): line is string => Boolean(line),
  );
  const draftNotice = options.fromDraft ? 'BORRADOR: hecho con una nota que todavía no está firmada.' : null;
  const name = options.professional?.name.trim() ?? '';
  const license = options.professional?.license.trim() ?? '';
  const professional = [name, license && `Matrícula ${license}`].filter(Boolean).join(' · ') || null;
  if (professional) meta.push(`Profesional: ${professional}`);
  if (document.kind === 'instrucciones') {
    return {
      title: DOCUMENT_TITLES.instrucciones,
      meta,
      draftNotice,
      opening: null,
      blocks: instructionBlocks(document.content),
      closing: null,
      signature: null,
    };
  }
  const recipient = document.content.recipient?.trim();
  return {
    title: DOCUMENT_TITLES.derivacion,
    meta: [...meta, recipient ? `Para: ${recipient}` : 'Para: (completar especialidad o servicio)'],
    draftNotice,
    opening: 'Estimada/o colega:',
    blocks: letterBlocks(document.content),
    closing: 'Atentamente,',
    signature: professional,
  };
}

/** The sheet as plain text (for copying into another system). */
export function sheetToPlainText(sheet: Sheet): string {
  const blocks = sheet.blocks.map((b) => [b.heading, ...b.lines.map((line) => (b.list ? `- ${line}` : line))].join('\n'));
  return [
    [sheet.title, ...sheet.meta].join('\n'),
    sheet.draftNotice,
    sheet.opening,
    ...blocks,
    sheet.closing,
    sheet.signature,
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
}
