/**
 * The note benchmark (Node side), run by scripts/bench-note.mjs through Vite's module loader.
 * Drives test/bench/note.html in Chromium (see note-bench-page.ts) and shapes one JSON object:
 * for a synthetic Spanish consultation (15 minutes by default) and the note model the catalogue
 * recommends here, how the transcript was split into blocks, prompt tokens per block, output
 * tokens, time to first token, decoding tokens per second and total time of the app's
 * `generateNote` through the note worker; and what the note grammar costs: tokens per second with
 * and without it, same model, same device, same run.
 *
 * With the fixture catalogue (tiny models with random weights) every figure measures Escriba's
 * plumbing, not a real model's speed; the JSON says so. On a GPU machine with a real transformers.js
 * model in that catalogue, the same command measures the real thing.
 */
import { cpus, loadavg } from 'node:os';
import { BrowserSession } from '../support/chromium';
import type { EngineCall, Comparison, NoteBenchOptions, NoteBenchResult } from './note-bench-page';

export interface NoteBenchSettings extends Partial<NoteBenchOptions> {
  devServerUrl: string;
  log?: (message: string) => void;
}

const FIXTURE_CATALOG = 'test/fixtures/models/catalog.json';
const SCRIPTED_FIXTURE_ID = 'llm-fixture';
/**
 * Each generation's new tokens, below the app's 3 072: a dense block's note is ~600–1 000 tokens
 * (budget.ts), and a fixture that cannot write a valid note for a block writes to the limit twice
 * (first attempt and retry), minutes that measure nothing more.
 */
export const DEFAULT_MAX_NEW_TOKENS = 1024;
/** The page's modules on a cold Vite cache; past this something is wrong (a reload loop, a missing module). */
const PAGE_READY_TIMEOUT_MS = 180_000;

export async function runNoteBench({ devServerUrl, log = () => undefined, ...given }: NoteBenchSettings) {
  const options: NoteBenchOptions = {
    minutes: 15,
    device: 'wasm',
    maxNewTokens: DEFAULT_MAX_NEW_TOKENS,
    compareMaxNewTokens: 384,
    compareRounds: 4,
    alsoCompare: ['llm-fixture-random'],
    ...given,
  };
  const session = await BrowserSession.launch({ origin: devServerUrl });
  try {
    const page = session.page;
    page.setDefaultTimeout(0);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.text().startsWith('[note-bench]')) log(message.text());
    });
    await page.goto(`${devServerUrl}/test/bench/note.html`);
    await page.waitForFunction(() => window.escribaNoteBench !== undefined, undefined, { timeout: PAGE_READY_TIMEOUT_MS });
    log(`Note bench: ${options.minutes} min on ${options.device}…`);
    const loadBefore = loadavg()[0]!;
    const result = await page.evaluate((o) => window.escribaNoteBench!.run(o), options);
    return shape(result, options, { cpus: cpus().length, loadAverageBefore: round(loadBefore, 2), loadAverageAfter: round(loadavg()[0]!, 2) });
  } finally {
    await session.close();
  }
}

function shape(result: NoteBenchResult, options: NoteBenchOptions, machine: object) {
  const { note, plan } = result;
  const firstAttempts = plan.blocks.map((block) => note.calls.find((c) => c.part?.index === block.part && c.attempt === 1));
  return {
    machine,
    model: {
      id: result.model.id,
      name: result.model.name,
      engine: result.model.engine,
      device: result.model.device,
      dtype: result.model.dtype,
      contextWindowTokens: result.model.contextWindowTokens,
      chosenBy: `recommend() on this browser's hardware profile and ${FIXTURE_CATALOG} (tier ${result.model.tier}, recommended device ${result.model.recommendedDevice})`,
      // The page reads only the fixture catalogue: every model it can choose is a fixture.
      fixture: true,
      caveat:
        'Fixture model (tiny, random weights, scripted output): these figures measure Escriba’s plumbing, not a real model’s speed.' +
        (result.model.id === SCRIPTED_FIXTURE_ID
          ? ' Its one scripted note cites s2–s6, which only block 1’s schema allows: with two or more blocks the later ones write to the token limit twice and the note fails validation (outcome).'
          : ''),
    },
    transcript: result.transcript,
    blocks: {
      count: plan.blocks.length,
      contextWindowTokens: plan.contextWindowTokens,
      outputReserveTokens: plan.outputReserveTokens,
      perBlock: plan.blocks.map((block, i) => ({
        part: block.part,
        segments: block.segments,
        refs: `${block.firstRef}–${block.lastRef}`,
        estimatedPromptTokens: block.estimatedPromptTokens,
        promptTokens: firstAttempts[i]?.promptTokens ?? null,
        overContextWindow: (firstAttempts[i]?.promptTokens ?? 0) > plan.contextWindowTokens,
      })),
    },
    loadMsWithWarmUp: Math.round(note.loadMs),
    promptTokens: {
      perBlock: firstAttempts.map((c) => c?.promptTokens ?? null),
      total: sum(firstAttempts.map((c) => c?.promptTokens ?? 0)),
      includingRetries: sum(note.calls.map((c) => c.promptTokens)),
    },
    outputTokens: sum(note.calls.map((c) => c.outputTokens)),
    timeToFirstTokenMs: {
      firstBlock: Math.round(note.calls[0]?.timeToFirstTokenMs ?? 0),
      firstBlockAsThePageSeesIt: note.calls[0]?.timeToFirstTokenWallMs == null ? null : Math.round(note.calls[0].timeToFirstTokenWallMs),
      perCall: note.calls.map((c) => Math.round(c.timeToFirstTokenMs)),
    },
    tokensPerSecond: round(decodeRate(note.calls), 1),
    totalMs: Math.round(note.wallMs),
    maxNewTokens: {
      app: result.appMaxNewTokens,
      cap: options.maxNewTokens,
      capped: options.maxNewTokens !== null && options.maxNewTokens < result.appMaxNewTokens,
      ...(options.maxNewTokens !== null && options.maxNewTokens < result.appMaxNewTokens
        ? { why: `every generation capped at ${options.maxNewTokens} new tokens to keep the run short (BENCH_NOTE_MAX_TOKENS=0 keeps the app's limit)` }
        : {}),
      callsThatHitTheLimit: note.calls.filter((c) => c.outputTokens >= c.maxTokens).length,
    },
    calls: note.calls.map((c) => ({
      part: c.part ? `${c.part.index}/${c.part.count}` : null,
      attempt: c.attempt,
      promptTokens: c.promptTokens,
      outputTokens: c.outputTokens,
      maxTokens: c.maxTokens,
      hitTheLimit: c.outputTokens >= c.maxTokens,
      timeToFirstTokenMs: Math.round(c.timeToFirstTokenMs),
      tokensPerSecond: round(decodeRate([c]), 1),
      totalMs: Math.round(c.totalMs),
    })),
    outcome: note.outcome,
    constraintCost: result.comparisons.map((c) => comparison(c, result)),
    definitions: {
      timeToFirstTokenMs: 'prefill and first token, timed by the runtime in the note worker (after the chat template and the grammar matcher); "asThePageSeesIt" adds worker messages, tokenizing and grammar compilation',
      tokensPerSecond: 'decoding only: output tokens after the first over the time after the first token, summed over every engine call',
      totalMs: 'generateNote from its call to the merged, grounded note (or its failure): every block and retry, validation, merge, grounding',
      constraintCost: 'the same model and device in a bench worker running the note runtime (transformersNoteRuntime.generateNote) on block 1’s prompt, with the note schema and without (jsonSchema null), alternating; ratio = constrained / unconstrained median tokens per second',
    },
  };
}

