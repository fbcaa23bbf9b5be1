/**
 * A diagnosis of the note → Condition, an encounter diagnosis. Certainty → verificationStatus:
 * presuntivo → provisional, confirmado → confirmed, descartado → refuted (and no clinicalStatus:
 * a ruled-out condition is neither active nor resolved). The CIE-10 code goes only as the note
 * wrote it, with no display and no lookup: Escriba ships no ICD-10 list.
 */
import type { Condition } from '@medplum/fhirtypes';
import type { Diagnosis, DiagnosisCertainty } from '../../notes/noteSchema';
import { authorOf, encounterOf, entry, itemId, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { SYSTEM } from './systems';

const VERIFICATION: Record<DiagnosisCertainty, { code: string; display: string }> = {
  presuntivo: { code: 'provisional', display: 'Provisional' },
  confirmado: { code: 'confirmed', display: 'Confirmed' },
  descartado: { code: 'refuted', display: 'Refuted' },
};

export function conditionEntries(context: ExportContext, diagnoses: readonly Diagnosis[]): Entry<Condition>[] {
  return diagnoses.map((diagnosis, index) => {
    const text = diagnosis.text.trim();
    const verification = VERIFICATION[diagnosis.certainty];
    return entry(itemId(context, 'condition', index), {
      resourceType: 'Condition',
      text: paragraphs(`${text} (${diagnosis.certainty})${diagnosis.cie10 ? ` · CIE-10 ${diagnosis.cie10}` : ''}`),
      ...(diagnosis.certainty === 'descartado'
        ? {}
        : { clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: 'active', display: 'Active' }] } }),
      verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, ...verification }], text: diagnosis.certainty },
      category: [
        { coding: [{ system: SYSTEM.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }], text: 'Diagnóstico de la consulta' },
      ],
      code: {
        ...(diagnosis.cie10 ? { coding: [{ system: SYSTEM.icd10, code: diagnosis.cie10 }] } : {}),
        text,
      },
      subject: subjectOf(context),
      encounter: encounterOf(context),
      recordedDate: context.signedAt,
      recorder: authorOf(context),
    });
  });
}
