/**
 * A signed note version → a FHIR R4 document Bundle: Composition first, then the Patient, the
 * Practitioner, the Encounter and every resource a section lists. Pure and deterministic (same
 * version in, same JSON out): ids derive from the version and the consultation (ids.ts), and the
 * document's timestamp is the signature's. Only a signed version is a document: a draft is
 * refused with `NoteNotSignedError`. See README.md for the mapping and what it claims.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { ClinicalNote } from '../../notes/noteSchema';
import { EscribaError } from '../../shared/errors';
import type { Professional } from '../../storage/settings';
import type { Encounter, NoteTemplateSnapshot, NoteVersion } from '../../storage/types';
import { allergyEntries } from './allergy';
import { compositionEntry, documentId } from './composition';
import { conditionEntries } from './condition';
import { LANGUAGE, type Entry, type ExportContext } from './context';
import { encounterEntry } from './encounter';
import { resourceId } from './ids';
import { medicationEntries } from './medication';
import { patientEntry, type PatientIdentifiers } from './patient';
import { practitionerEntry } from './practitioner';
import { orderEntries, referralEntries } from './serviceRequest';
import { SYSTEM } from './systems';
import { vitalEntries } from './vitals';

/** Exporting a version that is not signed: a draft is not a clinical document. */
export class NoteNotSignedError extends EscribaError {
  override name = 'NoteNotSignedError';
}

export interface NoteExportInput {
  note: ClinicalNote;
  version: Pick<NoteVersion, 'id' | 'version' | 'signedAt'>;
  /** The signed version this one corrects (NoteVersion.corrects), if any. */
  corrects?: Pick<NoteVersion, 'id'>;
  template: Pick<NoteTemplateSnapshot, 'name' | 'sections'>;
  encounter: Pick<Encounter, 'id' | 'patientLabel' | 'reason' | 'createdAt'>;
  /** How long the consultation's audio lasts; 0 for a note written by hand. */
  durationMs: number;
  professional: Professional;
  patient?: PatientIdentifiers;
}

export function noteToFhirBundle(input: NoteExportInput): Bundle {
  const { note, version, encounter } = input;
  if (version.signedAt === undefined) throw new NoteNotSignedError(`La versión ${version.version} no está firmada`);
  const context: ExportContext = {
    versionId: version.id,
    patient: resourceId(encounter.id, 'patient'),
    practitioner: resourceId(version.id, 'practitioner'),
    encounter: resourceId(encounter.id, 'encounter'),
    patientLabel: encounter.patientLabel.trim(),
    practitionerName: input.professional.name.trim(),
    visitAt: dateTime(encounter.createdAt),
    signedAt: dateTime(version.signedAt),
  };
  const listed = {
    vitals: vitalEntries(context, note.vitals),
    medications: medicationEntries(context, note.medications),
    allergies: allergyEntries(context, note),
    diagnoses: conditionEntries(context, note.diagnoses),
    orders: orderEntries(context, note.orders),
    referrals: referralEntries(context, note.referrals),
  };
  const document = documentId(version.id);
  const composition = compositionEntry(context, {
    id: resourceId(version.id, 'composition'),
    note,
    template: input.template,
    versionNumber: version.version,
    ...(input.corrects ? { replaces: documentId(input.corrects.id) } : {}),
    listed,
  });
  const entries: Entry[] = [
    composition,
    patientEntry(context, input.patient ?? {}),
    practitionerEntry(context, input.professional),
    encounterEntry(context, {
      reason: encounter.reason,
      ...(input.durationMs > 0 ? { endedAt: dateTime(encounter.createdAt + input.durationMs) } : {}),
    }),
    ...Object.values(listed).flat(),
  ];
  return {
    resourceType: 'Bundle',
    id: document.id,
    language: LANGUAGE,
    identifier: { system: SYSTEM.rfc3986, value: document.fullUrl },
    type: 'document',
    timestamp: context.signedAt,
    entry: entries.map(({ fullUrl, resource }) => ({ fullUrl, resource })),
  };
}

/** FHIR dateTime/instant, in UTC: unambiguous wherever the file is read. */
function dateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
