import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OUTPUT_RESERVE_TOKENS,
  estimatePromptTokens,
  estimateTokens,
  planNotePrompts,
  segmentTokens,
  splitIntoBlocks,
} from './budget';
import { LONG_CONSULTATION_MS, longConsultation } from './longConsultation.testkit';
import { numberSegments } from './segmentRefs';
import { withRoles } from '../speech/roles/segmentRoles';
import { BUILT_IN_TEMPLATES, builtInTemplate } from './templates';

const CONTEXT_WINDOW_TOKENS = 4096;
const PEDIATRICS = builtInTemplate('pediatria')!;

describe('estimateTokens', () => {
  it('counts 3.5 characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefg')).toBe(2);
    expect(estimateTokens('abcdefgh')).toBe(3);
  });
});

describe('splitIntoBlocks', () => {
  const segments = ['uno', 'dos dos', 'tres tres tres', 'cuatro'].map((text, i) => ({ ref: `s${i + 1}`, text }));

  it('keeps segments in order, each in exactly one block, no block over the limit', () => {
    const max = segmentTokens(segments[0]!) + segmentTokens(segments[1]!);
    const blocks = splitIntoBlocks(segments, max);
    expect(blocks.flat()).toEqual(segments);
    expect(blocks[0]).toEqual(segments.slice(0, 2));
    for (const block of blocks) expect(block.reduce((sum, s) => sum + segmentTokens(s), 0)).toBeLessThanOrEqual(max);
  });

  it('refuses, in Spanish, a segment larger than a whole block', () => {
    expect(() => splitIntoBlocks([{ ref: 's1', text: 'x'.repeat(400) }], 20)).toThrow(/El fragmento s1 es demasiado largo/);
  });
});

describe('planNotePrompts on a 45-minute consultation', () => {
  const transcript = longConsultation();
  // As the app numbers them: each segment with its speaker role, which the prompt line carries.
  const { segments } = numberSegments(withRoles(transcript));

  it('is the long consultation the test claims', () => {
    expect(segments.length).toBeGreaterThanOrEqual(650);
    expect(segments.length).toBeLessThanOrEqual(800);
    expect(transcript.at(-1)!.endMs).toBeGreaterThanOrEqual(LONG_CONSULTATION_MS);
    // Far more than one 4 096-token window could hold.
    expect(segments.reduce((sum, s) => sum + segmentTokens(s), 0)).toBeGreaterThan(5 * CONTEXT_WINDOW_TOKENS);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))(
    '«%s»: every segment lands in exactly one block, in order, and no prompt exceeds the budget',
    (_, template) => {
      const plan = planNotePrompts(template, segments, { contextWindowTokens: CONTEXT_WINDOW_TOKENS });
      const budget = CONTEXT_WINDOW_TOKENS - DEFAULT_OUTPUT_RESERVE_TOKENS;
      expect(plan.length).toBeGreaterThan(1);
      expect(plan.flatMap((block) => block.segments.map((s) => s.ref))).toEqual(segments.map((s) => s.ref));
      plan.forEach((block, i) => {
        expect(block.segments.length).toBeGreaterThan(0);
        expect(block.promptTokens).toBe(estimatePromptTokens(block.messages));
        expect(block.promptTokens).toBeLessThanOrEqual(budget);
        const request = block.messages.at(-1)!.content;
        expect(request).toContain(`parte ${i + 1} de ${plan.length}`);
        for (const segment of block.segments) expect(request).toContain(`[${segment.ref}] ${segment.role}: ${segment.text}`);
      });
    },
  );

  it('uses fewer, larger blocks when the model has a larger window', () => {
    const small = planNotePrompts(PEDIATRICS, segments, { contextWindowTokens: CONTEXT_WINDOW_TOKENS });
    const large = planNotePrompts(PEDIATRICS, segments, { contextWindowTokens: 32_768, outputReserveTokens: 4096 });
    expect(large.length).toBeLessThan(small.length / 4);
    for (const block of large) expect(block.promptTokens).toBeLessThanOrEqual(32_768 - 4096);
  });
});

describe('planNotePrompts on a short consultation', () => {
  const { segments } = numberSegments(longConsultation().slice(0, 10));

  it('is one prompt with the whole transcript and no part header', () => {
    const plan = planNotePrompts(PEDIATRICS, segments, { contextWindowTokens: CONTEXT_WINDOW_TOKENS });
    expect(plan).toHaveLength(1);
    expect(plan[0]!.segments).toEqual(segments);
    expect(plan[0]!.messages.at(-1)!.content).not.toContain('parte 1 de');
  });

  it('plans with the model\'s prompt profile: compact prompts leave more room for the transcript', () => {
    const long = numberSegments(longConsultation()).segments;
    const full = planNotePrompts(PEDIATRICS, long, { contextWindowTokens: CONTEXT_WINDOW_TOKENS });
    const compact = planNotePrompts(PEDIATRICS, long, { contextWindowTokens: CONTEXT_WINDOW_TOKENS, profile: 'compact' });
    expect(compact.every((p) => p.messages.length === 2 && p.messages[0]!.role === 'system')).toBe(true);
    expect(compact.length).toBeLessThan(full.length);
    expect(compact.flatMap((p) => p.segments)).toEqual(long);
  });

  it('says in Spanish when the window cannot hold even the instructions', () => {
    expect(() => planNotePrompts(PEDIATRICS, numberSegments(longConsultation()).segments, { contextWindowTokens: 2048 })).toThrow(
      /La ventana de contexto del modelo \(2048 tokens\) no alcanza/,
    );
  });
});
