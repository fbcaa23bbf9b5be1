/**
 * The FHIR export of each evaluation case (models/eval/cases): the note a perfect model would
 * write for it (its reference, in the note's shape), signed and exported, validates with zero
 * errors and carries every fact of the reference as its own resource. The cases are realistic
 * consultations (brands, ruled-out diagnoses, stopped drugs, denied allergies, a 30-minute visit),
 * so this is the export on the notes Escriba is measured on. scripts/fhir-hapi validates the same
 * Bundles with HAPI.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parseNote } from '../../notes/noteSchema';
import { repositoryCases } from '../../eval/repositoryCases.testkit';
import { evalCaseBundles } from './evalCases.testkit';
import { fhirErrors } from './validate.testkit';

const cases = repositoryCases();
const bundles = evalCaseBundles(cases);

const resources = (bundle: Bundle, type: Resource['resourceType']) => (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type);

describe('FHIR export of the evaluation cases', () => {
  it('exports every case', () => {
    expect(bundles.map(([name]) => name)).toEqual(cases.map((c) => c.name));
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(bundles)('%s: validates with zero errors and lists each fact of the reference', (name, bundle) => {
    const { reference } = cases.find((c) => c.name === name)!;
    expect(fhirErrors(bundle)).toEqual([]);
    const medications = [...resources(bundle, 'MedicationRequest'), ...resources(bundle, 'MedicationStatement')];
    expect(medications).toHaveLength(reference.medications.length);
    const vitals = Object.values(reference.vitals).filter((v) => v !== null && v !== undefined);
    expect(resources(bundle, 'Observation')).toHaveLength(vitals.length);
    expect(resources(bundle, 'Condition')).toHaveLength(reference.diagnoses.length);
    expect(resources(bundle, 'ServiceRequest')).toHaveLength(reference.orders.length + (reference.referrals ?? []).length);
    // Denied allergies become the IPS «no known allergy» statement; listed ones their own resources.
    expect(resources(bundle, 'AllergyIntolerance')).toHaveLength(reference.allergies.length + (reference.allergiesDenied ? 1 : 0));
  });

  it('the evaluation notes are valid notes to begin with', () => {
    for (const [name, , note] of bundles) expect(parseNote(note), name).toMatchObject({ ok: true });
  });
});