function comparison(c: Comparison, result: NoteBenchResult) {
  const side = (constrained: boolean) => {
    const runs = c.runs.filter((r) => r.constrained === constrained).map((r) => r.run);
    return {
      tokensPerSecond: round(median(runs.map((r) => decodeRate([r]))), 1),
      runsTokensPerSecond: runs.map((r) => round(decodeRate([r]), 1)),
      outputTokens: runs.map((r) => r.outputTokens),
      timeToFirstTokenMs: runs.map((r) => Math.round(r.timeToFirstTokenMs)),
      ...(constrained ? { jsonComplete: runs.map((r) => r.complete) } : {}),
    };
  };
  const constrained = side(true);
  const unconstrained = side(false);
  const firstUse = (wanted: boolean) => {
    const run = c.firstUse.find((r) => r.constrained === wanted)?.run;
    return run
      ? {
          tokensPerSecond: round(decodeRate([run]), 1),
          timeToFirstTokenMs: Math.round(run.timeToFirstTokenMs),
          beforeGenerationMs: Math.round(run.wallMs - run.totalMs),
        }
      : null;
  };
  return {
    model: c.modelId,
    isChosenModel: c.modelId === result.model.id,
    why:
      c.modelId === result.model.id
        ? 'the chosen model: it writes the same tokens with and without the grammar, so both sides decode identical sequences and differ only by the mask'
        : 'random weights: the grammar really steers it (without it, it writes noise until the limit), so the sides decode different sequences',
    device: result.model.device,
    prompt: `block ${c.promptPart.index} of ${c.promptPart.count}`,
    promptTokens: c.runs[0]?.run.promptTokens ?? null,
    maxNewTokens: c.maxNewTokens,
    rounds: c.runs.length / 2,
    loadMsWithWarmUp: Math.round(c.loadMs),
    constrained,
    unconstrained,
    ratio: round(constrained.tokensPerSecond / unconstrained.tokensPerSecond, 3),
    /** The two sides' runs overlap: the difference is below this machine's run-to-run noise. */
    ratioWithinRunToRunSpread: overlap(constrained.runsTokensPerSecond, unconstrained.runsTokensPerSecond),
    sameTextWithAndWithout: c.sameTextEveryRun,
    firstUse: {
      about:
        'the pair before the measured rounds, constrained first: the first generation in a fresh worker pays the first long prefill, and the constrained one compiles the schema (beforeGenerationMs), once per schema',
      constrained: firstUse(true),
      unconstrained: firstUse(false),
    },
  };
}

/** Output tokens after the first over the time after the first token. */
function decodeRate(calls: readonly Pick<EngineCall, 'outputTokens' | 'totalMs' | 'timeToFirstTokenMs'>[]): number {
  const tokens = sum(calls.map((c) => Math.max(0, c.outputTokens - 1)));
  const ms = sum(calls.map((c) => c.totalMs - c.timeToFirstTokenMs));
  return ms > 0 ? (tokens * 1000) / ms : 0;
}

function overlap(a: number[], b: number[]): boolean {
  return Math.max(...a) >= Math.min(...b) && Math.max(...b) >= Math.min(...a);
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
