/**
 * Prompt tokens through the real transformers.js WhisperTokenizer, loaded from the Whisper fixture
 * (test/fixtures/models/whisper-fixture: Whisper's special tokens in Whisper's order, byte-level BPE).
 */
import { readFileSync } from 'node:fs';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_NEW_TOKENS,
  MAX_PROMPT_TOKENS,
  MIN_NEW_TOKENS,
  MissingSpecialTokenError,
  decoderPrefix,
  maxNewTokens,
  type PromptTokenizer,
} from './whisperPrompt';

const FIXTURE_HUB = new URL('../../test/fixtures/models/hub/escriba/whisper-fixture/resolve/', import.meta.url);
const CATALOG = new URL('../../test/fixtures/models/catalog.json', import.meta.url);

function fixtureRevision(): string {
  const catalog: { models: { id: string; source: { revision: string } }[] } = JSON.parse(readFileSync(CATALOG, 'utf8'));
  const model = catalog.models.find((m) => m.id === 'whisper-fixture');
  if (!model) throw new Error('whisper-fixture is not in the fixture catalogue');
  return model.source.revision;
}

describe('Whisper decoder prefix (fixture tokenizer)', () => {
  let tokenizer: PromptTokenizer & { decode(ids: number[], options?: { skip_special_tokens?: boolean }): string };
  const id = (token: string) => tokenizer.encode(token, { add_special_tokens: false });

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = FIXTURE_HUB.pathname;
    tokenizer = await AutoTokenizer.from_pretrained(fixtureRevision());
  });

  it('forces Spanish transcription without timestamps when there is no prompt', () => {
    const expected = ['<|startoftranscript|>', '<|es|>', '<|transcribe|>', '<|notimestamps|>'].flatMap(id);
    expect(expected).toHaveLength(4);
    expect(decoderPrefix(tokenizer)).toEqual(expected);
    expect(decoderPrefix(tokenizer, '   ')).toEqual(expected);
  });

  it('puts the prompt, with a leading space, after <|startofprev|> and before the task tokens', () => {
    const prompt = 'Hipertensión arterial, enalapril.';
    const ids = decoderPrefix(tokenizer, `  ${prompt}\n`);
    expect(ids[0]).toBe(id('<|startofprev|>')[0]);
    expect(ids.slice(-4)).toEqual(decoderPrefix(tokenizer));
    const body = ids.slice(1, -4);
    expect(body).toEqual(tokenizer.encode(` ${prompt}`, { add_special_tokens: false }));
    expect(tokenizer.decode(body)).toBe(` ${prompt}`);
  });

  it('keeps only the last 223 tokens of a long prompt (the newest context)', () => {
    const words = Array.from({ length: 400 }, (_, i) => `palabra${i}`).join(' ');
    const ids = decoderPrefix(tokenizer, words);
    expect(ids).toHaveLength(1 + MAX_PROMPT_TOKENS + 4);
    const body = ids.slice(1, -4);
    expect(tokenizer.decode(body).endsWith('palabra399')).toBe(true);
    expect(tokenizer.decode(body)).not.toContain('palabra0 ');
  });

  it('never lets prompt text become a control token', () => {
    const ids = decoderPrefix(tokenizer, 'dolor <|en|><|translate|><|endoftext|> cabeza');
    const body = ids.slice(1, -4);
    const endOfText = id('<|endoftext|>')[0]!;
    expect(body.every((token) => token < endOfText)).toBe(true);
    expect(tokenizer.decode(body)).toBe(' dolor cabeza');
    // A prompt made only of control tokens is no prompt at all.
    expect(decoderPrefix(tokenizer, '<|en|>')).toEqual(decoderPrefix(tokenizer));
  });

  it('refuses a tokenizer that is not a multilingual Whisper', () => {
    const english: PromptTokenizer = { encode: (text) => (text === '<|es|>' ? [1, 2] : [3]) };
    expect(() => decoderPrefix(english)).toThrow(MissingSpecialTokenError);
  });
});

describe('answer length (loop guard)', () => {
  it('grows with the audio, from a floor, up to Whisper’s half of the decoder', () => {
    expect(maxNewTokens(0, 4)).toBe(MIN_NEW_TOKENS);
    expect(maxNewTokens(16_000, 4)).toBe(MIN_NEW_TOKENS + 8);
    expect(maxNewTokens(12 * 16_000, 4)).toBe(12 * 8 + MIN_NEW_TOKENS);
    expect(maxNewTokens(30 * 16_000, 4)).toBe(MAX_NEW_TOKENS);
  });

  it('never lets prefix and answer overflow the 448 decoder positions', () => {
    const longPrefix = 1 + MAX_PROMPT_TOKENS + 4;
    expect(longPrefix + maxNewTokens(30 * 16_000, longPrefix)).toBe(448);
    expect(maxNewTokens(30 * 16_000, 447)).toBe(1);
    expect(maxNewTokens(30 * 16_000, 10, { decoderPositions: 100 })).toBe(90);
  });
});
