/** The Encounter: an ambulatory consultation, finished, with its reason as the doctor typed it. */
import type { Encounter } from '@medplum/fhirtypes';
import { authorOf, entry, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { SYSTEM } from './systems';

export interface VisitDetails {
  reason: string;
  /** FHIR dateTime; absent when no audio was recorded (a note written by hand). */
  endedAt?: string;
}

export function encounterEntry(context: ExportContext, visit: VisitDetails): Entry<Encounter> {
  const reason = visit.reason.trim();
  return entry(context.encounter, {
    resourceType: 'Encounter',
    text: paragraphs(['Consulta ambulatoria', reason ? `Motivo: ${reason}` : ''].filter(Boolean).join('\n')),
    status: 'finished',
    class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
    subject: subjectOf(context),
    participant: [{ individual: authorOf(context) }],
    period: { start: context.visitAt, ...(visit.endedAt ? { end: visit.endedAt } : {}) },
    ...(reason ? { reasonCode: [{ text: reason }] } : {}),
  });
}
