/**
 * The Composition: the note as a document. Its sections, in the order a reader expects: the
 * template's narrative sections (the doctor's words), then the structured lists, each with the
 * IPS section code where one means the same, the resources it lists as entries and a Spanish
 * narrative. «Alergias» is always there: when the note records neither an allergy nor their
 * absence, its text says so, so nobody reads a missing section as «no allergies».
 *
 * On FHIR R4's own «clinicaldocument» profile, with the note's version number in its extension;
 * attested (mode legal) by the doctor at signing. A correction `replaces` the signed version it
 * corrects (by that version's document identifier, the same one its own export carried).
 */
import type { Coding, Composition, CompositionSection } from '@medplum/fhirtypes';
import type { ClinicalNote } from '../../notes/noteSchema';
import type { NoteTemplateSnapshot } from '../../storage/types';
import { noteGroups, noteSections, type NoteGroup } from '../../ui/NoteLines';
import { authorOf, encounterOf, entry, subjectOf, type Entry, type ExportContext } from './context';
import { resourceId, type ResourceId } from './ids';
import { noKnownAllergyText } from './allergy';
import { list, paragraphs } from './narrative';
import { NOTE_TYPE, SECTION_CODE, SYSTEM } from './systems';

export const NO_SECTION_TEXT = 'Sin datos en la consulta.';
const NO_ALLERGY_RECORD = 'La nota no registra alergias ni su ausencia.';

/** The resources each list of the note became, by the note's list. */
export interface ListedEntries {
  vitals: readonly Entry[];
  medications: readonly Entry[];
  allergies: readonly Entry[];
  diagnoses: readonly Entry[];
  orders: readonly Entry[];
  referrals: readonly Entry[];
}

export interface CompositionInput {
  id: ResourceId;
  note: ClinicalNote;
  template: Pick<NoteTemplateSnapshot, 'name' | 'sections'>;
  versionNumber: number;
  /** Document identifier of the signed version this one corrects. */
  replaces?: ResourceId;
  listed: ListedEntries;
}

/** A note version's document identifier (Bundle.identifier; a correction's `relatesTo` names it). */
export function documentId(versionId: string): ResourceId {
  return resourceId(versionId, 'document');
}

export function compositionEntry(context: ExportContext, input: CompositionInput): Entry<Composition> {
  const title = `Nota de consulta · ${input.template.name}`;
  return entry(input.id, {
    resourceType: 'Composition',
    meta: { profile: ['http://hl7.org/fhir/StructureDefinition/clinicaldocument'] },
    text: paragraphs([title, context.patientLabel && `Paciente: ${context.patientLabel}`, `Firmada por ${context.practitionerName}`].filter(Boolean).join('\n')),
    extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: String(input.versionNumber) },
    ],
    status: 'final',
    type: { coding: [NOTE_TYPE], text: 'Nota de consulta (evolución)' },
    subject: subjectOf(context),
    encounter: encounterOf(context),
    date: context.signedAt,
    author: [authorOf(context)],
    title,
    attester: [{ mode: 'legal', time: context.signedAt, party: authorOf(context) }],
    ...(input.replaces ? { relatesTo: [{ code: 'replaces', targetIdentifier: { system: SYSTEM.rfc3986, value: input.replaces.fullUrl } }] } : {}),
    section: [...narrativeSections(input), ...listSections(input)],
  });
}

function narrativeSections({ note, template }: CompositionInput): CompositionSection[] {
  return noteSections(note, template).map(({ title, line }) => ({ title, text: paragraphs(line.text || NO_SECTION_TEXT) }));
}

function listSections({ note, listed }: CompositionInput): CompositionSection[] {
  const groups = new Map(noteGroups(note).map((group) => [group.id, group] as const));
  const lines = (id: NoteGroup['id']) => groups.get(id)?.lines.map((line) => line.text.trim()) ?? [];
  const sections: (CompositionSection | null)[] = [
    coded('Signos vitales', SECTION_CODE.vitals, lines('vitals'), listed.vitals),
    coded('Medicación', SECTION_CODE.medications, lines('medications'), listed.medications),
    allergiesSection(lines('allergies'), noKnownAllergyText(note), listed.allergies),
    plain('Negativos pertinentes', lines('pertinentNegatives')),
    coded('Diagnósticos', SECTION_CODE.diagnoses, lines('diagnoses'), listed.diagnoses),
    coded('Estudios solicitados', SECTION_CODE.orders, lines('orders'), listed.orders),
    coded('Derivaciones', SECTION_CODE.referrals, lines('referrals'), listed.referrals),
    plain('Control', lines('followUp')),
    plain('Indicaciones al paciente', lines('patientInstructions'), SECTION_CODE.instructions),
  ];
  return sections.filter((section) => section !== null);
}

function coded(title: string, code: Coding, lines: string[], entries: readonly Entry[]): CompositionSection | null {
  if (entries.length === 0) return null;
  return { title, code: { coding: [code] }, text: list(lines), entry: entries.map(referenceOf) };
}

function plain(title: string, lines: string[], code?: Coding): CompositionSection | null {
  if (lines.length === 0) return null;
  return { title, ...(code ? { code: { coding: [code] } } : {}), text: list(lines) };
}

/** Always present: the allergies, their denial (the «no known allergy» entry) or a line saying neither was recorded. */
function allergiesSection(lines: string[], noKnown: string | null, entries: readonly Entry[]): CompositionSection {
  const shown = lines.length > 0 ? lines : noKnown ? [noKnown] : [];
  return {
    title: 'Alergias',
    code: { coding: [SECTION_CODE.allergies] },
    text: shown.length > 0 ? list(shown) : paragraphs(NO_ALLERGY_RECORD),
    ...(entries.length > 0 ? { entry: entries.map(referenceOf) } : {}),
  };
}

function referenceOf(e: Entry) {
  return { reference: e.fullUrl };
}
