import { describe, expect, it } from 'vitest';
import { CLINICAL_GLOSSARY, PREVIOUS_TEXT_MAX_CHARS, SPECIALTY_GLOSSARY, buildPromptText, speechGlossary } from './promptText';
import { BUILT_IN_TEMPLATES } from '../notes/templates';

describe('buildPromptText', () => {
  it('starts with the clinical glossary and ends with the previous segment', () => {
    const prompt = buildPromptText({ previousText: ' Me duele la cabeza desde el lunes.', reason: 'Cefalea' });
    expect(prompt).toMatch(/^Consulta médica en español\. Términos: ibuprofeno, .*enalapril.*mmHg/);
    expect(prompt).toContain('Motivo de consulta: Cefalea.');
    expect(prompt.endsWith('Me duele la cabeza desde el lunes.')).toBe(true);
  });

  it('keeps only the end of a long previous segment, from a word boundary', () => {
    const words = Array.from({ length: 200 }, (_, i) => `palabra${i}`).join(' ');
    const prompt = buildPromptText({ previousText: words });
    const carried = prompt.slice(prompt.indexOf('palabra'));
    expect(carried.length).toBeLessThanOrEqual(PREVIOUS_TEXT_MAX_CHARS);
    expect(carried.endsWith('palabra199')).toBe(true);
    expect(carried).toMatch(/^palabra\d+ /);
  });

  it('omits what it does not have', () => {
    expect(buildPromptText({ glossary: ['losartán'] })).toBe('Consulta médica en español. Términos: losartán.');
  });

  it('adds the specialty terms of a built-in template, and only the general ones otherwise', () => {
    expect(buildPromptText({ templateId: 'pediatria' })).toMatch(/Términos: ibuprofeno, .*odinofagia, bronquiolitis, .*mg\/kg\.$/);
    expect(speechGlossary('enfermedad_cronica')).toEqual([...CLINICAL_GLOSSARY, ...SPECIALTY_GLOSSARY.enfermedad_cronica!]);
    expect(speechGlossary('plantilla-propia')).toBe(CLINICAL_GLOSSARY);
    expect(speechGlossary(undefined)).toBe(CLINICAL_GLOSSARY);
  });

  it('keys specialties by templates that exist', () => {
    const ids = BUILT_IN_TEMPLATES.map((t) => t.id);
    for (const id of Object.keys(SPECIALTY_GLOSSARY)) expect(ids).toContain(id);
  });
});
