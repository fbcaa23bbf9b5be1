import type { Bundle, BundleEntry, Composition, Reference, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { llmFixtureScript } from '../../../test/fixtures/llm-fixture';
import { caseNote, GROUNDING_CASES } from '../../notes/groundingCases.testkit';
import { VISIT_CASES } from '../../notes/groundingVisit.testkit';
import { parseNote } from '../../notes/noteSchema';
import { NoteNotSignedError, noteToFhirBundle } from './bundle';
import { DENIED_ALLERGIES_NOTE, exportInput, FULL_NOTE, SIGNED_AT, VERSION_ID } from './bundle.testkit';
import { fhirErrors, fhirIssues, r4Codes } from './validate.testkit';

// Loading the R4 definitions into the validator takes seconds; once per file.
beforeAll(() => void fhirErrors({ resourceType: 'Basic', code: { text: 'warm-up' } }), 60_000);

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}
function ofType<T extends Resource['resourceType']>(bundle: Bundle, type: T): Extract<Resource, { resourceType: T }>[] {
  return resources(bundle).filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type);
}
function composition(bundle: Bundle): Composition {
  const first = bundle.entry?.[0]?.resource;
  if (first?.resourceType !== 'Composition') throw new Error('The first entry is not the Composition');
  return first;
}
function section(bundle: Bundle, title: string) {
  return composition(bundle).section?.find((s) => s.title === title);
}
/** Every `reference` string anywhere inside `value`. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'reference' && typeof inner === 'string' ? [inner] : referencesIn(inner)));
}
const fullUrls = (bundle: Bundle) => new Set((bundle.entry ?? []).map((e: BundleEntry) => e.fullUrl));

describe('noteToFhirBundle', () => {
  it('makes a valid R4 document of a note with every field: zero validator errors', () => {
    const bundle = noteToFhirBundle(exportInput(FULL_NOTE, { patient: { dni: '30123456' } }));
    expect(fhirErrors(bundle)).toEqual([]);
    expect(bundle.type).toBe('document');
    expect(bundle.timestamp).toBe(new Date(SIGNED_AT).toISOString());
    expect(bundle.identifier).toEqual({ system: 'urn:ietf:rfc:3986', value: expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}$/) });
    expect(resources(bundle).map((r) => r.resourceType)).toEqual([
      'Composition',
      'Patient',
      'Practitioner',
      'Encounter',
      ...Array(7).fill('Observation'),
      'MedicationRequest',
      'MedicationStatement',
      'MedicationStatement',
      'MedicationRequest',
      'MedicationStatement',
      'AllergyIntolerance',
      'AllergyIntolerance',
      'Condition',
      'Condition',
      'Condition',
      'ServiceRequest',
      'ServiceRequest',
      'ServiceRequest',
      'ServiceRequest',
    ]);
    expect(resources(bundle).every((r) => r.language === 'es-AR')).toBe(true);
  });

  it('resolves every reference inside the Bundle and reaches every entry from the Composition', () => {
    const bundle = noteToFhirBundle(exportInput(FULL_NOTE));
    const urls = fullUrls(bundle);
    expect(urls.size).toBe(bundle.entry?.length);
    for (const reference of referencesIn(bundle.entry)) expect(urls).toContain(reference);
    const fromComposition = new Set(referencesIn(composition(bundle)));
    for (const url of urls) if (url !== bundle.entry?.[0]?.fullUrl) expect(fromComposition).toContain(url);
  });

  it('writes the Composition as the signed note: sections in order, attested by the doctor, Spanish text escaped', () => {
    const bundle = noteToFhirBundle(exportInput(FULL_NOTE));
    const doc = composition(bundle);
    expect(doc).toMatchObject({
      status: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      title: 'Nota de consulta · SOAP',
      date: new Date(SIGNED_AT).toISOString(),
      attester: [{ mode: 'legal', time: new Date(SIGNED_AT).toISOString(), party: { display: 'Dra. Ana Gómez' } }],
      extension: [{ valueString: '2' }],
    });
    expect(doc.section?.map((s) => s.title)).toEqual([
      'Subjetivo',
      'Objetivo',
      'Evaluación',
      'Plan',
      'Signos vitales',
      'Medicación',
      'Alergias',
      'Negativos pertinentes',
      'Diagnósticos',
      'Estudios solicitados',
      'Derivaciones',
      'Control',
      'Indicaciones al paciente',
    ]);
    expect(section(bundle, 'Subjetivo')?.text?.div).toContain('<p>Odinofagia de tres días.</p><p>Niega tos.</p>');
    expect(section(bundle, 'Objetivo')?.text?.div).toContain('Fauces eritematosas &lt;sin exudado&gt; &amp; adenopatías.');
    expect(section(bundle, 'Evaluación')?.text?.div).toContain('Sin datos en la consulta.');
    expect(section(bundle, 'Medicación')?.code?.coding?.[0]?.code).toBe('10160-0');
    expect(section(bundle, 'Medicación')?.entry).toHaveLength(5);
    expect(section(bundle, 'Signos vitales')?.entry).toHaveLength(7);
  });

  it('has the Practitioner with the name and matrícula of the settings, and the Patient with the label (and DNI only if given)', () => {
    const withDni = noteToFhirBundle(exportInput(FULL_NOTE, { patient: { dni: '30123456' } }));
    expect(ofType(withDni, 'Practitioner')[0]).toMatchObject({
      name: [{ text: 'Dra. Ana Gómez' }],
      identifier: [{ type: { coding: [{ code: 'MD' }], text: 'Matrícula' }, value: 'MN 123456' }],
    });
    expect(ofType(withDni, 'Patient')[0]).toMatchObject({
      name: [{ text: 'Juan Pérez' }],
      identifier: [{ use: 'official', system: 'http://www.renaper.gob.ar/dni', value: '30123456' }],
    });
    const labelOnly = ofType(noteToFhirBundle(exportInput(FULL_NOTE)), 'Patient')[0];
    expect(labelOnly?.identifier).toBeUndefined();
    expect(Object.keys(labelOnly ?? {}).sort()).toEqual(['id', 'language', 'name', 'resourceType', 'text']);
  });

  it('maps each medication action to its resource and status', () => {
    const bundle = noteToFhirBundle(exportInput(FULL_NOTE));
    const meds = resources(bundle).filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement');
    expect(
      meds.map((r) =>
        r.resourceType === 'MedicationRequest'
          ? [r.medicationCodeableConcept?.text, 'MedicationRequest', r.status, r.intent]
          : [r.medicationCodeableConcept?.text, 'MedicationStatement', r.status],
      ),
    ).toEqual([
      ['Ibuprofeno', 'MedicationRequest', 'active', 'plan'],
      ['Enalapril', 'MedicationStatement', 'active'],
      ['Amoxicilina', 'MedicationStatement', 'stopped'],
      ['Losartán', 'MedicationRequest', 'active', 'plan'],
      ['Paracetamol', 'MedicationStatement', 'unknown'],
    ]);
    const ibuprofen = ofType(bundle, 'MedicationRequest')[0];
    expect(ibuprofen?.dosageInstruction).toEqual([{ text: '600 mg, cada 8 horas, vía oral, durante 5 días', route: { text: 'oral' } }]);
    expect(ofType(bundle, 'MedicationStatement')[2]?.dosage).toBeUndefined();
    // Required bindings, which the validator used here does not check.
    for (const r of ofType(bundle, 'MedicationStatement')) expect(r4Codes('http://hl7.org/fhir/CodeSystem/medication-statement-status')).toContain(r.status);
    for (const r of ofType(bundle, 'MedicationRequest')) {
      expect(r4Codes('http://hl7.org/fhir/CodeSystem/medicationrequest-status')).toContain(r.status);
      expect(r4Codes('http://hl7.org/fhir/CodeSystem/medicationrequest-intent')).toContain(r.intent);
    }
  });

  it('writes diagnoses with their certainty and the CIE-10 code only as the note has it', () => {
    const conditions = ofType(noteToFhirBundle(exportInput(FULL_NOTE)), 'Condition');
    expect(conditions.map((c) => [c.code?.text, c.verificationStatus?.coding?.[0]?.code, c.clinicalStatus?.coding?.[0]?.code, c.code?.coding])).toEqual([
      ['Faringitis aguda', 'provisional', 'active', [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J02.9' }]],
      ['Hipertensión arterial', 'confirmed', 'active', [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }]],
      ['Amigdalitis estreptocócica', 'refuted', undefined, undefined],
    ]);
    for (const c of conditions) {
      expect(r4Codes('http://terminology.hl7.org/CodeSystem/condition-ver-status')).toContain(c.verificationStatus?.coding?.[0]?.code);
      expect(c.category?.[0]?.coding?.[0]?.code).toBe('encounter-diagnosis');
    }
  });

  it('writes each vital sign with its LOINC code, UCUM unit and R4 vital-sign profile', () => {
    const observations = ofType(noteToFhirBundle(exportInput(FULL_NOTE)), 'Observation');
    const summary = observations.map((o) => ({
      profile: o.meta?.profile?.[0]?.replace('http://hl7.org/fhir/StructureDefinition/', ''),
      loinc: o.code.coding?.map((c) => c.code),
      value: o.valueQuantity ? [o.valueQuantity.value, o.valueQuantity.code] : o.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code]),
    }));
    expect(summary).toEqual([
      { profile: 'bp', loinc: ['85354-9'], value: [['8480-6', 140, 'mm[Hg]'], ['8462-4', 90, 'mm[Hg]']] },
      { profile: 'heartrate', loinc: ['8867-4'], value: [88, '/min'] },
      { profile: 'resprate', loinc: ['9279-1'], value: [16, '/min'] },
      { profile: 'bodytemp', loinc: ['8310-5'], value: [38.5, 'Cel'] },
      { profile: 'oxygensat', loinc: ['2708-6', '59408-5'], value: [97, '%'] },
      { profile: 'bodyweight', loinc: ['29463-7'], value: [72.4, 'kg'] },
      { profile: 'bodyheight', loinc: ['8302-2'], value: [170, 'cm'] },
    ]);
    for (const o of observations) {
      expect(o.category?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' });
      expect([o.valueQuantity, ...(o.component ?? []).map((c) => c.valueQuantity)].filter(Boolean).every((q) => q?.system === 'http://unitsofmeasure.org')).toBe(true);
    }
  });

  it('writes orders and referrals as ServiceRequests', () => {
    const requests = ofType(noteToFhirBundle(exportInput(FULL_NOTE)), 'ServiceRequest');
    expect(requests.map((r) => [r.code?.text, r.category?.[0]?.coding?.[0]?.code, r.reasonCode?.[0]?.text])).toEqual([
      ['Hemograma', undefined, undefined],
      ['Radiografía de tórax', undefined, undefined],
      ['Derivación a Cardiología', '3457005', 'Control de la presión'],
      ['Derivación a Kinesiología', '3457005', undefined],
    ]);
    for (const r of requests) {
      expect(r4Codes('http://hl7.org/fhir/request-status')).toContain(r.status);
      expect(r4Codes('http://hl7.org/fhir/request-intent')).toContain(r.intent);
    }
  });

  it('records «no known allergies» with the IPS SNOMED CT code when the note denies allergies', () => {
    const bundle = noteToFhirBundle(exportInput(DENIED_ALLERGIES_NOTE));
    expect(fhirErrors(bundle)).toEqual([]);
    const [allergy, ...others] = ofType(bundle, 'AllergyIntolerance');
    expect(others).toEqual([]);
    expect(allergy?.code).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' }], text: 'Sin alergias conocidas' });
    expect(r4Codes('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical')).toContain(allergy?.clinicalStatus?.coding?.[0]?.code);
    const allergies = section(bundle, 'Alergias');
    expect(allergies?.entry).toEqual([{ reference: bundle.entry?.find((e) => e.resource === allergy)?.fullUrl }]);
    expect(allergies?.text?.div).toContain('Sin alergias conocidas');
  });

  it('adds no «no known allergies» when the note lists an allergy, denies only one substance, or says nothing', () => {
    const denial = (text: string) => ({ text, evidence: ['s1'] });
    const contradictory = { ...DENIED_ALLERGIES_NOTE, allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['s1'] }] };
    const oneSubstance = { ...DENIED_ALLERGIES_NOTE, pertinentNegatives: [denial('Niega alergia a la penicilina.')] };
    const silent = { ...DENIED_ALLERGIES_NOTE, pertinentNegatives: [] };
    expect(ofType(noteToFhirBundle(exportInput(contradictory)), 'AllergyIntolerance').map((a) => a.code?.text)).toEqual(['Penicilina']);
    expect(ofType(noteToFhirBundle(exportInput(oneSubstance)), 'AllergyIntolerance')).toEqual([]);
    const silentBundle = noteToFhirBundle(exportInput(silent));
    expect(ofType(silentBundle, 'AllergyIntolerance')).toEqual([]);
    // The section stays, saying nothing was recorded: a missing section must not read as «no allergies».
    expect(section(silentBundle, 'Alergias')?.text?.div).toContain('La nota no registra alergias ni su ausencia.');
    expect(section(silentBundle, 'Alergias')?.entry).toBeUndefined();
    expect(fhirErrors(silentBundle)).toEqual([]);
  });

  it('refuses an unsigned version: a draft is not a document', () => {
    expect(() => noteToFhirBundle(exportInput(FULL_NOTE, { version: { id: VERSION_ID, version: 1, signedAt: undefined } }))).toThrow(NoteNotSignedError);
  });

  it('is deterministic: the same version gives the same file; patient and encounter keep their ids across versions', () => {
    const once = JSON.stringify(noteToFhirBundle(exportInput(FULL_NOTE)));
    expect(JSON.stringify(noteToFhirBundle(exportInput(FULL_NOTE)))).toBe(once);
    const next = noteToFhirBundle(exportInput(FULL_NOTE, { version: { id: 'f0e1d2c3-b4a5-4968-8776-655443322110', version: 3, signedAt: SIGNED_AT + 60_000 }, corrects: { id: VERSION_ID } }));
    const first = noteToFhirBundle(exportInput(FULL_NOTE));
    const idOf = (bundle: Bundle, type: string) => bundle.entry?.find((e) => e.resource?.resourceType === type)?.fullUrl;
    expect(idOf(next, 'Patient')).toBe(idOf(first, 'Patient'));
    expect(idOf(next, 'Encounter')).toBe(idOf(first, 'Encounter'));
    expect(idOf(next, 'Composition')).not.toBe(idOf(first, 'Composition'));
    expect(next.identifier?.value).not.toBe(first.identifier?.value);
    // The correction says which document it replaces: the first version's own identifier.
    expect(composition(next).relatesTo).toEqual([{ code: 'replaces', targetIdentifier: { system: 'urn:ietf:rfc:3986', value: first.identifier?.value } }]);
    expect(r4Codes('http://hl7.org/fhir/document-relationship-type')).toContain('replaces');
    expect(fhirErrors(next)).toEqual([]);
  });

  it('validates with zero errors for the fixture text model\'s scripted note', () => {
    const template = { name: 'Consulta clínica general', sections: Object.keys(llmFixtureScript().note.sections).map((id) => ({ id, title: id, guidance: '' })) };
    expect(fhirErrors(noteToFhirBundle(exportInput(llmFixtureScript().note, { template })))).toEqual([]);
  });

  const cases = [...GROUNDING_CASES, ...VISIT_CASES];
  it.each(cases.map((testCase) => [testCase.kind, testCase.name, testCase] as const))('validates with zero errors: %s, %s', (_kind, _name, testCase) => {
    const parsed = parseNote(caseNote(testCase.note));
    if (!parsed.ok) throw new Error(`${testCase.name}: ${parsed.problems.join(' ')}`);
    expect(fhirErrors(noteToFhirBundle(exportInput(parsed.note)))).toEqual([]);
  });
});

describe('the validator used here', () => {
  const valid = () => noteToFhirBundle(exportInput(FULL_NOTE));
  const drop = (bundle: Bundle, type: string, key: string): Bundle => ({
    ...bundle,
    entry: bundle.entry?.map((e) => {
      if (e.resource?.resourceType !== type) return e;
      const { [key]: _dropped, ...rest } = e.resource as unknown as Record<string, unknown>;
      return { ...e, resource: rest as unknown as Resource };
    }),
  });

  it.each([
    ['Composition', 'title'],
    ['Composition', 'status'],
    ['Composition', 'type'],
    ['Composition', 'author'],
    ['Composition', 'date'],
    ['MedicationRequest', 'intent'],
    ['MedicationStatement', 'subject'],
    ['Observation', 'code'],
    ['Observation', 'effectiveDateTime'],
    ['Encounter', 'class'],
    ['AllergyIntolerance', 'patient'],
    ['Condition', 'subject'],
    ['ServiceRequest', 'intent'],
  ])('reports an error when %s.%s is dropped', (type, key) => {
    expect(fhirErrors(drop(valid(), type, key)).length).toBeGreaterThan(0);
  });

  it('reports an error when the document has no identifier or a section is empty', () => {
    const { identifier: _identifier, ...withoutId } = valid();
    expect(fhirErrors(withoutId).map((i) => i.message).join(' ')).toContain('bdl-9');
    const bundle = valid();
    const doc = composition(bundle);
    const emptied: Bundle = { ...bundle, entry: [{ ...bundle.entry?.[0], resource: { ...doc, section: [{ title: 'Vacía' }] } }, ...(bundle.entry ?? []).slice(1)] };
    expect(fhirErrors(emptied).map((i) => i.message).join(' ')).toContain('cmp-1');
  });

  it('reports an error when a blood pressure lacks its diastolic component', () => {
    const bundle = valid();
    const entry = bundle.entry?.find((e) => e.resource?.resourceType === 'Observation');
    const bp = entry?.resource;
    if (bp?.resourceType !== 'Observation') throw new Error('no blood pressure');
    const broken: Bundle = { ...bundle, entry: [{ ...entry, resource: { ...bp, component: bp.component?.slice(0, 1) } }] };
    expect(fhirErrors(broken).length).toBeGreaterThan(0);
  });

  it('still misreads the R4 specification\'s own blood pressure example (the false positive set aside above)', () => {
    const q = (value: number) => ({ value, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
    const example: Resource = {
      resourceType: 'Observation',
      meta: { profile: ['http://hl7.org/fhir/StructureDefinition/bp'] },
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: { reference: 'Patient/example' } satisfies Reference,
      effectiveDateTime: '2012-09-17',
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: q(107) },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: q(60) },
      ],
    };
    // If this starts failing, @medplum/core matches the bp slices now: drop the exception in validate.testkit.ts.
    expect(fhirIssues(example).filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      "Incorrect number of values provided for slice 'SystolicBP': expected 1..1, but found 0",
      "Incorrect number of values provided for slice 'DiastolicBP': expected 1..1, but found 0",
    ]);
    expect(fhirErrors(example)).toEqual([]);
  });
});
