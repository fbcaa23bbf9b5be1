/**
 * Fitting a consultation into the model's context window. A 45-minute visit is some 700 segments
 * and ~30 000 tokens, far past the 4 096 tokens of the small models a laptop runs. The design
 * (issue 4, item 5): split the numbered transcript into consecutive blocks that each fit with the
 * instructions, the template and room for the answer; extract a partial note per block (blocks can
 * run while the visit is still being recorded, as segments arrive); merge the partial notes
 * deterministically (merge.ts). Segment refs are global ("s1"…"s700"), so a block's evidence stays
 * valid after the merge and grounding checks the merged note against the whole transcript.
 *
 * Tokens are estimated, not counted: the tokenizer lives in the worker with the model, and the
 * split must be known before it loads. Spanish runs ~3.5–4 characters per token in the Qwen,
 * Llama 3 and Gemma tokenizers, so `chars / 3.5` errs on the generous side; a segment's "[s123] "
 * label costs more than its length suggests, so each line pays TOKENS_PER_SEGMENT_LABEL on top;
 * each chat message pays TOKENS_PER_MESSAGE for its role markers; and only TRANSCRIPT_SHARE of
 * what is left goes to the transcript, against digits and rare words that tokenize finely.
 */
import { buildNotePrompt, transcriptLine, type ChatMessage, type PromptTemplate } from './prompt';
import type { PromptProfile } from './promptProfile';
import type { PromptSegment } from './segmentRefs';

export const CHARS_PER_TOKEN = 3.5;
export const TOKENS_PER_SEGMENT_LABEL = 4;
export const TOKENS_PER_MESSAGE = 8;
export const TRANSCRIPT_SHARE = 0.9;
/** Room left for the note JSON of one block; a dense block's note runs ~600–1 000 tokens. */
export const DEFAULT_OUTPUT_RESERVE_TOKENS = 1536;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + TOKENS_PER_MESSAGE, 0);
}

/** A segment's line in the prompt, newline included; an upper bound of its share of the whole estimate. */
export function segmentTokens(segment: Pick<PromptSegment, 'ref' | 'text'>): number {
  return estimateTokens(`${transcriptLine(segment)}\n`) + TOKENS_PER_SEGMENT_LABEL;
}

/** Consecutive blocks, each at most `maxTokens` by `segmentTokens`; every segment in exactly one block, in order. */
export function splitIntoBlocks<S extends Pick<PromptSegment, 'ref' | 'text'>>(segments: readonly S[], maxTokens: number): S[][] {
  const blocks: S[][] = [];
  let current: S[] = [];
  let used = 0;
  for (const segment of segments) {
    const cost = segmentTokens(segment);
    if (cost > maxTokens) {
      throw new RangeError(
        `El fragmento ${segment.ref} es demasiado largo para la ventana de contexto del modelo ` +
          `(${cost} de ${maxTokens} tokens disponibles).`,
      );
    }
    if (used + cost > maxTokens && current.length > 0) {
      blocks.push(current);
      current = [];
      used = 0;
    }
    current.push(segment);
    used += cost;
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

export interface BudgetOptions {
  contextWindowTokens: number;
  outputReserveTokens?: number;
  /** The model's prompt profile (promptProfile.ts); `full` when not given. */
  profile?: PromptProfile;
}

export interface PlannedPrompt<S> {
  segments: S[];
  messages: ChatMessage[];
  /** Estimated prompt tokens; at most contextWindowTokens − outputReserveTokens. */
  promptTokens: number;
}

/**
 * The prompts for one note: one if the whole transcript fits, otherwise one per block. Throws a
 * RangeError (Spanish message) when even the instructions do not fit the window.
 */
export function planNotePrompts<S extends Pick<PromptSegment, 'ref' | 'text'>>(
  template: PromptTemplate,
  segments: readonly S[],
  options: BudgetOptions,
): PlannedPrompt<S>[] {
  const available = options.contextWindowTokens - (options.outputReserveTokens ?? DEFAULT_OUTPUT_RESERVE_TOKENS);
  const whole = buildNotePrompt(template, segments, undefined, options.profile);
  const wholeTokens = estimatePromptTokens(whole);
  if (wholeTokens <= available) return [{ segments: [...segments], messages: whole, promptTokens: wholeTokens }];

  // The fixed part of a block's prompt, with the widest part numbers it could carry.
  const fixed = estimatePromptTokens(
    buildNotePrompt(template, [], { index: segments.length, count: segments.length }, options.profile),
  );
  const forTranscript = Math.floor((available - fixed) * TRANSCRIPT_SHARE);
  if (forTranscript <= 0) {
    throw new RangeError(
      `La ventana de contexto del modelo (${options.contextWindowTokens} tokens) no alcanza para las instrucciones ` +
        `y la plantilla (${fixed} tokens) más la respuesta.`,
    );
  }
  const blocks = splitIntoBlocks(segments, forTranscript);
  return blocks.map((block, i) => {
    const messages = buildNotePrompt(template, block, { index: i + 1, count: blocks.length }, options.profile);
    return { segments: block, messages, promptTokens: estimatePromptTokens(messages) };
  });
}
