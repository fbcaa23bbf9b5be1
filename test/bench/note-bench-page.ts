/**
 * Browser side of `npm run bench:note` (test/bench/note.html on a Vite dev server). In one page and
 * one run:
 *
 *  a. picks the note model as the app does with no saved choice (`recommend` on this browser's
 *     hardware profile and the fixture catalogue), writes its files into the OPFS model store and
 *     builds a synthetic Spanish consultation of the asked length (longConsultation.testkit.ts);
 *  b. writes its note the app's way: `generateNote` (budget → one prompt per block → grammar →
 *     validation → merge → grounding) on a NoteClient, i.e. through the real note worker; every
 *     engine call is recorded, with the time to its first token as the page sees it;
 *  c. measures what the grammar costs: the same model and device, in note-bench.worker.ts, on the
 *     first block's prompt, alternating generations with and without the schema.
 *
 * It exposes `window.escribaNoteBench` for the Node side (note-bench.ts), which shapes the JSON.
 */
import { DEFAULT_CONTEXT_WINDOW_TOKENS } from '../../src/app/noteEngineContext';
import { parseCatalog, variantFor } from '../../src/model-manager/catalog';
import type { CatalogModel, TransformersJsModel } from '../../src/model-manager/catalogSchema';
import { resolveRelativeHosts } from '../../src/model-manager/catalogSource';
import { probeHardware } from '../../src/model-manager/hardware';
import { recommend } from '../../src/model-manager/tiers';
import { DEFAULT_OUTPUT_RESERVE_TOKENS, planNotePrompts } from '../../src/notes/budget';
import { NoteClient } from '../../src/notes/engine/noteClient';
import type { NoteDevice, NoteEngine, NoteGenerationRequest } from '../../src/notes/engine/noteEngine';
import { generateNote, MAX_NOTE_OUTPUT_TOKENS } from '../../src/notes/generateNote';
import { longConsultation } from '../../src/notes/longConsultation.testkit';
import { noteJsonSchema } from '../../src/notes/noteSchema';
import type { TranscriptPart } from '../../src/notes/prompt';
import { numberSegments } from '../../src/notes/segmentRefs';
import { builtInTemplate, DEFAULT_TEMPLATE_ID } from '../../src/notes/templates';
import { FIXTURES, installIntoStore } from './fixtureFiles';
import { isBenchReply, type BenchGeneration, type BenchReply, type BenchRequest, type BenchRun } from './note-bench.protocol';

export interface NoteBenchOptions {
  minutes: number;
  device: NoteDevice;
  /** Caps every engine call's new tokens below the app's own limit; null keeps the app's. */
  maxNewTokens: number | null;
  /** New-token limit of each generation in the constrained/unconstrained comparison (maxNewTokens caps it too). */
  compareMaxNewTokens: number;
  /** Pairs of (constrained, unconstrained) generations per model in the comparison. */
  compareRounds: number;
  /** Models of the comparison besides the chosen one (e.g. the random-weight fixture). */
  alsoCompare: string[];
}

export interface ChosenModel {
  id: string;
  name: string;
  engine: string;
  tier: string;
  device: NoteDevice;
  dtype: unknown;
  contextWindowTokens: number;
  /** The device `recommend` picked for it on this browser (the benchmark may run another). */
  recommendedDevice: string;
}

export interface PlannedBlock {
  part: number;
  segments: number;
  firstRef: string;
  lastRef: string;
  /** budget.ts's estimate (characters / 3.5 and per-line, per-message extras). */
  estimatedPromptTokens: number;
}

export interface EngineCall {
  part: TranscriptPart | undefined;
  attempt: number;
  maxTokens: number;
  promptTokens: number;
  outputTokens: number;
  timeToFirstTokenMs: number;
  /** From the page's call to the first progress event: worker messages, chat template, grammar matcher, prefill. */
  timeToFirstTokenWallMs: number | null;
  totalMs: number;
  wallMs: number;
}

export interface NoteRun {
  loadMs: number;
  calls: EngineCall[];
  /** generateNote from start to merged, grounded note (or to its failure). */
  wallMs: number;
  outcome: { ok: true; findings: number } | { ok: false; errorName: string; errorMessage: string };
}

export interface ComparisonRun {
  constrained: boolean;
  run: Omit<BenchRun, 'text'>;
  textChars: number;
}

export interface Comparison {
  modelId: string;
  loadMs: number;
  promptPart: TranscriptPart;
  maxNewTokens: number;
  /** One constrained and one unconstrained generation before the measured ones, reported apart. */
  firstUse: ComparisonRun[];
  runs: ComparisonRun[];
  /** Whether every run, with and without the grammar, wrote the same text. */
  sameTextEveryRun: boolean;
}

