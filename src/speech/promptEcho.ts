/**
 * Whisper is prompted with a clinical glossary (promptText.ts). On audio with little speech it can
 * write that glossary back instead of what was said ("ibuprofeno, paracetamol, amoxicilina…").
 * Stored, such an echo is worse than nothing: a drug the glossary named now "was said" in the
 * consultation, and grounds a drug the note model invented.
 *
 * An echo is text whose words are nearly all covered by word triples that also stand, in order, in
 * the prompt's fixed part (glossary and reason; `glossaryPrompt`). Not the previous segment, which
 * the prompt also carries: a sentence said twice is real speech often enough (and the Whisper test
 * fixture says one sentence for every utterance), so an echo of it is left to the doctor. Triples, not single words: a doctor who says one or two glossary terms in a sentence
 * of her own keeps it ("le doy ibuprofeno"), and a text under three words is never taken for an
 * echo ("Ibuprofeno." answering "¿Qué toma?").
 */
/** Share of the text's words inside a triple found in the prompt at or above which it is an echo. */
export const ECHO_COVERAGE = 0.8;
const TRIPLE = 3;

/** Lowercase words without accents or punctuation: "Términos: ibuprofeno," → ["terminos", "ibuprofeno"]. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function isPromptEcho(text: string, prompt: string): boolean {
  const said = words(text);
  if (said.length < TRIPLE) return false;
  const promptWords = words(prompt);
  const promptTriples = new Set<string>();
  for (let i = 0; i + TRIPLE <= promptWords.length; i++) promptTriples.add(promptWords.slice(i, i + TRIPLE).join(' '));
  const covered = new Array<boolean>(said.length).fill(false);
  for (let i = 0; i + TRIPLE <= said.length; i++) {
    if (!promptTriples.has(said.slice(i, i + TRIPLE).join(' '))) continue;
    for (let k = i; k < i + TRIPLE; k++) covered[k] = true;
  }
  return covered.filter(Boolean).length / said.length >= ECHO_COVERAGE;
}
