/**
 * Keeping a model's "thinking" out of the note. Qwen3 and Qwen3.5 write a `<think>…</think>` block
 * before their answer unless told not to. Escriba tells them not to (web-llm's
 * `extra_body.enable_thinking: false`, for catalogue entries with `thinking: "off"`), and web-llm
 * 0.2.86 does it by starting the answer with an empty block, `<think>\n\n</think>\n\n`, which it
 * then returns as part of the text. The note grammar requires the generated text to start with
 * `{`, so nothing the model samples can open a block itself; the injected one is removed here.
 *
 * `stripThinking` runs on every text an engine hands on (each progress text and the result) and
 * again before the note is parsed, so a thinking block never reaches the note parser.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * The answer without a leading thinking block. A block that is still open (the model is thinking,
 * or stopped mid-thought) leaves no answer yet: the empty string, never the thought itself.
 */
export function stripThinking(text: string): string {
  const start = text.trimStart();
  if (!start.startsWith(OPEN)) return text;
  const end = start.indexOf(CLOSE, OPEN.length);
  if (end < 0) return '';
  return start.slice(end + CLOSE.length).trimStart();
}
