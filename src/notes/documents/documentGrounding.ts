/**
 * The grounding check for a document: nothing the note does not say. The note is the source here
 * (the document is written from it, not from the transcript), read with the note's own matching
 * helpers: key terms up to plural and small endings or a synonym group (terms.ts), numbers with
 * their units and conversions (quantities.ts).
 *
 * - A medication to take must be one of the note's medications, and not one the note stops; its
 *   dose, frequency and duration numbers must be that medication's own (a number is bound to its
 *   drug: «enalapril 500 mg» is flagged when 500 mg is the paracetamol's). A medication to stop
 *   must be one the note stops. A letter's current medication line is held to the same rule.
 * - Every other field (when to come back, each alarm sign and care item, the letter's text) may
 *   use no number and no key term the note does not have. The words a plain-language sheet or a
 *   letter adds around the facts («tome», «vuelva», «consulte», «estimado colega») are not facts
 *   and are not checked (DOCUMENT_WORDING); any other word is, so a plain rewording can be flagged:
 *   erring toward «Revisar» is the point.
 *
 * Findings have the note's finding shape (path, label, reason) so the UI marks them the same way.
 */
import type { NoteFinding } from '../../storage/types';
import { vitalsLine } from '../plainText';
import type { ClinicalNote, Medication } from '../noteSchema';
import { describeQuantity, quantitiesIn, quantitiesSaid, unmatchedQuantities } from '../quantities';
import { keyTerms, MEDICATION_FORM_WORDS, saidText, termsNotSaid, type SaidText } from '../terms';
import type { DocumentContent, PatientInstructions, ReferralLetter } from './documentSchema';

/** Wording of instructions and letters, folded: connects and addresses, never states a finding. */
export const DOCUMENT_WORDING = new Set(
  (
    'tome tomar tomarlo tomarla tomelo tomela tomando siga seguir sigue continue continuar deje dejar aplique aplicar use usar ' +
    'durante despues antes luego cuando todo todos toda todas solo sola ' +
    'vuelva volver vuelve regrese regresar consulte consultar consulta control turno ' +
    'guardia urgencia urgencias emergencia inmediato inmediatamente enseguida pronto posible ' +
    'aparece aparecen aparezca aparecer siente sienta tiene tenga tuviera nota note ' +
    'empeora empeore empeoran persiste persista persisten ' +
    'signo signos sintoma sintomas alarma ante caso llame llamar acuda acudir centro salud medico medica hospital ' +
    'estimado estimada estimados colega colegas saludo saludos atentamente cordialmente gracias agradezco ' +
    'solicito solicita derivo deriva derivacion evaluacion evaluar valoracion conducta opinion sugerencia sugiere sugerir ' +
    'motivo resumen actual actualmente estudio estudios pregunta respecto favor ' +
    'indicaciones indicacion recomendaciones medicacion medicamento medicamentos'
  ).split(' '),
);

interface Source {
  note: ClinicalNote;
  said: SaidText;
  quantities: ReturnType<typeof quantitiesSaid>;
}

/** Every value of the note as text: what a document may draw on. */
export function noteSourceText(note: ClinicalNote): string {
  return [
    ...Object.values(note.sections).map((s) => s.text),
    ...note.medications.flatMap((m) => [m.name, m.dose, m.frequency, m.route, m.duration]),
    ...note.allergies.flatMap((a) => [a.substance, a.reaction]),
    ...note.diagnoses.map((d) => d.text),
    vitalsLine(note.vitals),
    ...note.orders.map((o) => o.text),
    ...note.referrals.flatMap((r) => [r.specialty, r.reason]),
    note.followUp?.text,
    ...note.patientInstructions.map((p) => p.text),
    ...note.pertinentNegatives.map((n) => n.text),
  ]
    .filter((text): text is string => Boolean(text?.trim()))
    .join('. ');
}

function quoted(items: readonly string[]): string {
  return items.map((item) => `«${item}»`).join(', ');
}

/** What of `text` the source lacks: numbers (against `quantities`) and key terms (against the whole note). */
function missing(text: string, source: Source, quantities = source.quantities): string[] {
  const numbers = unmatchedQuantities(quantitiesIn(text), quantities).map(describeQuantity);
  const words = termsNotSaid(keyTerms(text, DOCUMENT_WORDING), source.said);
  return [...numbers, ...words];
}

function drugTerms(name: string): string[] {
  return keyTerms(name, MEDICATION_FORM_WORDS);
}

