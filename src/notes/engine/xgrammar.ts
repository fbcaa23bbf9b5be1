/**
 * `@mlc-ai/web-xgrammar`, the grammar engine web-llm uses for `response_format` (web-llm 0.2.86
 * bundles this same 0.1.27 but does not export it), loaded for the transformers.js engine.
 *
 * Two things about the package shape this module:
 * - It ships one UMD file inside a `"type": "module"` package. Bundlers read it as CommonJS
 *   (exports on `default`) or run it for its side effect (a `globalThis.xgrammar`); either way
 *   `loadXGrammar` finds the classes. Node's own ESM loader cannot run it at all (it calls
 *   `require`), so Node tests load it as CommonJS and pass it in: everything here takes the
 *   module as a parameter.
 * - `GrammarMatcher.getNextTokenBitmask()` is async only to await the WebAssembly module's
 *   one-time start, which `createGrammarMatcher` has already awaited; transformers.js calls logits
 *   processors synchronously. `nextTokenBitmask` makes the same binding call synchronously. The
 *   package is pinned; xgrammar.test.ts checks both give the same mask.
 */
import type { CompiledGrammar, GrammarCompiler, GrammarMatcher, TokenizerInfo } from '@mlc-ai/web-xgrammar';
import { isRecord } from '../../shared/isRecord';

/** The classes Escriba uses, whichever way the module was loaded. */
export interface XGrammar {
  TokenizerInfo: { createTokenizerInfo: typeof TokenizerInfo.createTokenizerInfo };
  GrammarCompiler: { createGrammarCompiler: typeof GrammarCompiler.createGrammarCompiler };
  GrammarMatcher: { createGrammarMatcher: typeof GrammarMatcher.createGrammarMatcher };
}

export type { CompiledGrammar, GrammarCompiler, GrammarMatcher, TokenizerInfo };

export class XGrammarUnavailableError extends Error {
  override name = 'XGrammarUnavailableError';
}

function isXGrammar(value: unknown): value is XGrammar {
  const has = (key: string, method: string) => {
    const member: unknown = isRecord(value) || typeof value === 'function' ? Reflect.get(Object(value), key) : undefined;
    return typeof member === 'function' && typeof Reflect.get(member, method) === 'function';
  };
  return (
    has('TokenizerInfo', 'createTokenizerInfo') &&
    has('GrammarCompiler', 'createGrammarCompiler') &&
    has('GrammarMatcher', 'createGrammarMatcher')
  );
}

/** Finds the classes on a loaded module: named exports, a CommonJS `default`, or the UMD global. */
export function pickXGrammar(imported: unknown): XGrammar {
  const candidates = [imported, isRecord(imported) ? imported.default : undefined, Reflect.get(globalThis, 'xgrammar')];
  const found = candidates.find(isXGrammar);
  if (!found) throw new XGrammarUnavailableError('@mlc-ai/web-xgrammar loaded without its classes');
  return found;
}

/** The browser's (or worker's) copy; a separate chunk, loaded only when a note is generated. */
export async function loadXGrammar(): Promise<XGrammar> {
  return pickXGrammar(await import('@mlc-ai/web-xgrammar'));
}

interface IntVector {
  size(): number;
  get(index: number): number;
  delete(): void;
}

interface MatcherHandle {
  GetNextTokenBitmask(vocabSize: number): IntVector;
}

function isMatcherHandle(value: unknown): value is MatcherHandle {
  return isRecord(value) && typeof value.GetNextTokenBitmask === 'function';
}

function isIntVector(value: unknown): value is IntVector {
  return isRecord(value) && typeof value.size === 'function' && typeof value.get === 'function' && typeof value.delete === 'function';
}

/**
 * The tokens the grammar allows next, as `getNextTokenBitmask()` gives them (bit `t % 32` of word
 * `t / 32` is set when token t is allowed), without awaiting.
 */
export function nextTokenBitmask(matcher: GrammarMatcher, vocabSize: number): Int32Array {
  const handle: unknown = Reflect.get(matcher, 'handle');
  if (!isMatcherHandle(handle)) throw new XGrammarUnavailableError('GrammarMatcher has no synchronous bitmask binding');
  const vector: unknown = handle.GetNextTokenBitmask(vocabSize);
  if (!isIntVector(vector)) throw new XGrammarUnavailableError('GetNextTokenBitmask returned no vector');
  try {
    const words = new Int32Array(vector.size());
    for (let i = 0; i < words.length; i++) words[i] = vector.get(i);
    return words;
  } finally {
    vector.delete();
  }
}
