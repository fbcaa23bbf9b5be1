/**
 * Cancellation that reaches Whisper's decoding loop. transformers.js 4.3.1's
 * `WhisperForConditionalGeneration.generate` takes `stopping_criteria` and does not pass it on to
 * the loop (only logits processors and the other options get there), so an
 * InterruptableStoppingCriteria never stopped a Whisper decode: a cancelled call ran on to its token
 * cap and only then reported the cancel. This processor does reach the loop: once `signal` aborts,
 * it leaves end-of-text as the only possible token, so the loop ends at that step the ordinary way
 * (its tensors disposed), instead of an exception thrown out of the middle of it.
 */
import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

export class EndOnAbort extends LogitsProcessor {
  constructor(
    private readonly signal: AbortSignal,
    private readonly endOfTextId: number,
  ) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const { data } = logits;
    // The loop hands processors float32 logits of shape [batch, vocabulary].
    if (!this.signal.aborted || !(data instanceof Float32Array)) return logits;
    const vocabulary = logits.dims.at(-1) ?? data.length;
    data.fill(-Infinity);
    for (let row = 0; row < data.length; row += vocabulary) data[row + this.endOfTextId] = 0;
    return logits;
  }
}
