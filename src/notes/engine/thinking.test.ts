import { describe, expect, it } from 'vitest';
import { stripThinking } from './thinking';

describe('stripThinking', () => {
  it('removes the empty block web-llm puts before an answer when thinking is off', () => {
    expect(stripThinking('<think>\n\n</think>\n\n{"a":1}')).toBe('{"a":1}');
  });

  it('removes a block with a thought in it, and leading whitespace', () => {
    expect(stripThinking('  <think>El paciente refiere…</think>{"a":1}')).toBe('{"a":1}');
  });

  it('gives no answer while a block is open: the thought is never passed on', () => {
    expect(stripThinking('<think>\n\n</thi')).toBe('');
    expect(stripThinking('<think>El paciente refiere fiebre')).toBe('');
  });

  it('leaves an answer without a leading block as it is, "<think>" inside the note included', () => {
    expect(stripThinking('{"a":1}')).toBe('{"a":1}');
    expect(stripThinking('{"text":"<think>x</think>"}')).toBe('{"text":"<think>x</think>"}');
    expect(stripThinking('')).toBe('');
  });
});