export interface NoteBenchResult {
  model: ChosenModel;
  transcript: { minutes: number; segments: number; characters: number; template: string };
  plan: { contextWindowTokens: number; outputReserveTokens: number; blocks: PlannedBlock[] };
  appMaxNewTokens: number;
  note: NoteRun;
  comparisons: Comparison[];
}

export interface NoteBench {
  run(options: NoteBenchOptions): Promise<NoteBenchResult>;
}

declare global {
  interface Window {
    escribaNoteBench?: NoteBench;
  }
}

/** Progress for the Node side, which passes these console lines on to stderr. */
function log(message: string): void {
  console.info(`[note-bench] ${message}`);
}

async function fixtureCatalog() {
  const json: unknown = await (await fetch(`${FIXTURES}/models/catalog.json`)).json();
  return parseCatalog(resolveRelativeHosts(json, location.origin));
}

function transformersModel(model: CatalogModel | undefined, id: string): TransformersJsModel {
  if (model?.engine !== 'transformers.js' || model.task !== 'llm') {
    throw new Error(`${id}: not a transformers.js note model (this benchmark's worker runs transformers.js only)`);
  }
  return model;
}

/** Segments of the synthetic consultation that end within `minutes`. */
function consultation(minutes: number) {
  const endMs = minutes * 60_000;
  const all = longConsultation();
  if (endMs > all.at(-1)!.endMs) throw new RangeError(`The synthetic consultation lasts ${Math.floor(all.at(-1)!.endMs / 60_000)} minutes`);
  return all.filter((s) => s.endMs <= endMs);
}

/**
 * A NoteEngine that passes every call to `engine`, capping its tokens if asked and recording its
 * figures; generateNote's progress says which block and attempt each call is for.
 */
function recordingEngine(engine: NoteEngine, maxNewTokens: number | null, where: () => { part?: TranscriptPart; attempt: number }) {
  const calls: EngineCall[] = [];
  const generate = async (request: NoteGenerationRequest) => {
    const { part, attempt } = where();
    const maxTokens = maxNewTokens === null ? request.maxTokens : Math.min(request.maxTokens, maxNewTokens);
    const startedAt = performance.now();
    let firstTokenAt: number | undefined;
    const result = await engine.generate({
      ...request,
      maxTokens,
      onProgress: (p) => {
        if (p.outputTokens > 0) firstTokenAt ??= performance.now();
        request.onProgress?.(p);
      },
    });
    calls.push({
      part,
      attempt,
      maxTokens,
      promptTokens: result.promptTokens,
      outputTokens: result.outputTokens,
      timeToFirstTokenMs: result.timeToFirstTokenMs,
      timeToFirstTokenWallMs: firstTokenAt === undefined ? null : firstTokenAt - startedAt,
      totalMs: result.totalMs,
      wallMs: performance.now() - startedAt,
    });
    return result;
  };
  return { engine: { generate }, calls };
}

/** A client for note-bench.worker.ts: each reply settles its request, by id. */
class BenchWorker {
  private readonly worker = new Worker(new URL('./note-bench.worker.ts', import.meta.url), { type: 'module', name: 'escriba-note-bench' });
  private readonly pending = new Map<number, { resolve(reply: BenchReply): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor() {
    this.worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isBenchReply(event.data)) return;
      const reply = event.data;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'error') pending?.reject(new Error(`${reply.error.name}: ${reply.error.message}`));
      else pending?.resolve(reply);
    });
    this.worker.addEventListener('error', (event) => {
      for (const pending of this.pending.values()) pending.reject(new Error(`note bench worker: ${event.message}`));
      this.pending.clear();
    });
  }

  private send(request: BenchRequest): Promise<BenchReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async load(model: TransformersJsModel, device: NoteDevice): Promise<number> {
    const reply = await this.send({ type: 'load', id: this.nextId++, model, device });
    if (reply.type !== 'loaded') throw new Error(`expected loaded, got ${reply.type}`);
    return reply.loadMs;
  }

  async generate(generation: BenchGeneration): Promise<BenchRun> {
    const reply = await this.send({ type: 'generate', id: this.nextId++, generation });
    if (reply.type !== 'generated') throw new Error(`expected generated, got ${reply.type}`);
    return reply.run;
  }

  async close(): Promise<void> {
    await this.send({ type: 'dispose', id: this.nextId++ });
    this.worker.terminate();
  }
}

