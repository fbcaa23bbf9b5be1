/**
 * The note JSON Schema as a grammar over one model's tokens, for the transformers.js engine:
 * xgrammar compiles the schema against the tokenizer's vocabulary, and at each decoding step
 * `GrammarLogitsProcessor` sets to −∞ every logit whose token would break the grammar. Once the
 * JSON is complete only end-of-sequence tokens are allowed, so a model of any quality, even one
 * with random weights, can only write JSON of the schema's shape (or be stopped by the token
 * limit first). The values are still checked afterwards by `parseNote`: ranges, the CIE-10 form
 * and the like are zod refinements the schema does not carry.
 *
 * The layout is compact JSON (no whitespace, `,` and `:` as separators), the one JSON.stringify
 * writes: whitespace would be tokens spent on nothing, and a small model left free to write it
 * can indent forever.
 */
import { LogitsProcessor, type PreTrainedTokenizer, type Tensor } from '@huggingface/transformers';
import { isRecord } from '../../shared/isRecord';
import { nextTokenBitmask, type CompiledGrammar, type GrammarCompiler, type GrammarMatcher, type TokenizerInfo, type XGrammar } from './xgrammar';

/** xgrammar's name for how tokens spell bytes (see its tokenizer_info). */
export type VocabType = 'byte_level' | 'byte_fallback' | 'raw';

export class NoteGrammarViolationError extends Error {
  override name = 'NoteGrammarViolationError';
}

/** Schema strings compiled per grammar; a note's schema changes only with the template and the segment count. */
const MAX_COMPILED_SCHEMAS = 4;

function decoderSteps(json: unknown): unknown[] {
  if (!isRecord(json) || !isRecord(json.decoder)) return [];
  const { decoder } = json;
  return decoder.type === 'Sequence' && Array.isArray(decoder.decoders) ? decoder.decoders : [decoder];
}

/**
 * How a tokenizer.json spells bytes, as mlc-llm decides it: GPT-2 style byte-level BPE (Qwen2,
 * Llama 3), SentencePiece byte fallback `<0x0A>` (Gemma, Llama 2), or plain text pieces.
 */
export function vocabType(tokenizerJson: unknown): VocabType {
  const types = decoderSteps(tokenizerJson).map((step) => (isRecord(step) ? step.type : undefined));
  if (types.includes('ByteLevel')) return 'byte_level';
  if (types.includes('ByteFallback')) return 'byte_fallback';
  return 'raw';
}

/** Whether SentencePiece-style encoding adds "▁" before the text (then the grammar must expect it). */
export function prependsSpace(tokenizerJson: unknown): boolean {
  if (!isRecord(tokenizerJson)) return false;
  const { normalizer, pre_tokenizer: pre } = tokenizerJson;
  const steps = (part: unknown): unknown[] =>
    isRecord(part) && Array.isArray(part.normalizers) ? part.normalizers : isRecord(part) && Array.isArray(part.pretokenizers) ? part.pretokenizers : [part];
  const prepends = (step: unknown) =>
    isRecord(step) &&
    ((step.type === 'Prepend' && step.prepend === '▁') || (step.type === 'Metaspace' && step.prepend_scheme !== 'never' && step.add_prefix_space !== false));
  return steps(normalizer).some(prepends) || steps(pre).some(prepends);
}

/** Token strings by id, as the tokenizer stores them ("Ġcabeza", "<0x0A>"); ids with no token are "". */
export function tokenTable(tokenizer: Pick<PreTrainedTokenizer, 'get_vocab'>): string[] {
  const vocab = tokenizer.get_vocab();
  const table: string[] = [];
  for (const [token, id] of vocab) table[id] = token;
  return Array.from(table, (token) => token ?? '');
}

export interface NoteGrammarOptions {
  /** Rows of the model's logits (config.vocab_size), often more than the tokenizer's tokens. */
  vocabSize: number;
  /** End-of-sequence ids (generation_config.eos_token_id): the only tokens allowed after the JSON. */
  stopTokenIds: number[];
}

