import { describe, expect, it } from 'vitest';
import { effectiveChoice, isModelChoice, type SelectableModel } from './selection';

const models: SelectableModel[] = [
  { id: 'whisper-base', task: 'speech', runnable: true, installed: true },
  { id: 'whisper-small', task: 'speech', runnable: true, installed: true },
  { id: 'whisper-large', task: 'speech', runnable: false, installed: true },
  { id: 'qwen', task: 'llm', runnable: true, installed: false },
];

describe('effectiveChoice', () => {
  it("uses the doctor's choice while it is installed and runnable", () => {
    expect(effectiveChoice({ speech: 'whisper-small' }, { speech: 'whisper-base' }, models)).toEqual({ speech: 'whisper-small' });
  });

  it('never uses a model this hardware cannot run, even if it was chosen before (another computer, a new driver)', () => {
    expect(effectiveChoice({ speech: 'whisper-large' }, { speech: 'whisper-base' }, models)).toEqual({ speech: 'whisper-base' });
  });

  it('leaves a task without a model rather than pointing at one that is not installed', () => {
    expect(effectiveChoice({ llm: 'qwen' }, { llm: 'qwen' }, models).llm).toBeUndefined();
    expect(effectiveChoice({ speech: 'whisper-base' }, {}, models)).toEqual({ speech: 'whisper-base' });
  });

  it('keeps using an installed model when the recommendation is one not downloaded yet (a newer catalogue)', () => {
    const afterRefresh: SelectableModel[] = [
      { id: 'qwen3.5-2b', task: 'llm', runnable: true, installed: false },
      { id: 'gemma-en', task: 'llm', runnable: false, installed: true },
      { id: 'qwen2.5-1.5b', task: 'llm', runnable: true, installed: true },
    ];
    expect(effectiveChoice({}, { llm: 'qwen3.5-2b' }, afterRefresh)).toEqual({ llm: 'qwen2.5-1.5b' });
    expect(effectiveChoice({ llm: 'gemma-en' }, { llm: 'qwen3.5-2b' }, afterRefresh)).toEqual({ llm: 'qwen2.5-1.5b' });
  });

  it('ignores an id given for the wrong task', () => {
    expect(effectiveChoice({ llm: 'whisper-base' }, {}, models).llm).toBeUndefined();
  });
});

describe('isModelChoice', () => {
  it('accepts only task → id maps', () => {
    expect(isModelChoice({ speech: 'a', llm: 'b' })).toBe(true);
    expect(isModelChoice({ speech: 3 })).toBe(false);
    expect(isModelChoice({ otra: 'a' })).toBe(false);
    expect(isModelChoice(null)).toBe(false);
  });
});