async function compare(
  model: TransformersJsModel,
  device: NoteDevice,
  prompt: Omit<BenchGeneration, 'maxTokens'>,
  promptPart: TranscriptPart,
  options: NoteBenchOptions,
): Promise<Comparison> {
  const worker = new BenchWorker();
  try {
    const loadMs = await worker.load(model, device);
    const maxTokens = Math.min(options.compareMaxNewTokens, options.maxNewTokens ?? Infinity);
    const texts = new Set<string>();
    const generate = async (constrained: boolean): Promise<ComparisonRun> => {
      const { text, ...run } = await worker.generate({
        messages: prompt.messages,
        jsonSchema: constrained ? prompt.jsonSchema : null,
        maxTokens,
      });
      texts.add(text);
      return { constrained, run, textChars: text.length };
    };
    // A first pair apart: the first long prompt and the schema's compilation cost once, not per token.
    const firstUse = [await generate(true), await generate(false)];
    const runs: ComparisonRun[] = [];
    // Alternating, and in turn first, so a change in the machine's load hits both sides alike.
    for (let round = 0; round < options.compareRounds; round++) {
      for (const constrained of round % 2 === 0 ? [true, false] : [false, true]) runs.push(await generate(constrained));
    }
    return { modelId: model.id, loadMs, promptPart, maxNewTokens: maxTokens, firstUse, runs, sameTextEveryRun: texts.size === 1 };
  } finally {
    await worker.close();
  }
}

const bench: NoteBench = {
  async run(options) {
    const catalog = await fixtureCatalog();
    const profile = await probeHardware();
    const recommendation = recommend(profile, catalog);
    if (!recommendation.llm) throw new Error(`No note model recommended: ${recommendation.llmUnavailable ?? ''}`);
    const model = transformersModel(recommendation.llm.model, recommendation.llm.model.id);
    const variant = variantFor(model, options.device, { features: profile.gpu?.features ?? [] });
    if (!variant) throw new Error(`${model.id} has no ${options.device} variant`);
    const others = options.alsoCompare.filter((id) => id !== model.id).map((id) => transformersModel(catalog.byId(id), id));
    for (const m of [model, ...others]) await installIntoStore(m);

    const template = builtInTemplate(DEFAULT_TEMPLATE_ID);
    if (!template) throw new Error(`No built-in template ${DEFAULT_TEMPLATE_ID}`);
    const segments = consultation(options.minutes);
    const contextWindowTokens = model.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW_TOKENS;
    // The same plan generateNote makes (it is not exported from there): shown, and its first block reused below.
    const plan = planNotePrompts(template, numberSegments(segments).segments, { contextWindowTokens });
    const blocks = plan.map((p, i) => ({
      part: i + 1,
      segments: p.segments.length,
      firstRef: p.segments[0]!.ref,
      lastRef: p.segments.at(-1)!.ref,
      estimatedPromptTokens: p.promptTokens,
    }));

    log(`${model.id} on ${options.device}; ${segments.length} segments in ${blocks.length} block(s); writing the note…`);
    const client = new NoteClient();
    let note: NoteRun;
    try {
      const loadStartedAt = performance.now();
      await client.load({ model, device: options.device });
      const loadMs = performance.now() - loadStartedAt;
      let where: { part?: TranscriptPart; attempt: number } = { attempt: 1 };
      const recorded = recordingEngine(client, options.maxNewTokens, () => where);
      const startedAt = performance.now();
      let outcome: NoteRun['outcome'];
      try {
        const generated = await generateNote({
          engine: recorded.engine,
          template,
          segments,
          contextWindowTokens,
          onProgress: (p) => {
            where = { ...(p.part ? { part: p.part } : {}), attempt: p.attempt };
          },
        });
        outcome = { ok: true, findings: generated.findings.length };
      } catch (error) {
        const named = error instanceof Error ? error : new Error(String(error));
        outcome = { ok: false, errorName: named.name, errorMessage: named.message };
      }
      note = { loadMs, calls: recorded.calls, wallMs: performance.now() - startedAt, outcome };
    } finally {
      // Released before the comparison, so the two never compete for the two cores.
      await client.dispose();
    }

    const first = plan[0]!;
    const prompt = { messages: first.messages, jsonSchema: noteJsonSchema(template, { evidenceIds: first.segments.map((s) => s.ref) }) };
    const comparisons: Comparison[] = [];
    for (const m of [model, ...others]) {
      log(`${m.id}: with and without the grammar…`);
      comparisons.push(await compare(m, options.device, prompt, { index: 1, count: plan.length }, options));
    }

    return {
      model: {
        id: model.id,
        name: model.name,
        engine: model.engine,
        tier: model.tier,
        device: options.device,
        dtype: variant.dtype,
        contextWindowTokens,
        recommendedDevice: recommendation.llm.device,
      },
      transcript: {
        minutes: options.minutes,
        segments: segments.length,
        characters: segments.reduce((n, s) => n + s.text.length, 0),
        template: template.id,
      },
      plan: { contextWindowTokens, outputReserveTokens: DEFAULT_OUTPUT_RESERVE_TOKENS, blocks },
      appMaxNewTokens: MAX_NOTE_OUTPUT_TOKENS,
      note,
      comparisons,
    };
  },
};

window.escribaNoteBench = bench;
