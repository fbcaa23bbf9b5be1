/** Each evaluation case's reference note, signed and exported: for the FHIR tests and the HAPI check. */
import type { Bundle } from '@medplum/fhirtypes';
import type { EvalCase } from '../../eval/caseFile';
import { referenceNote } from '../../eval/referenceNote.testkit';
import type { ClinicalNote } from '../../notes/noteSchema';
import { noteToFhirBundle } from './bundle';
import { exportInput } from './bundle.testkit';

export function evalCaseBundles(cases: readonly EvalCase[]): [name: string, bundle: Bundle, note: ClinicalNote][] {
  return cases.map((evalCase) => {
    const note = referenceNote(evalCase.reference);
    const template = { name: 'Consulta clínica general', sections: Object.keys(note.sections).map((id) => ({ id, title: id, guidance: '' })) };
    const encounter = { id: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', patientLabel: `Caso ${evalCase.name}`, reason: evalCase.reference.chiefComplaint, createdAt: Date.UTC(2026, 11, 1, 13) };
    return [evalCase.name, noteToFhirBundle(exportInput(note, { template, encounter })), note];
  });
}
