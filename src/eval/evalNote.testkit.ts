/** Notes and references for the eval's unit tests, built from an empty note. */
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import type { CaseReference } from './caseFile';

const ev = ['s1'];

export function note(parts: Partial<Omit<ClinicalNote, 'sections'>> & { sections?: Record<string, string> } = {}): ClinicalNote {
  const base = emptyNote({ sections: [] });
  const { sections, ...lists } = parts;
  return {
    ...base,
    ...lists,
    sections: Object.fromEntries(Object.entries(sections ?? {}).map(([id, text]) => [id, { text, evidence: ev }])),
  };
}

export function medication(name: string, dose: string | null, frequency: string | null, action: ClinicalNote['medications'][number]['action']) {
  return { name, dose, frequency, action, route: null, duration: null, evidence: ev };
}

export function diagnosis(text: string, certainty: ClinicalNote['diagnoses'][number]['certainty'], cie10: string | null = null) {
  return { text, certainty, cie10, evidence: ev };
}

export function textItem(text: string) {
  return { text, evidence: ev };
}

export function reference(parts: Partial<CaseReference> = {}): CaseReference {
  return { chiefComplaint: 'Control', medications: [], allergies: [], vitals: {}, diagnoses: [], orders: [], mustNotContain: [], ...parts };
}
