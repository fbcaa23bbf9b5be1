import { describe, expect, it } from 'vitest';
import { classifyTranscript } from './roleClassifier';
import { roleAfter, withRoles } from './segmentRoles';
import { devScripts } from './roleScripts.testkit';

describe('withRoles and roleAfter', () => {
  const texts = devScripts()[1]!.lines.map((l) => l.text);

  it('gives segments stored without a role the role they would have been stored with', () => {
    const read = withRoles(texts.map((text) => ({ text })));
    expect(read.map((s) => s.role)).toEqual(classifyTranscript(texts).map((g) => g.role));
    expect(read.every((s) => s.roleSource === 'auto')).toBe(true);
    // One by one, as the transcription queue stores them: the same roles.
    const stored: { text: string; role: NonNullable<(typeof read)[number]['role']> }[] = [];
    for (const text of texts) stored.push({ text, role: roleAfter(text, stored) });
    expect(stored.map((s) => s.role)).toEqual(read.map((s) => s.role));
  });

  it('keeps a stored role, the doctor’s above all, and guesses the next segments after it', () => {
    const read = withRoles([
      { text: '¿Qué le pasa?' },
      { text: 'Está con tos desde el lunes.', role: 'acompañante' as const, roleSource: 'médico' as const },
      { text: '¿Y de noche tose?', role: 'médico' as const },
      { text: 'Sí, bastante.' },
    ]);
    expect(read.map((s) => [s.role, s.roleSource])).toEqual([
      ['médico', 'auto'],
      ['acompañante', 'médico'],
      ['médico', 'auto'],
      ['acompañante', 'auto'],
    ]);
  });
});
