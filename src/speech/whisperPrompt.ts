/**
 * The tokens Escriba puts before Whisper's answer, and how long that answer may be. Pure, so the
 * rules are tested with the real tokenizer in Node (whisperPrompt.test.ts).
 *
 * Whisper reads context as `<|startofprev|> …previous text… <|startoftranscript|><|es|>
 * <|transcribe|><|notimestamps|>`: the previous segment and the glossary (built by the caller) bias
 * spelling and vocabulary. Spanish and transcription are always forced: left alone, Whisper guesses
 * the language and may translate Spanish into English.
 */

/**
 * Whisper's decoder has 448 positions. OpenAI's reference keeps half for the context: the last
 * 448/2 − 1 = 223 prompt tokens, so the newest text is what survives a long prompt.
 */
export const MAX_PROMPT_TOKENS = 223;
/** The other half is the answer: OpenAI's `sample_len` default (448/2). */
export const MAX_NEW_TOKENS = 224;
/** Whisper's decoder length (`max_target_positions`) for every released size. */
export const WHISPER_DECODER_POSITIONS = 448;
/**
 * Loop guard. Spanish speech comes out at about 3–6 Whisper tokens per second; 8 per second plus
 * 16 leaves room for fast talkers, numbers and doses (which split into many tokens), while a
 * decoder stuck repeating a phrase stops at about twice the plausible length instead of 224.
 */
export const NEW_TOKENS_PER_SECOND = 8;
export const MIN_NEW_TOKENS = 16;

/** The part of a transformers.js tokenizer used here; the real WhisperTokenizer fits. */
export interface PromptTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
}

export class MissingSpecialTokenError extends Error {
  override name = 'MissingSpecialTokenError';
}

const CONTROL_TOKEN_SPELLING = /<\|[^|<>]*\|>/g;

function specialToken(tokenizer: PromptTokenizer, token: string): number {
  const ids = tokenizer.encode(token, { add_special_tokens: false });
  if (ids.length !== 1 || ids[0] === undefined) {
    throw new MissingSpecialTokenError(`The tokenizer has no single token for ${token} (is this a multilingual Whisper?)`);
  }
  return ids[0];
}

/**
 * The decoder's input ids: the forced Spanish transcription prefix, preceded by the prompt when
 * there is one. The prompt is encoded as Whisper saw context in training (a leading space, no
 * special tokens) and cut to its last MAX_PROMPT_TOKENS tokens.
 */
/** The id of `<|endoftext|>`, which ends a transcription. */
export function endOfTextId(tokenizer: PromptTokenizer): number {
  return specialToken(tokenizer, '<|endoftext|>');
}

export function decoderPrefix(tokenizer: PromptTokenizer, prompt?: string): number[] {
  const task = ['<|startoftranscript|>', '<|es|>', '<|transcribe|>', '<|notimestamps|>'].map((token) =>
    specialToken(tokenizer, token),
  );
  // Text that spells a control token ("<|en|>" pasted into a glossary) would steer the decoder:
  // drop such spellings, and (belt and braces) any id from <|endoftext|> on, where Whisper keeps
  // all its special and timestamp tokens.
  const text = prompt?.replace(CONTROL_TOKEN_SPELLING, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return task;
  const firstSpecial = specialToken(tokenizer, '<|endoftext|>');
  const promptIds = tokenizer.encode(` ${text}`, { add_special_tokens: false }).filter((id) => id < firstSpecial);
  if (promptIds.length === 0) return task;
  return [specialToken(tokenizer, '<|startofprev|>'), ...promptIds.slice(-MAX_PROMPT_TOKENS), ...task];
}

/** How many tokens the decoder may add for `samples` of 16 kHz audio after a prefix of `prefixLength`. */
export function maxNewTokens(
  samples: number,
  prefixLength: number,
  { sampleRate = 16_000, decoderPositions = WHISPER_DECODER_POSITIONS } = {},
): number {
  const byLength = Math.ceil((samples / sampleRate) * NEW_TOKENS_PER_SECOND) + MIN_NEW_TOKENS;
  return Math.max(1, Math.min(byLength, MAX_NEW_TOKENS, decoderPositions - prefixLength));
}