/** The note's medication `text` names (every key term of its name is in `text`), if any. */
function noteMedicationIn(text: string, note: ClinicalNote): Medication | undefined {
  const said = saidText(text);
  return note.medications.find((m) => {
    const terms = drugTerms(m.name);
    return terms.length > 0 && termsNotSaid(terms, said).length === 0;
  });
}

function ownQuantities(m: Medication) {
  return quantitiesSaid([m.dose, m.frequency, m.route, m.duration].filter(Boolean).join('. '));
}

function finding(path: string, label: string, reason: string): NoteFinding {
  return { path, label, level: 'revisar', reason };
}

/** Two letters in a row: less is punctuation or a stray symbol, which no sheet should print. */
const READABLE = /\p{L}{2}/u;

function checkText(findings: NoteFinding[], path: string, label: string, text: string | null, source: Source): void {
  if (!text?.trim()) return;
  if (!READABLE.test(text)) {
    // A model that lost the thread writes «:{.» here; it has no term to check, so it would pass.
    findings.push(finding(path, label, `No dice nada legible: «${text.trim()}».`));
    return;
  }
  const lacking = missing(text, source);
  if (lacking.length > 0) findings.push(finding(path, label, `No figura en la nota: ${quoted(lacking)}.`));
}

/** A medication line (to take, or current): one of the note's, not stopped, with that drug's own numbers. */
function checkMedication(findings: NoteFinding[], path: string, label: string, name: string, details: string, source: Source): void {
  const medication = noteMedicationIn(name, source.note);
  if (!medication) {
    findings.push(finding(path, label, `«${name.trim()}» no figura entre los medicamentos de la nota.`));
    return;
  }
  if (medication.action === 'suspende') {
    findings.push(finding(path, label, `La nota suspende «${medication.name}»; aquí figura como medicación a tomar.`));
    return;
  }
  const lacking = [
    ...unmatchedQuantities(quantitiesIn(details), ownQuantities(medication)).map(describeQuantity),
    ...termsNotSaid(keyTerms(details, new Set([...DOCUMENT_WORDING, ...MEDICATION_FORM_WORDS])), source.said),
  ];
  if (lacking.length > 0) findings.push(finding(path, label, `No figura en la nota para ${medication.name}: ${quoted(lacking)}.`));
}

function groundInstructions(doc: PatientInstructions, source: Source): NoteFinding[] {
  const findings: NoteFinding[] = [];
  doc.medications.forEach((m, i) => {
    const details = [m.dose, m.howToTake, m.duration].filter(Boolean).join('. ');
    checkMedication(findings, `medications.${i}`, `Qué tomar: ${m.name}`, m.name, details, source);
  });
  doc.stopTaking.forEach((name, i) => {
    const medication = noteMedicationIn(name, source.note);
    if (medication?.action !== 'suspende') {
      findings.push(finding(`stopTaking.${i}`, `Dejar de tomar: ${name}`, `La nota no suspende «${name.trim()}».`));
    }
  });
  checkText(findings, 'whenToReturn', 'Cuándo volver', doc.whenToReturn, source);
  doc.alarmSigns.forEach((text, i) => checkText(findings, `alarmSigns.${i}`, `Signo de alarma ${i + 1}`, text, source));
  doc.care.forEach((text, i) => checkText(findings, `care.${i}`, `Cuidado ${i + 1}`, text, source));
  return findings;
}

function groundLetter(doc: ReferralLetter, source: Source): NoteFinding[] {
  const findings: NoteFinding[] = [];
  checkText(findings, 'recipient', 'Destinatario', doc.recipient, source);
  checkText(findings, 'reason', 'Motivo', doc.reason, source);
  checkText(findings, 'summary', 'Resumen', doc.summary, source);
  doc.currentMedications.forEach((line, i) =>
    checkMedication(findings, `currentMedications.${i}`, `Medicación actual: ${line}`, line, line, source),
  );
  doc.studies.forEach((text, i) => checkText(findings, `studies.${i}`, `Estudio ${i + 1}`, text, source));
  checkText(findings, 'question', 'Pregunta al especialista', doc.question, source);
  return findings;
}

/** The document's «Revisar» flags against `note` (the note version it was written from). */
export function groundDocument(document: DocumentContent, note: ClinicalNote): NoteFinding[] {
  const text = noteSourceText(note);
  const source: Source = { note, said: saidText(text), quantities: quantitiesSaid(text) };
  return document.kind === 'instrucciones' ? groundInstructions(document.content, source) : groundLetter(document.content, source);
}
