/**
 * The note grammar against a real tokenizer (the LLM fixture's byte-level BPE, with one embedding
 * row no token has) and the real xgrammar: how a vocabulary is described to xgrammar, that the
 * synchronous bitmask is the one xgrammar's async API gives, and what the logits processor lets
 * through.
 */
import { AutoTokenizer, Tensor, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useModelStore } from '../../model-manager/transformersStore';
import { LLM_FIXTURE_ID, llmFixtureModel, llmFixtureStore, loadXGrammarInNode } from '../../../test/fixtures/llm-fixture';
import { GrammarLogitsProcessor, NoteGrammar, NoteGrammarViolationError, prependsSpace, tokenTable, vocabType } from './noteGrammar';
import { nextTokenBitmask } from './xgrammar';

const SCHEMA = {
  type: 'object',
  properties: { evidence: { type: 'array', items: { enum: ['s1', 's2'] } } },
  required: ['evidence'],
  additionalProperties: false,
};

describe('tokenizer.json as xgrammar reads it', () => {
  it('tells byte-level, byte-fallback and plain vocabularies apart', () => {
    expect(vocabType({ decoder: { type: 'ByteLevel' } })).toBe('byte_level');
    const gemma = { decoder: { type: 'Sequence', decoders: [{ type: 'Replace' }, { type: 'ByteFallback' }, { type: 'Fuse' }] } };
    expect(vocabType(gemma)).toBe('byte_fallback');
    expect(vocabType({ decoder: { type: 'WordPiece' } })).toBe('raw');
    expect(vocabType({})).toBe('raw');
  });

  it('knows when SentencePiece puts "▁" before the text', () => {
    expect(prependsSpace({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace' }] } })).toBe(true);
    expect(prependsSpace({ pre_tokenizer: { type: 'Metaspace', prepend_scheme: 'first' } })).toBe(true);
    expect(prependsSpace({ pre_tokenizer: { type: 'Metaspace', prepend_scheme: 'never' } })).toBe(false);
    expect(prependsSpace({ pre_tokenizer: { type: 'ByteLevel' } })).toBe(false);
  });
});

describe('note grammar on the LLM fixture’s tokenizer', () => {
  const model = llmFixtureModel(LLM_FIXTURE_ID);
  const vocabSize = 960; // config.vocab_size: the tokenizer's 959 tokens and one spare row
  let tokenizer: PreTrainedTokenizer;
  let grammar: NoteGrammar;
  let eos: number;

  beforeAll(async () => {
    useModelStore(env, llmFixtureStore(model, 'wasm').store);
    tokenizer = await AutoTokenizer.from_pretrained(model.id);
    eos = tokenizer.eos_token_id ?? -1;
    grammar = await NoteGrammar.create(loadXGrammarInNode(), tokenizer, { vocabSize, stopTokenIds: [eos] });
  });

  it('lists every token by id', () => {
    const table = tokenTable(tokenizer);
    expect(table).toHaveLength(959);
    expect(table[tokenizer.encode('{"', { add_special_tokens: false })[0]!]).toBe('{"');
    expect(table[eos]).toBe('<|im_end|>');
  });

  it('gives the synchronous bitmask xgrammar’s async API gives', async () => {
    const matcher = await grammar.matcher(SCHEMA);
    for (const token of tokenizer.encode('{"evidence":["s', { add_special_tokens: false })) {
      expect(nextTokenBitmask(matcher, vocabSize)).toEqual(await matcher.getNextTokenBitmask());
      expect(matcher.acceptToken(token)).toBe(true);
    }
    matcher.dispose();
  });

  it('masks every token that would break the schema, the spare row included, and ends only with the JSON', async () => {
    const processor = new GrammarLogitsProcessor(await grammar.matcher(SCHEMA), vocabSize);
    const prompt = [1n, 2n, 3n];
    const step = (ids: bigint[]) => {
      const logits = new Tensor('float32', new Float32Array(vocabSize).fill(1), [1, vocabSize]);
      processor(ids.length ? [ids] : [prompt], logits);
      return [...logits.data].flatMap((value, token) => (value === 1 ? [token] : []));
    };
    const first = step([]);
    expect(first.map((t) => tokenizer.decode([t])).every((text) => '{"evidence":[]}'.startsWith(text) || text === '{')).toBe(true);
    expect(first).not.toContain(eos);
    expect(first).not.toContain(vocabSize - 1);

    const written = [...prompt];
    for (const token of tokenizer.encode('{"evidence":["s2"]}', { add_special_tokens: false })) {
      written.push(BigInt(token));
      step(written);
    }
    expect(step(written)).toEqual([eos]);
    expect(processor.finish([...written, BigInt(eos)])).toBe(true);

    const wrong = new GrammarLogitsProcessor(await grammar.matcher(SCHEMA), vocabSize);
    const logits = () => new Tensor('float32', new Float32Array(vocabSize), [1, vocabSize]);
    wrong([prompt], logits());
    const bad = tokenizer.encode('[', { add_special_tokens: false })[0]!;
    expect(() => wrong([[...prompt, BigInt(bad)]], logits())).toThrow(NoteGrammarViolationError);
  });

  it('cannot open a <think> block: the answer starts with the JSON (thinking.ts)', async () => {
    const matcher = await grammar.matcher(SCHEMA);
    const [first] = tokenizer.encode('<think>', { add_special_tokens: false });
    expect(first).toBeDefined();
    expect(matcher.acceptToken(first!)).toBe(false);
    matcher.dispose();
  });
});
