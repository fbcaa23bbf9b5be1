/**
 * A note LLM on transformers.js, below the engine's policies: load tokenizer and causal LM, warm
 * them up, and turn a chat into note JSON under the grammar (noteGrammar.ts), streaming tokens and
 * stopping when asked. Runs wherever transformers.js runs: the note worker, and Node on the CPU
 * device in tests (which pass xgrammar in, see xgrammar.ts).
 *
 * It calls `model.generate` directly rather than the text-generation pipeline: the pipeline
 * takes no logits processor or stopping criterion of ours, and it decodes the prompt too.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  LogitsProcessorList,
  TextStreamer,
  random,
  type PretrainedModelOptions,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { isRecord } from '../../shared/isRecord';
import { yieldBeforeEachStep } from '../../shared/nextTask';
import type { NoteChatMessage, NoteGenerationProgress, NoteGenerationResult } from './noteEngine';
import { GrammarLogitsProcessor, NoteGrammar } from './noteGrammar';
import type { XGrammar } from './xgrammar';

export interface NoteRuntime {
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
  readonly grammar: NoteGrammar;
  /** Set by disposeNoteRuntime: a generation still running stops at its next step. */
  readonly released: { value: boolean };
}

export interface GenerateOptions {
  messages: readonly NoteChatMessage[];
  /** The schema to constrain to; `null` generates freely (benchmarks and the constraint's own test). */
  jsonSchema: object | null;
  maxTokens: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: NoteGenerationProgress) => void) | undefined;
  /** Sampling instead of greedy decoding; only tests use it (a note should not depend on a dice roll). */
  sampling?: { temperature: number; seed: number };
}

export interface NoteRuntimeResult extends NoteGenerationResult {
  /** Under a grammar: whether the JSON was completed and ended (false when the token limit cut it). */
  complete: boolean;
  cancelled: boolean;
}

export class NotCausalLmError extends Error {
  override name = 'NotCausalLmError';
}

const WARMUP_MESSAGES: NoteChatMessage[] = [{ role: 'user', content: 'Hola.' }];
const WARMUP_NEW_TOKENS = 2;

/** Loads tokenizer and model by catalogue id, as `options` say, and prepares the grammar. */
export async function loadNoteRuntime(modelId: string, options: PretrainedModelOptions, xgrammar: XGrammar): Promise<NoteRuntime> {
  const tokenizerOptions = options.progress_callback ? { progress_callback: options.progress_callback } : {};
  const tokenizer = await AutoTokenizer.from_pretrained(modelId, tokenizerOptions);
  const model = await AutoModelForCausalLM.from_pretrained(modelId, options);
  try {
    const released = { value: false };
    // A step that finds the model released (its GPU was lost and the generation abandoned) stops
    // there, rather than run on a disposed session.
    yieldBeforeEachStep(model, () => {
      if (released.value) throw new RuntimeReleasedError('The note model was released during a generation');
    });
    const grammar = await NoteGrammar.create(xgrammar, tokenizer, { vocabSize: vocabSize(model), stopTokenIds: stopTokenIds(model, tokenizer) });
    return { tokenizer, model, grammar, released };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

/** One short generation, so "ready" means the first note will not wait for kernels or shaders. */
export async function warmUp(runtime: NoteRuntime): Promise<void> {
  await generateNote(runtime, { messages: WARMUP_MESSAGES, jsonSchema: null, maxTokens: WARMUP_NEW_TOKENS });
}

export async function disposeNoteRuntime(runtime: NoteRuntime): Promise<void> {
  runtime.released.value = true;
  runtime.grammar.dispose();
  await runtime.model.dispose();
}

export async function generateNote(runtime: NoteRuntime, options: GenerateOptions): Promise<NoteRuntimeResult> {
  const { tokenizer, model } = runtime;
  const inputs = tokenizer.apply_chat_template([...options.messages], { add_generation_prompt: true, return_dict: true });
  const inputIds = inputs.input_ids;
  if (!isTensor(inputIds)) throw new NotCausalLmError('The chat template gave no input ids');
  const promptTokens = inputIds.dims.at(-1) ?? 0;

  const matcher = options.jsonSchema ? await runtime.grammar.matcher(options.jsonSchema) : undefined;
  const processor = matcher ? new GrammarLogitsProcessor(matcher, runtime.grammar.vocabSize) : undefined;
  const stopping = new InterruptableStoppingCriteria();
  const abort = () => stopping.interrupt();
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) stopping.interrupt();

  const start = performance.now();
  let firstTokenAt: number | undefined;
  let outputTokens = 0;
  let streamed = '';
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    // Called for every token, before its text: the streamer holds text back until a word ends,
    // so progress reports the text flushed so far and counts every token.
    token_callback_function: () => {
      outputTokens++;
      firstTokenAt ??= performance.now();
      const decodingS = (performance.now() - firstTokenAt) / 1000;
      options.onProgress?.({ outputTokens, tokensPerSecond: decodingS > 0 ? (outputTokens - 1) / decodingS : 0, text: streamed });
    },
    callback_function: (piece: string) => {
      streamed += piece;
    },
  });
  if (options.sampling) random.seed(options.sampling.seed);
  try {
    const output = await model.generate({
      ...inputs,
      max_new_tokens: options.maxTokens,
      ...(options.sampling ? { do_sample: true, temperature: options.sampling.temperature, top_k: 0 } : { do_sample: false }),
      streamer,
      stopping_criteria: [stopping],
      ...(processor ? { logits_processor: processorList(processor) } : {}),
    });
    const sequences = isRecord(output) && 'sequences' in output ? output.sequences : output;
    if (!isTensor(sequences)) throw new NotCausalLmError('generate() returned no sequences');
    const ids = sequences.tolist()[0];
    if (!Array.isArray(ids)) throw new NotCausalLmError('generate() returned no sequence');
    const generated = ids.slice(promptTokens).filter((id): id is bigint => typeof id === 'bigint');
    const end = performance.now();
    return {
      text: tokenizer.decode(generated, { skip_special_tokens: true }),
      promptTokens,
      outputTokens: generated.length,
      timeToFirstTokenMs: (firstTokenAt ?? end) - start,
      totalMs: end - start,
      complete: processor ? processor.finish(ids.filter((id): id is bigint => typeof id === 'bigint')) : true,
      cancelled: stopping.interrupted,
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    matcher?.dispose();
  }
}

function processorList(processor: GrammarLogitsProcessor): LogitsProcessorList {
  const list = new LogitsProcessorList();
  list.push(processor);
  return list;
}

function isTensor(value: unknown): value is Tensor {
  return isRecord(value) && Array.isArray(value.dims) && typeof value.tolist === 'function';
}

/** Rows of the logits: config.vocab_size (real exports pad it past the tokenizer). */
function vocabSize(model: PreTrainedModel): number {
  const size: unknown = Reflect.get(model.config, 'vocab_size');
  if (typeof size !== 'number') throw new NotCausalLmError('The model config has no vocab_size');
  return size;
}

function stopTokenIds(model: PreTrainedModel, tokenizer: PreTrainedTokenizer): number[] {
  const configured: unknown = model.generation_config ? Reflect.get(model.generation_config, 'eos_token_id') : undefined;
  const ids = [configured, tokenizer.eos_token_id].flat().filter((id): id is number => typeof id === 'number');
  if (ids.length === 0) throw new NotCausalLmError('The model has no end-of-sequence token');
  return [...new Set(ids)];
}

export class RuntimeReleasedError extends Error {
  override name = 'RuntimeReleasedError';
}