/** One model's vocabulary, ready to compile schemas; create once per loaded model. */
export class NoteGrammar {
  private readonly compiled = new Map<string, CompiledGrammar>();

  private constructor(
    private readonly xgrammar: XGrammar,
    private readonly info: TokenizerInfo,
    private readonly compiler: GrammarCompiler,
    readonly vocabSize: number,
  ) {}

  static async create(xgrammar: XGrammar, tokenizer: PreTrainedTokenizer, options: NoteGrammarOptions): Promise<NoteGrammar> {
    const json: unknown = tokenizer._tokenizerJSON;
    const info = await xgrammar.TokenizerInfo.createTokenizerInfo(
      tokenTable(tokenizer),
      vocabType(json),
      prependsSpace(json),
      options.vocabSize,
      options.stopTokenIds,
    );
    const compiler = await xgrammar.GrammarCompiler.createGrammarCompiler(info, true);
    return new NoteGrammar(xgrammar, info, compiler, options.vocabSize);
  }

  /** A fresh matcher for one generation under `schema`. */
  async matcher(schema: object): Promise<GrammarMatcher> {
    const key = JSON.stringify(schema);
    let grammar = this.compiled.get(key);
    if (!grammar) {
      // anyWhitespace false, indent -1 (xgrammar's "none"), compact separators: see the module comment.
      grammar = await this.compiler.compileJSONSchema(key, false, -1, [',', ':'], true);
      this.compiled.set(key, grammar);
      const oldest = this.compiled.keys().next().value;
      if (this.compiled.size > MAX_COMPILED_SCHEMAS && oldest !== undefined) {
        this.compiled.get(oldest)?.dispose();
        this.compiled.delete(oldest);
      }
    }
    return this.xgrammar.GrammarMatcher.createGrammarMatcher(grammar);
  }

  dispose(): void {
    for (const grammar of this.compiled.values()) grammar.dispose();
    this.compiled.clear();
    this.compiler.dispose();
    this.info.dispose();
  }
}

/**
 * Masks the logits of one generation (batch of one) with `matcher`. Each call first feeds the
 * matcher the tokens chosen since the previous call, so the mask always reflects everything
 * generated so far; the first call sees only the prompt, which the grammar never reads.
 */
export class GrammarLogitsProcessor extends LogitsProcessor {
  private seen: number | undefined;

  constructor(
    private readonly matcher: GrammarMatcher,
    private readonly vocabSize: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const [ids, ...others] = inputIds;
    if (!ids || others.length > 0) throw new NoteGrammarViolationError('The note grammar constrains one sequence at a time');
    if (this.seen !== undefined) {
      for (let i = this.seen; i < ids.length; i++) {
        const token = Number(ids[i]);
        // Only a processor after this one (none is added) or a sampler bug could pick a masked token.
        if (!this.matcher.acceptToken(token)) throw new NoteGrammarViolationError(`Token ${token} breaks the note grammar`);
      }
    }
    this.seen = ids.length;
    const { data } = logits;
    if (!(data instanceof Float32Array) || data.length !== this.vocabSize) {
      throw new NoteGrammarViolationError(`Expected ${this.vocabSize} float32 logits, got ${data.length}`);
    }
    const mask = nextTokenBitmask(this.matcher, this.vocabSize);
    for (let token = 0; token < data.length; token++) {
      if (((mask[token >> 5] ?? 0) >>> (token & 31)) & 1) continue;
      data[token] = -Infinity;
    }
    return logits;
  }

  /**
   * Feeds the tokens chosen after the last step (generation stops without another call) and says
   * whether the JSON was complete and ended; false when the token limit cut it.
   */
  finish(sequence: readonly bigint[]): boolean {
    for (let i = this.seen ?? sequence.length; i < sequence.length; i++) {
      if (!this.matcher.acceptToken(Number(sequence[i]))) return false;
    }
    this.seen = sequence.length;
    return this.matcher.isTerminated();
  }
}
