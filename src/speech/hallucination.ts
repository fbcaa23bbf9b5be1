/**
 * Guards between Whisper and the transcript. Whisper invents text for audio with nothing in it
 * and can loop on a phrase; what it returns for an utterance is judged here before it is stored.
 *
 * - Near-silent utterances (segmenter's `isNearSilent`) are never sent at all (transcriber.ts).
 * - Runs of a repeated word or phrase are cut to a few occurrences (a loop, not speech).
 * - Known silence phrases ("Gracias por ver el video", "Subtítulos realizados por…") are dropped
 *   only when the utterance's audio could not have held them: quiet, or with less speech than
 *   saying the phrase takes. A patient who says "gracias" out loud keeps it.
 * - The prompt's glossary written back as if it had been said is dropped (promptEcho.ts).
 */
import { rmsToDbfs, speechMs, type Utterance } from '../audio/segmenterUtterance';
import { isPromptEcho } from './promptEcho';

/** A phrase of 2+ words repeated back to back more than this is a loop. */
export const MAX_PHRASE_REPEATS = 2;
/** A single word may be repeated a little more in real speech ("no, no, no"). */
export const MAX_WORD_REPEATS = 3;
/** Longest repeated phrase looked for, in words. */
export const MAX_LOOP_WORDS = 12;
/** Louder than near-silent but still quiet: below this RMS a silence phrase is taken for a hallucination. */
export const QUIET_RMS_DBFS = -40;
/**
 * Speech time per letter of a phrase, faster than anyone talks (fast Spanish is ~15–20 letters a
 * second; this is 25): an utterance with less speech than its phrase's letters times this cannot
 * have said it, so a cough under "Gracias por ver el video" is dropped while a spoken "Gracias"
 * (~0.45 s of speech) is kept.
 */
export const MIN_SPEECH_MS_PER_LETTER = 40;

/** Phrases Whisper is known to produce for silence and noise (subtitle credits from its training data). */
const SILENCE_PHRASES: readonly RegExp[] = [
  /^(muchas )?gracias( a todos)?( por (ver|mirar)( el video)?)?$/,
  /^gracias por (su|tu) atencion$/,
  /^subtitulos? (realizados? |hechos? |creados? )?por\b/,
  /^subtitulado por\b/,
  /\bamara\.org\b/,
  /^suscribete( al canal)?$/,
  /^no olvides suscribirte\b/,
  /^thank you( (so much|very much))?( for watching)?$/,
  /^(musica|aplausos|risas)$/,
  /^$/,
];

/** Lowercase, no accents, no punctuation, single spaces: how phrases are compared. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.\s]|(?<!\w)\.|\.(?!\w)/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isSilencePhrase(text: string): boolean {
  const normalized = normalizeForMatch(text);
  return SILENCE_PHRASES.some((pattern) => pattern.test(normalized));
}

/** Could this utterance's audio not have held `phrase` as speech? Quiet, or too little speech for it. */
export function cannotHoldPhrase(utterance: Utterance, phrase: string): boolean {
  const letters = normalizeForMatch(phrase).replace(/[^\p{L}\p{N}]/gu, '').length;
  return rmsToDbfs(utterance.rms) < QUIET_RMS_DBFS || speechMs(utterance) < letters * MIN_SPEECH_MS_PER_LETTER;
}

/**
 * Cuts back-to-back repeats of a word or phrase to MAX_WORD_REPEATS / MAX_PHRASE_REPEATS
 * occurrences, comparing words without case, accents or punctuation, and keeping the original
 * spelling of what stays.
 */
export function capRepetitions(text: string): string {
  let words = text.trim().split(/\s+/).filter(Boolean);
  let keys = words.map(normalizeForMatch);
  for (let n = MAX_LOOP_WORDS; n >= 1; n--) {
    const limit = n === 1 ? MAX_WORD_REPEATS : MAX_PHRASE_REPEATS;
    const keptWords: string[] = [];
    const keptKeys: string[] = [];
    let i = 0;
    while (i < words.length) {
      let repeats = 1;
      while (i + (repeats + 1) * n <= words.length && samePhrase(keys, i, i + repeats * n, n)) repeats++;
      const copies = repeats > limit ? limit : repeats;
      if (repeats > 1) {
        for (let c = 0; c < copies; c++) {
          keptWords.push(...words.slice(i + c * n, i + (c + 1) * n));
          keptKeys.push(...keys.slice(i + c * n, i + (c + 1) * n));
        }
        i += repeats * n;
      } else {
        keptWords.push(words[i]!);
        keptKeys.push(keys[i]!);
        i++;
      }
    }
    words = keptWords;
    keys = keptKeys;
  }
  return words.join(' ');
}

function samePhrase(keys: readonly string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (keys[a + k] !== keys[b + k] || keys[a + k] === '') return false;
  return true;
}

/** Leftover special tokens (`<|es|>`, `<|0.00|>`) and bracketed sound labels Whisper writes. */
const MARKUP = /<\|[^|]*\|>|\[(?:m[uú]sica|aplausos|risas|silencio|ruido)\]|\((?:m[uú]sica|aplausos|risas|silencio|ruido)\)/giu;

/**
 * What is kept of Whisper's text for an utterance, or null when nothing should be stored: empty,
 * only punctuation, a silence phrase over audio that cannot have held it, or the prompt's glossary
 * written back (`glossaryPrompt`, see promptEcho.ts). Null is never fed back as the next prompt.
 */
export function acceptTranscription(text: string, utterance: Utterance, glossaryPrompt?: string): string | null {
  const cleaned = capRepetitions(text.replace(MARKUP, ' ')).replace(/\s+([.,;:?!])/g, '$1').trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return null;
  if (isSilencePhrase(cleaned) && cannotHoldPhrase(utterance, cleaned)) return null;
  if (glossaryPrompt !== undefined && isPromptEcho(cleaned, glossaryPrompt)) return null;
  return cleaned;
}
