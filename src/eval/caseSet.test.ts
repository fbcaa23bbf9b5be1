/**
 * The repository's own case set (models/eval/cases): every case reads, the set covers what the
 * issue asks of it, and a note that says exactly what each reference says scores 1 on every field
 * with nothing invented, negated or forbidden — so each reference is written in terms the matching
 * rules read as intended.
 */
import { describe, expect, it } from 'vitest';
import { repositoryCases } from './repositoryCases.testkit';
import { referenceNote } from './referenceNote.testkit';
import { fieldScores, scoreNote } from './scoreNote';
import { SCORED_FIELDS } from './matchFields';
import { ARGENTINE_BRANDS } from './drugNames';
import { werWords } from './wordErrorRate';

const cases = repositoryCases();

describe('the case set', () => {
  it('has at least 12 consultations, one of them about 30 minutes long', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    const words = cases.map((c) => c.turns.reduce((n, t) => n + t.text.split(/\s+/).length, 0));
    // 150 words a minute of speech plus the pauses between turns: 30 minutes is over 4000 words.
    expect(Math.max(...words)).toBeGreaterThan(4000);
  });

  it('covers denials, laterality, brands, a stopped drug, a ruled-out diagnosis and numbers in words', () => {
    const refs = cases.map((c) => c.reference);
    expect(refs.filter((r) => (r.negatedFindings?.length ?? 0) > 0 || r.allergiesDenied).length).toBeGreaterThanOrEqual(10);
    expect(refs.filter((r) => r.diagnoses.some((d) => /izquierd|derech|bilateral/i.test(d.text))).length).toBeGreaterThanOrEqual(3);
    const brands = ARGENTINE_BRANDS.map(([brand]) => brand.toLowerCase());
    expect(refs.filter((r) => r.medications.some((m) => brands.some((b) => m.name.toLowerCase().startsWith(b)))).length).toBeGreaterThanOrEqual(6);
    expect(refs.some((r) => r.medications.some((m) => m.status === 'suspende'))).toBe(true);
    expect(refs.some((r) => r.diagnoses.some((d) => d.certainty === 'descartado'))).toBe(true);
    // Two drugs with different doses in one consultation.
    expect(refs.some((r) => new Set(r.medications.filter((m) => m.status !== 'suspende').map((m) => m.dose)).size >= 2)).toBe(true);
    // Numbers said in words: the transcript spells them, the normalised words hold digits.
    for (const c of cases) expect(c.turns.some((t) => /\d/.test(werWords(t.text).join(' ')) && !/\d/.test(t.text)), c.name).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: a note saying exactly its reference scores 1', (_name, evalCase) => {
    const score = scoreNote(evalCase.reference, referenceNote(evalCase.reference), []);
    const f1 = fieldScores(score.fields);
    for (const field of SCORED_FIELDS) if (f1[field].f1 !== null) expect(f1[field].f1, field).toBe(1);
    expect(score.items.filter((i) => i.verdict !== 'right')).toEqual([]);
    expect(score.negatedAsPresent).toEqual([]);
    expect(score.mustNotContain).toEqual([]);
    expect(score.chiefComplaint).toBe(true);
    expect(score.labs.found).toBe(score.labs.total);
  });
});
