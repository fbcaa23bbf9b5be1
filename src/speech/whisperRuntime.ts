/**
 * Whisper on transformers.js, below the engine's policies: load the processor and the model, and
 * turn 16 kHz samples into Spanish text. Runs wherever transformers.js runs (the speech worker;
 * Node in whisperRuntime.test.ts, on the CPU device).
 *
 * Decoding calls `model.generate` directly instead of the ASR pipeline, for two reasons: the
 * pipeline decodes the whole sequence, so a `<|startofprev|>` prompt would come back as part of the
 * transcript; and cancellation needs a hook in the decoding loop (see endOnAbort.ts) the pipeline
 * does not expose. Only the tokens after the prefix are decoded.
 */
import {
  AutoProcessor,
  LogitsProcessorList,
  Tensor,
  WhisperForConditionalGeneration,
  type PretrainedModelOptions,
  type PreTrainedModel,
  type Processor,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { TranscriptionCancelledError } from '../shared/errors';
import { nextTask, yieldBeforeEachStep } from '../shared/nextTask';
import { EndOnAbort } from './endOnAbort';
import { SPEECH_SAMPLE_RATE } from './speechEngine';
import { WHISPER_DECODER_POSITIONS, decoderPrefix, endOfTextId, maxNewTokens } from './whisperPrompt';

export interface WhisperRuntime {
  readonly processor: Processor;
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
  readonly decoderPositions: number;
}

export interface DecodeOptions {
  prompt?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Overrides the length-based cap (the warm-up needs only a few steps). */
  maxNewTokens?: number;
}

export class NotWhisperError extends Error {
  override name = 'NotWhisperError';
}

/** Loads processor (feature extractor + tokenizer) and model by catalogue id, as `options` say. */
export async function loadWhisper(modelId: string, options: PretrainedModelOptions): Promise<WhisperRuntime> {
  const processorOptions = options.progress_callback ? { progress_callback: options.progress_callback } : {};
  const processor = await AutoProcessor.from_pretrained(modelId, processorOptions);
  const tokenizer = processor.tokenizer;
  if (!tokenizer || !processor.feature_extractor) throw new NotWhisperError(`${modelId} has no Whisper processor`);
  const model = await WhisperForConditionalGeneration.from_pretrained(modelId, options);
  yieldBeforeEachStep(model);
  const positions: unknown = Reflect.get(model.config, 'max_target_positions');
  return {
    processor,
    tokenizer,
    model,
    decoderPositions: typeof positions === 'number' ? positions : WHISPER_DECODER_POSITIONS,
  };
}

function cancelled(): TranscriptionCancelledError {
  return new TranscriptionCancelledError('Transcripción cancelada');
}

/** Spanish text (trimmed) for at most 30 s of 16 kHz mono audio. */
export async function decode(runtime: WhisperRuntime, audio: Float32Array, options: DecodeOptions = {}): Promise<string> {
  const { signal } = options;
  // Yield first too: a cancel already on its way is read before a second of feature extraction.
  await nextTask();
  if (signal?.aborted) throw cancelled();
  const features: unknown = (await runtime.processor(audio)).input_features;
  if (!(features instanceof Tensor)) throw new NotWhisperError('The processor gave no input features');
  await nextTask();
  if (signal?.aborted) {
    features.dispose();
    throw cancelled();
  }

  const prefix = decoderPrefix(runtime.tokenizer, options.prompt);
  // Read at each decoder step: a cancel during the encoder pass takes effect after it.
  const logitsProcessor = new LogitsProcessorList();
  if (signal) logitsProcessor.push(new EndOnAbort(signal, endOfTextId(runtime.tokenizer)));
  let output: unknown;
  try {
    output = await runtime.model.generate({
      inputs: features,
      decoder_input_ids: prefix,
      max_new_tokens:
        options.maxNewTokens ?? maxNewTokens(audio.length, prefix.length, { sampleRate: SPEECH_SAMPLE_RATE, decoderPositions: runtime.decoderPositions }),
      logits_processor: logitsProcessor,
      return_timestamps: false,
      // Not `no_repeat_ngram_size`: it counts the prompt's n-grams too, and stops the answer early
      // whenever it repeats a phrase of the previous segment. Loops are bounded by max_new_tokens.
    });
  } finally {
    features.dispose();
  }
  if (signal?.aborted) throw cancelled();
  if (!(output instanceof Tensor)) throw new NotWhisperError('generate() gave no token sequence');
  const sequence: unknown = output.tolist()[0];
  if (!Array.isArray(sequence)) throw new NotWhisperError('generate() gave no token sequence');
  const generated = sequence.slice(prefix.length).map(Number);
  return runtime.tokenizer.decode(generated, { skip_special_tokens: true }).trim();
}

export async function disposeWhisper(runtime: WhisperRuntime): Promise<void> {
  await runtime.model.dispose();
}
