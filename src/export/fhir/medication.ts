/**
 * Medications of the note, by their action in this consultation:
 *
 * | action      | resource                                  | why                                        |
 * |-------------|-------------------------------------------|--------------------------------------------|
 * | inicia      | MedicationRequest, active, intent `plan`  | the doctor's new indication                |
 * | modifica    | MedicationRequest, active, intent `plan`  | a new indication that replaces the old one |
 * | continúa    | MedicationStatement, `active`             | the patient goes on taking it              |
 * | suspende    | MedicationStatement, `stopped`            | stopped at this visit                      |
 * | mencionada  | MedicationStatement, `unknown`            | named, but the note says nothing of its use |
 *
 * Requests use intent `plan`, not `order`: a note is not a prescription (in Argentina that is the
 * electronic prescription, RDIar, or paper), and no receiving system may dispense from it. The
 * drug, dose, frequency, route and duration stay text, as said: Escriba does not code drugs.
 */
import type { Dosage, MedicationRequest, MedicationStatement } from '@medplum/fhirtypes';
import type { Medication } from '../../notes/noteSchema';
import { medicationDetails, medicationLine } from '../../notes/plainText';
import { authorOf, encounterOf, entry, itemId, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';

const STATEMENT_STATUS = {
  continúa: 'active',
  suspende: 'stopped',
  mencionada: 'unknown',
} as const satisfies Partial<Record<Medication['action'], MedicationStatement['status']>>;

export type MedicationEntry = Entry<MedicationStatement> | Entry<MedicationRequest>;

export function medicationEntries(context: ExportContext, medications: readonly Medication[]): MedicationEntry[] {
  return medications.map((medication, index) =>
    medication.action === 'inicia' || medication.action === 'modifica'
      ? requestEntry(context, medication, index)
      : statementEntry(context, medication, STATEMENT_STATUS[medication.action], index),
  );
}

function requestEntry(context: ExportContext, medication: Medication, index: number): Entry<MedicationRequest> {
  const dosageInstruction = dosageOf(medication);
  return entry(itemId(context, 'medication', index), {
    resourceType: 'MedicationRequest',
    text: paragraphs(medicationLine(medication)),
    status: 'active',
    intent: 'plan',
    medicationCodeableConcept: { text: medication.name.trim() },
    subject: subjectOf(context),
    encounter: encounterOf(context),
    authoredOn: context.signedAt,
    requester: authorOf(context),
    ...(medication.action === 'modifica' ? { note: [{ text: 'Modifica la indicación anterior de este medicamento.' }] } : {}),
    ...(dosageInstruction ? { dosageInstruction } : {}),
  });
}

function statementEntry(
  context: ExportContext,
  medication: Medication,
  status: MedicationStatement['status'],
  index: number,
): Entry<MedicationStatement> {
  const dosage = dosageOf(medication);
  return entry(itemId(context, 'medication', index), {
    resourceType: 'MedicationStatement',
    text: paragraphs(medicationLine(medication)),
    status,
    medicationCodeableConcept: { text: medication.name.trim() },
    subject: subjectOf(context),
    context: encounterOf(context),
    dateAsserted: context.signedAt,
    informationSource: authorOf(context),
    ...(medication.action === 'suspende' ? { note: [{ text: 'Suspendido en esta consulta.' }] } : {}),
    ...(dosage ? { dosage } : {}),
  });
}

/** The dosage as said («600 mg, cada 8 horas, vía oral»), or nothing when the note says nothing of it. */
function dosageOf(medication: Medication): Dosage[] | undefined {
  const text = [medication.dose?.trim(), ...medicationDetails(medication)].filter(Boolean).join(', ');
  if (!text) return undefined;
  const route = medication.route?.trim();
  return [{ text, ...(route ? { route: { text: route } } : {}) }];
}
