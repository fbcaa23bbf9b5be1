/**
 * Allergies → AllergyIntolerance, active, the substance and reaction as the note says them (no
 * verificationStatus: a patient's report in a visit is neither confirmed nor refuted by testing).
 * With no allergy listed and a pertinent negative that denies allergies, one AllergyIntolerance
 * with the IPS «no known allergy» SNOMED CT code (716186003; drug 409137002, food 429625007). When
 * the list has allergies and a negative denies them, the note contradicts itself: no such code is
 * added, and the negative stays in its section's text for the reader to see.
 */
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import type { Allergy, ClinicalNote } from '../../notes/noteSchema';
import { authorOf, encounterOf, entry, itemId, subjectOf, type Entry, type ExportContext } from './context';
import { paragraphs } from './narrative';
import { noKnownAllergy, type NoKnownAllergyKind } from './noKnownAllergy';
import { NO_KNOWN_ALLERGY, SYSTEM } from './systems';

const ACTIVE = { coding: [{ system: SYSTEM.allergyClinical, code: 'active', display: 'Active' }] };

const NO_KNOWN_TEXT: Record<NoKnownAllergyKind, string> = {
  any: 'Sin alergias conocidas',
  drug: 'Sin alergias conocidas a medicamentos',
  food: 'Sin alergias alimentarias conocidas',
};

type AllergyLists = Pick<ClinicalNote, 'allergies' | 'pertinentNegatives'>;

export function allergyEntries(context: ExportContext, note: AllergyLists): Entry<AllergyIntolerance>[] {
  if (note.allergies.length > 0) return note.allergies.map((allergy, index) => allergyEntry(context, allergy, index));
  const denied = noKnownAllergy(note.pertinentNegatives);
  return denied ? [noKnownAllergyEntry(context, denied)] : [];
}

/** «Sin alergias conocidas» (or its drug or food kind) when the export records no known allergies. */
export function noKnownAllergyText(note: AllergyLists): string | null {
  const denied = note.allergies.length === 0 ? noKnownAllergy(note.pertinentNegatives) : null;
  return denied ? NO_KNOWN_TEXT[denied] : null;
}

function allergyEntry(context: ExportContext, allergy: Allergy, index: number): Entry<AllergyIntolerance> {
  const substance = allergy.substance.trim();
  const reaction = allergy.reaction?.trim();
  return entry(itemId(context, 'allergy', index), {
    resourceType: 'AllergyIntolerance',
    text: paragraphs(reaction ? `${substance} (${reaction})` : substance),
    clinicalStatus: ACTIVE,
    code: { text: substance },
    ...common(context),
    ...(reaction ? { reaction: [{ manifestation: [{ text: reaction }] }] } : {}),
  });
}

function noKnownAllergyEntry(context: ExportContext, kind: NoKnownAllergyKind): Entry<AllergyIntolerance> {
  return entry(itemId(context, 'allergy', 0), {
    resourceType: 'AllergyIntolerance',
    text: paragraphs(NO_KNOWN_TEXT[kind]),
    clinicalStatus: ACTIVE,
    code: { coding: [NO_KNOWN_ALLERGY[kind]], text: NO_KNOWN_TEXT[kind] },
    ...common(context),
  });
}

function common(context: ExportContext) {
  return { patient: subjectOf(context), encounter: encounterOf(context), recordedDate: context.signedAt, recorder: authorOf(context) };
}
