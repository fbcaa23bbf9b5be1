import { describe, expect, it } from 'vitest';
import { planNotePrompts } from './budget';
import { groundNote, toReview } from './grounding';
import { LONG_CONSULTATION_MS, longConsultation } from './longConsultation.testkit';
import { mergeNotes } from './merge';
import { emptyNote, parseNote, type ClinicalNote, type Medication } from './noteSchema';
import { numberSegments, type PromptSegment } from './segmentRefs';
import { builtInTemplate } from './templates';

/** A medication with nothing but what the test states. */
function med(name: string, fields: Partial<Medication> & Pick<Medication, 'action' | 'evidence'>): Medication {
  return { name, dose: null, route: null, frequency: null, duration: null, ...fields };
}

const TEMPLATE = { sections: [
  { id: 'motivo', title: 'Motivo', guidance: '' },
  { id: 'plan', title: 'Plan', guidance: '' },
] };

function partial(fill: (note: ClinicalNote) => void): ClinicalNote {
  const note = emptyNote(TEMPLATE);
  fill(note);
  return note;
}

const first = partial((n) => {
  n.sections.motivo = { text: 'Cefalea de una semana de evolución.', evidence: ['s2'] };
  n.medications.push(med('Ibuprofeno', { dose: '400 mg', action: 'mencionada', evidence: ['s3'] }));
  n.diagnoses.push({ text: 'Hipertensión arterial', cie10: null, certainty: 'presuntivo', evidence: ['s5'] });
  n.allergies.push({ substance: 'Penicilina', reaction: null, evidence: ['s6'] });
  n.vitals.bloodPressure = { systolic: 150, diastolic: 95, evidence: ['s4'] };
  n.vitals.weight = { value: 80, evidence: ['s7'] };
  n.orders.push({ text: 'Hemograma', evidence: ['s8'] });
});
const second = partial((n) => {
  n.sections.motivo = { text: 'cefalea de una semana de evolución.', evidence: ['s30'] };
  n.sections.plan = { text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['s40'] };
  n.medications.push(med('IBUPROFENO', { dose: '600 mg', route: 'oral', frequency: 'cada 8 horas', action: 'inicia', evidence: ['s40'] }));
  n.medications.push(med('Enalapril', { dose: '10 mg', action: 'continúa', evidence: ['s41'] }));
  n.diagnoses.push({ text: 'hipertension arterial', cie10: 'I10', certainty: 'confirmado', evidence: ['s45', 's5'] });
  n.allergies.push({ substance: 'penicilina', reaction: 'Urticaria', evidence: ['s46'] });
  n.vitals.bloodPressure = { systolic: 140, diastolic: 90, evidence: ['s50'] };
  n.orders.push({ text: 'hemograma.', evidence: ['s51'] });
  n.followUp = { text: 'Control en 2 semanas.', evidence: ['s60'] };
});
const third = partial((n) => {
  n.medications.push(med('Ibuprofeno', { action: 'mencionada', evidence: ['s70'] }));
});

