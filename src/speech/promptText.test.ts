import { describe, expect, it } from 'vitest';
import { PREVIOUS_TEXT_MAX_CHARS, buildPromptText } from './promptText';

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
});
