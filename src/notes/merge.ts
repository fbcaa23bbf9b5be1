/**
 * Merging the partial notes of a long consultation (budget.ts) into one, deterministically: no
 * model, the same partials always give the same note. Later parts win where a fact changes: the
 * plan is said at the end, a pressure measured twice keeps its last reading, a presumptive
 * diagnosis later confirmed becomes confirmed. Nothing is lost: evidence is the union, and items
 * that are the same thing (the same drug, diagnosis, allergy, study, by their key terms,
 * accents and case aside) become one item.
 *
 * Section texts are joined in order, dropping exact repeats; a condensing pass over the merged
 * text, if wanted, is the model's job and must keep the evidence.
 */
import type { ClinicalNote, Medication, NoteSection, TextItem } from './noteSchema';
import { foldText } from './spanishNumbers';
import { MEDICATION_FORM_WORDS, keyTerms } from './terms';

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Items with the same key merge (later fields win through `combine`); first appearance keeps the order. */
function mergeBy<T extends { evidence: string[] }>(
  lists: readonly (readonly T[])[],
  key: (item: T) => string,
  combine: (earlier: T, later: T) => T,
): T[] {
  const merged = new Map<string, T>();
  for (const list of lists) {
    for (const item of list) {
      const k = key(item);
      const earlier = merged.get(k);
      merged.set(k, earlier ? { ...combine(earlier, item), evidence: union(earlier.evidence, item.evidence) } : item);
    }
  }
  return [...merged.values()];
}

function termsKey(text: string, ignore?: ReadonlySet<string>): string {
  const terms = keyTerms(text, ignore);
  return terms.length > 0 ? [...terms].sort().join(' ') : foldText(text);
}

const textKey = (item: TextItem) => foldText(item.text).replace(/[.;,]+$/, '');
/** `later`'s value unless it is null. */
const newer = <V>(earlier: V | null, later: V | null): V | null => (later === null ? earlier : later);

function mergeMedication(earlier: Medication, later: Medication): Medication {
  return {
    ...earlier,
    dose: newer(earlier.dose, later.dose),
    route: newer(earlier.route, later.route),
    frequency: newer(earlier.frequency, later.frequency),
    duration: newer(earlier.duration, later.duration),
    // Naming a drug again does not undo starting, stopping or changing it.
    action: later.action === 'mencionada' ? earlier.action : later.action,
  };
}

function mergeSections(partials: readonly ClinicalNote[]): Record<string, NoteSection> {
  const sections: Record<string, NoteSection> = {};
  const seen = new Map<string, Set<string>>();
  for (const partial of partials) {
    for (const [id, section] of Object.entries(partial.sections)) {
      const merged = sections[id] ?? { text: '', evidence: [] };
      const texts = seen.get(id) ?? new Set<string>();
      const text = section.text.trim();
      if (text && !texts.has(foldText(text))) {
        texts.add(foldText(text));
        merged.text = merged.text ? `${merged.text} ${text}` : text;
      }
      merged.evidence = union(merged.evidence, section.evidence);
      sections[id] = merged;
      seen.set(id, texts);
    }
  }
  return sections;
}

/** One note from the partial notes of consecutive transcript blocks, in block order. */
export function mergeNotes(partials: readonly ClinicalNote[]): ClinicalNote {
  const [first] = partials;
  if (!first) throw new RangeError('No hay notas parciales para combinar.');
  const lists = <K extends keyof ClinicalNote>(key: K) => partials.map((p) => p[key]);
  const latest = <T>(pick: (note: ClinicalNote) => T | null): T | null =>
    partials.reduce<T | null>((found, note) => newer(found, pick(note)), null);

  return {
    sections: mergeSections(partials),
    medications: mergeBy(lists('medications'), (m) => termsKey(m.name, MEDICATION_FORM_WORDS), mergeMedication),
    allergies: mergeBy(
      lists('allergies'),
      (a) => termsKey(a.substance),
      (earlier, later) => ({ ...earlier, reaction: newer(earlier.reaction, later.reaction) }),
    ),
    diagnoses: mergeBy(
      lists('diagnoses'),
      (d) => termsKey(d.text),
      (earlier, later) => ({ ...earlier, cie10: newer(earlier.cie10, later.cie10), certainty: later.certainty }),
    ),
    vitals: {
      bloodPressure: latest((n) => n.vitals.bloodPressure),
      heartRate: latest((n) => n.vitals.heartRate),
      respiratoryRate: latest((n) => n.vitals.respiratoryRate),
      temperature: latest((n) => n.vitals.temperature),
      spo2: latest((n) => n.vitals.spo2),
      weight: latest((n) => n.vitals.weight),
      height: latest((n) => n.vitals.height),
    },
    orders: mergeBy(lists('orders'), textKey, (earlier) => earlier),
    referrals: mergeBy(
      lists('referrals'),
      (r) => termsKey(r.specialty),
      (earlier, later) => ({ ...earlier, reason: newer(earlier.reason, later.reason) }),
    ),
    followUp: latest((n) => n.followUp),
    patientInstructions: mergeBy(lists('patientInstructions'), textKey, (earlier) => earlier),
    pertinentNegatives: mergeBy(lists('pertinentNegatives'), textKey, (earlier) => earlier),
  };
}