describe('mergeNotes', () => {
  const merged = mergeNotes([first, second, third]);

  it('makes one item of the same drug, diagnosis, allergy and study, accents and case aside, with all the evidence', () => {
    expect(merged.medications.map((m) => m.name)).toEqual(['Ibuprofeno', 'Enalapril']);
    expect(merged.medications[0]!.evidence).toEqual(['s3', 's40', 's70']);
    expect(merged.diagnoses).toEqual([{ text: 'Hipertensión arterial', cie10: 'I10', certainty: 'confirmado', evidence: ['s5', 's45'] }]);
    expect(merged.allergies).toEqual([{ substance: 'Penicilina', reaction: 'Urticaria', evidence: ['s6', 's46'] }]);
    expect(merged.orders).toEqual([{ text: 'Hemograma', evidence: ['s8', 's51'] }]);
  });

  it('lets later parts win where a fact changes, but a later mention never undoes an indication', () => {
    expect(merged.medications[0]).toMatchObject({ dose: '600 mg', route: 'oral', frequency: 'cada 8 horas', action: 'inicia' });
    expect(merged.vitals.bloodPressure).toEqual({ systolic: 140, diastolic: 90, evidence: ['s50'] });
    expect(merged.vitals.weight).toEqual({ value: 80, evidence: ['s7'] });
    expect(merged.followUp).toEqual({ text: 'Control en 2 semanas.', evidence: ['s60'] });
  });

  it('joins section texts in order, without repeating one said twice', () => {
    expect(merged.sections.motivo).toEqual({ text: 'Cefalea de una semana de evolución.', evidence: ['s2', 's30'] });
    expect(merged.sections.plan).toEqual({ text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['s40'] });
    expect(parseNote(merged, TEMPLATE).ok).toBe(true);
  });

  it('is deterministic and leaves its inputs alone', () => {
    const before = JSON.stringify([first, second, third]);
    expect(mergeNotes([first, second, third])).toEqual(merged);
    expect(JSON.stringify([first, second, third])).toBe(before);
    expect(mergeNotes([first])).toEqual(first);
    expect(() => mergeNotes([])).toThrow(RangeError);
  });
});

/**
 * A stand-in for the model on one block: notes every ibuprofen and enalapril mention, every
 * pressure and the penicillin allergy, citing the segment it read them in. Enough to prove the
 * block-wise path keeps every fact and its evidence across 45 minutes.
 */
function extractFacts(block: readonly PromptSegment[], template: Parameters<typeof emptyNote>[0]): ClinicalNote {
  const note = emptyNote(template);
  for (const segment of block) {
    if (/ibuprofeno de 600 cada 8 horas/.test(segment.text)) {
      note.medications.push(med('Ibuprofeno', { dose: '600 mg', frequency: 'cada 8 horas', action: 'inicia', evidence: [segment.ref] }));
    }
    if (/enalapril de (\d+)/.test(segment.text)) {
      note.medications.push(med('Enalapril', { action: 'continúa', evidence: [segment.ref] }));
    }
    if (/penicilina/.test(segment.text)) note.allergies.push({ substance: 'Penicilina', reaction: 'ronchas', evidence: [segment.ref] });
    if (/Tiene 140\/90/.test(segment.text)) note.vitals.bloodPressure = { systolic: 140, diastolic: 90, evidence: [segment.ref] };
  }
  return note;
}

describe('a 45-minute consultation, block by block', () => {
  it('keeps every fact from every block, each once, with all its evidence, and grounded', () => {
    const template = builtInTemplate('enfermedad_cronica')!;
    const transcript = longConsultation();
    expect(transcript.at(-1)!.endMs).toBeGreaterThanOrEqual(LONG_CONSULTATION_MS);
    const { segments } = numberSegments(transcript);
    const plan = planNotePrompts(template, segments, { contextWindowTokens: 4096 });
    const merged = mergeNotes(plan.map((block) => extractFacts(block.segments, template)));

    const refsSaying = (pattern: RegExp) => segments.filter((s) => pattern.test(s.text)).map((s) => s.ref);
    expect(merged.medications.map((m) => m.name).sort()).toEqual(['Enalapril', 'Ibuprofeno']);
    expect(merged.medications.find((m) => m.name === 'Ibuprofeno')!.evidence).toEqual(refsSaying(/ibuprofeno de 600 cada 8 horas/));
    expect(merged.allergies).toHaveLength(1);
    expect(merged.allergies[0]!.evidence).toEqual(refsSaying(/penicilina/));
    expect(merged.vitals.bloodPressure!.evidence).toEqual(refsSaying(/Tiene 140\/90/).slice(-1));

    const findings = groundNote(merged, segments.map((s) => ({ id: s.ref, text: s.text })));
    expect(toReview(findings)).toEqual([]);
  });
});
