/** What every resource of one exported note shares: who, when, and the ids it points to. */
import type { Encounter, Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import { referenceTo, resourceId, type ResourceId } from './ids';

export interface ExportContext {
  /** The version's id: its own resources' ids derive from it. */
  versionId: string;
  patient: ResourceId;
  practitioner: ResourceId;
  encounter: ResourceId;
  patientLabel: string;
  practitionerName: string;
  /** When the consultation started (FHIR dateTime): when what it records was said and measured. */
  visitAt: string;
  /** When the doctor signed the version (FHIR dateTime). */
  signedAt: string;
}

export interface Entry<R extends Resource = Resource> {
  fullUrl: string;
  resource: R;
}

/** The id of the `index`th resource of `kind` in this version ("medication", 0). */
export function itemId(context: ExportContext, kind: string, index = 0): ResourceId {
  return resourceId(context.versionId, `${kind}/${index}`);
}

export const subjectOf = (context: ExportContext): Reference<Patient> => referenceTo(context.patient, context.patientLabel || undefined);
export const authorOf = (context: ExportContext): Reference<Practitioner> =>
  referenceTo(context.practitioner, context.practitionerName || undefined);
export const encounterOf = (context: ExportContext): Reference<Encounter> => referenceTo(context.encounter);

/** Every resource is written in Spanish (Argentina), as the note is. */
export const LANGUAGE = 'es-AR';

/** A bundle entry for `resource`, its id first (easier to read in the file), then its language. */
export function entry<R extends Resource>(id: ResourceId, resource: R): Entry<R> {
  return { fullUrl: id.fullUrl, resource: Object.assign({ resourceType: resource.resourceType, id: id.id, language: LANGUAGE }, resource) };
}
