/**
 * One task turn, and the transformers.js trick built on it that both model workers need.
 *
 * A MessageChannel turn lets the event loop run (a worker reads its next message, a page renders)
 * and costs well under a millisecond; a setTimeout(0) chain is clamped to 4 ms a turn, and timers
 * are throttled in hidden tabs, messages are not.
 */
import type { PreTrainedModel } from '@huggingface/transformers';

export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Cancelling is a message to the worker, and a worker reads its next message only when the task it
 * runs yields. On WASM a whole decode is one chain of promises that never does (seen in Chromium:
 * a cancel sent at once arrived after the answer). transformers.js awaits `forward()` once per
 * decoder step and has no other hook, so each step first yields one task turn; the stopping
 * criterion then sees the abort at the next step. `beforeStep` runs after the turn and may throw
 * to end the decode there.
 */
export function yieldBeforeEachStep(model: PreTrainedModel, beforeStep?: () => void): void {
  const forward = model.forward.bind(model);
  model.forward = async (inputs: unknown) => {
    await nextTask();
    beforeStep?.();
    return forward(inputs);
  };
}
