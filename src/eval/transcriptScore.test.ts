import { describe, expect, it } from 'vitest';
import type { Turn } from './caseFile';
import { NO_ROLES_REASON, scoreTranscript } from './transcriptScore';

const turns: Turn[] = [
  { speaker: 'M', text: '¿Qué le pasa?', line: 1 },
  { speaker: 'P', text: 'Me duele la cabeza hace tres días.', line: 2 },
  { speaker: 'M', text: '¿Tuvo fiebre?', line: 3 },
  { speaker: 'P', text: 'No.', line: 4 },
];

describe('roles', () => {
  it('is null, with the reason, while no stored segment has a role', () => {
    const score = scoreTranscript(turns, turns.map((t) => ({ text: t.text })), 'text');
    expect(score.roles).toEqual({ segments: 0, right: 0, accuracy: null, reason: NO_ROLES_REASON });
    expect(score.wer).toBeNull();
  });

  it('text mode: one segment per turn; «sin asignar» is never right', () => {
    const roles = ['médico', 'paciente', 'sin asignar', 'médico'];
    const score = scoreTranscript(turns, turns.map((t, i) => ({ text: t.text, role: roles[i] })), 'text');
    expect(score.roles).toEqual({ segments: 4, right: 2, accuracy: 0.5 });
  });

  it('audio mode: a segment takes the majority speaker of the reference words it aligned to', () => {
    const segments = [
      { text: 'Qué le pasa me duele la cabeza hace 3 días', role: 'paciente' },
      { text: 'tuvo fiebre', role: 'médico' },
      { text: 'no', role: 'paciente' },
    ];
    const score = scoreTranscript(turns, segments, 'audio');
    expect(score.wer?.wer).toBe(0);
    expect(score.roles).toEqual({ segments: 3, right: 3, accuracy: 1 });
  });
});

describe('word error rate in audio mode', () => {
  it('compares all segments with all turns, labels aside', () => {
    const score = scoreTranscript(turns, [{ text: 'qué le pasa me duele la cabeza hace tres días tuvo fiebre' }], 'audio');
    expect(score.wer).toMatchObject({ referenceWords: 13, deletions: 1, substitutions: 0, insertions: 0 });
  });
});
