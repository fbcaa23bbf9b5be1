/**
 * The note engine in real Chromium: NoteClient → note worker → EngineSwitch →
 * TransformersNoteEngine → transformers.js under the note grammar (xgrammar) → ONNX Runtime on
 * WASM (and WebGPU on SwiftShader, for a few tokens), with the model read from the OPFS model
 * store, on the harness page
 * (test/bench/note-harness.html): from a Vite dev server, and from a production build of it (the
 * bundling of xgrammar and of the worker's engine chunks is what can differ). The network guard of
 * launchBrowser fails the test if anything is fetched from a host other than localhost.
 *
 * The model is the scripted LLM fixture: random weights whose greedy output is one fixed note,
 * whatever the prompt. These specs prove plumbing, never note quality; the times and tokens per
 * second they log describe the plumbing on this machine.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../scripts/serve.mjs';
import type { WireGenerationRequest } from '../../src/notes/engine/note.protocol';
import type { NoteEngineStatus } from '../../src/notes/engine/noteEngine';
import { NOTICE_NOTE_RESTARTED } from '../../src/notes/engine/noteGpuRecovery';
import { noteJsonSchema, parseNote } from '../../src/notes/noteSchema';
import { buildNotePrompt } from '../../src/notes/prompt';
import { BUILT_IN_TEMPLATES } from '../../src/notes/templates';
import { NoteHarnessPage } from '../bench/note-harness-page';
import { LLM_FIXTURE_ID, LLM_FIXTURE_TEMPLATE_ID, llmFixtureModel, llmFixtureScript } from '../fixtures/llm-fixture';
import { REPO_ROOT, launchBrowser } from '../support/browser';

const TEST_TIMEOUT_MS = 300_000;
const BUILD_TIMEOUT_MS = 420_000;
/** SwiftShader runs WebGPU on the CPU, some 40× slower than WASM: a few tokens prove the GPU path. */
const WEBGPU_TEST_TIMEOUT_MS = 600_000;
const WEBGPU_TOKENS = 12;

const template = BUILT_IN_TEMPLATES.find((t) => t.id === LLM_FIXTURE_TEMPLATE_ID)!;
const script = llmFixtureScript();
const REQUEST: WireGenerationRequest = {
  messages: buildNotePrompt(template, script.transcript),
  jsonSchema: noteJsonSchema(template, { evidenceIds: script.transcript.map((s) => s.ref) }),
  maxTokens: 1024,
};

function phases(statuses: NoteEngineStatus[]): string[] {
  return statuses.map((s) => s.phase).filter((phase, i, all) => phase !== all[i - 1]);
}

function log(label: string, value: string): void {
  console.log(`[note-engine] ${label}: ${value}`);
}

/**
 * A dev server like test/support/dev-server.ts, with the note worker's libraries pre-bundled too:
 * discovered when the worker first imports them, they would make Vite re-optimise and reload the
 * page mid-test.
 */
async function startNoteDevServer() {
  const vite = await createServer({
    root: REPO_ROOT,
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    server: { port: 0, host: 'localhost', strictPort: false, hmr: false },
    optimizeDeps: { include: ['@huggingface/transformers', '@mlc-ai/web-xgrammar', '@mlc-ai/web-llm', 'hash-wasm'] },
    logLevel: 'warn',
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite dev server has no TCP address');
  return { url: `http://localhost:${address.port}`, close: () => vite.close() };
}

async function openHarness(baseUrl: string, options: { gpuHooks?: boolean } = {}): Promise<NoteHarnessPage> {
  const session = await launchBrowser({ origin: baseUrl });
  const harness = await new NoteHarnessPage(session.page, baseUrl).goto(options);
  await harness.installFixture(LLM_FIXTURE_ID);
  return harness;
}

/** Loads the scripted fixture on WASM and writes its note under the grammar; returns the harness. */
async function loadAndWriteNote(harness: NoteHarnessPage, label: string): Promise<void> {
  const loaded = await harness.load(LLM_FIXTURE_ID, 'wasm');
  log(`${label}: load with warm-up`, `${(loaded.elapsedMs / 1000).toFixed(2)} s`);
  expect(loaded.errorName, loaded.errorMessage).toBeUndefined();
  expect(loaded.value).toMatchObject({ phase: 'ready', modelId: LLM_FIXTURE_ID, device: 'wasm' });
  const times = (await harness.phaseTimes()).filter((t) => t.phase === 'loading' || t.phase === 'warming');
  log(`${label}: load phases`, times.map((t) => `${t.phase} ${(t.ms / 1000).toFixed(2)} s`).join(', '));

  const written = await harness.generate(REQUEST);
  expect(written.errorName, written.errorMessage).toBeUndefined();
  const result = written.value!;
  log(
    `${label}: scripted note under the grammar`,
    `${result.promptTokens} prompt tokens, ${result.outputTokens} output tokens, first token ${Math.round(result.timeToFirstTokenMs)} ms, ` +
      `${(result.totalMs / 1000).toFixed(2)} s, ${(written.progress.at(-1)?.tokensPerSecond ?? 0).toFixed(0)} tokens/s while decoding`,
  );
  expect(result.text).toBe(script.text);
  const parsed = parseNote(JSON.parse(result.text), template);
  expect(parsed.ok).toBe(true);
  // Streamed: one progress event per token, the text growing as it goes.
  expect(written.progress.map((p) => p.outputTokens)).toEqual(Array.from({ length: result.outputTokens }, (_, i) => i + 1));
  expect(written.progress.at(-1)!.text.length).toBeGreaterThan(script.text.length / 2);
  expect(script.text.startsWith(written.progress.at(-1)!.text)).toBe(true);
}

describe('note engine in Chromium (LLM fixture, OPFS store, note worker)', () => {
  let dev: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    dev = await startNoteDevServer();
  });
  afterAll(async () => {
    await dev?.close();
  });

  it('WASM: loads through loading → warming → ready with per-file bytes, writes the scripted note under the grammar with streamed progress, cancels by message', { timeout: TEST_TIMEOUT_MS }, async () => {
    const harness = await openHarness(dev.url);
    await loadAndWriteNote(harness, 'dev');

    const statuses = await harness.statuses();
    expect(phases(statuses)).toEqual(['idle', 'loading', 'warming', 'ready', 'generating', 'ready']);
    const model = llmFixtureModel(LLM_FIXTURE_ID);
    const files = statuses.find((s) => s.phase === 'warming')!.files;
    expect(files.map((f) => f.file).sort()).toEqual(model.variants.find((v) => v.device === 'wasm')!.files.slice().sort());
    for (const file of files) expect(file.loadedBytes, file.file).toBe(file.totalBytes);

    // Mid-generation, and before anything was generated.
    const cancelled = await harness.generateAndCancel(REQUEST, 5);
    log('cancel after 5 tokens, rejected after', `${cancelled.elapsedMs.toFixed(0)} ms`);
    expect(cancelled.errorName).toBe('NoteGenerationCancelledError');
    expect(cancelled.progress.length).toBeLessThan(20);
    expect((await harness.generateAndCancel(REQUEST, 0)).errorName).toBe('NoteGenerationCancelledError');
    // Cancelling stopped one generation, not the engine.
    expect((await harness.generate(REQUEST)).value?.text).toBe(script.text);

    await harness.dispose();
    expect(await harness.status()).toEqual({ phase: 'idle', files: [] });
    expect((await harness.generate(REQUEST)).errorName).toBe('NoteNotReadyError');
  });

  it('WebGPU: the q4 build runs on the GPU (SwiftShader) under the grammar; the first tokens are the script’s', { timeout: WEBGPU_TEST_TIMEOUT_MS }, async () => {
    const harness = await openHarness(dev.url);
    const loaded = await harness.load(LLM_FIXTURE_ID, 'webgpu');
    log('WebGPU load with warm-up (SwiftShader)', `${(loaded.elapsedMs / 1000).toFixed(2)} s`);
    expect(loaded.errorName, loaded.errorMessage).toBeUndefined();
    expect(loaded.value).toMatchObject({ phase: 'ready', device: 'webgpu' });
    expect(loaded.value!.files.map((f) => f.file)).toContain('onnx/model_q4.onnx');
    // Only the final request (template and transcript): the rules and the worked example would
    // triple a prefill that SwiftShader makes slow, and the fixture ignores them anyway.
    const written = await harness.generate({ ...REQUEST, messages: REQUEST.messages.slice(-1), maxTokens: WEBGPU_TOKENS });
    expect(written.errorName, written.errorMessage).toBeUndefined();
    const result = written.value!;
    log('WebGPU first tokens (SwiftShader)', `${result.outputTokens} tokens, first after ${Math.round(result.timeToFirstTokenMs)} ms, ${(result.totalMs / 1000).toFixed(2)} s`);
    expect(result.outputTokens).toBe(WEBGPU_TOKENS);
    expect(script.text.startsWith(result.text)).toBe(true);
    expect(result.text.length).toBeGreaterThan(WEBGPU_TOKENS);
  });

  it('WebGPU: a GPU lost mid-note ends that worker; the client loads the model in a new one and writes the note again from the start, with a notice', { timeout: WEBGPU_TEST_TIMEOUT_MS }, async () => {
    const harness = await openHarness(dev.url, { gpuHooks: true });
    const loaded = await harness.load(LLM_FIXTURE_ID, 'webgpu');
    expect(loaded.errorName, loaded.errorMessage).toBeUndefined();
    expect(loaded.value).toMatchObject({ phase: 'ready', device: 'webgpu' });
    expect(loaded.value!.notice).toBeUndefined();
    const request = { ...REQUEST, messages: REQUEST.messages.slice(-1), maxTokens: WEBGPU_TOKENS };

    // The device is destroyed after the third token; the call still returns the script's first
    // tokens, decoded again in a new worker on a new GPU device.
    const written = await harness.generateAndLoseGpu(request, 3);
    log('WebGPU note with a GPU lost after 3 tokens, in a new worker (SwiftShader)', `${(written.elapsedMs / 1000).toFixed(2)} s`);
    expect(written.errorName, written.errorMessage).toBeUndefined();
    expect(written.value!.outputTokens).toBe(WEBGPU_TOKENS);
    expect(script.text.startsWith(written.value!.text)).toBe(true);
    // Progress started over: the count went back to 1 after the loss.
    expect(written.progress.map((p) => p.outputTokens).filter((n) => n === 1)).toHaveLength(2);
    // The worker answering now is a new one, whose only GPU device is alive.
    expect(await harness.worker({ harness: 'fail-gpu-requests', count: 0 })).toEqual({ harness: 'ack', devicesCreated: 1, devicesLost: 0 });
    expect(await harness.status()).toMatchObject({ phase: 'ready', device: 'webgpu', notice: NOTICE_NOTE_RESTARTED });
    expect(phases(await harness.statuses())).toEqual(expect.arrayContaining(['generating', 'error', 'loading', 'warming', 'ready']));
  });

  it('a production build bundles xgrammar and the engine chunks with the note worker, precaches them, and writes the note', { timeout: BUILD_TIMEOUT_MS }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'escriba-note-build-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, rollupOptions: { input: join(REPO_ROOT, 'test/bench/note-harness.html') } },
    });
    const assets = readdirSync(join(outDir, 'assets'));
    const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const worker = assets.find((name) => /^note\.worker-[\w-]+\.js$/.test(name));
    expect(worker, assets.join(', ')).toBeDefined();
    for (const name of assets.filter((a) => a.endsWith('.js'))) expect(sw, `${name} is precached`).toContain(`assets/${name}`);
    log('note worker chunks', assets.filter((a) => a.endsWith('.js')).length.toString());

    // Served like the app (scripts/serve.mjs), which wants an index.html at the root; the harness
    // reads the fixtures where the dev server has them, so they are copied to the same path.
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>Escriba</title>');
    cpSync(join(REPO_ROOT, 'test/fixtures/models'), join(outDir, 'test/fixtures/models'), { recursive: true });
    const server = await startServer({ port: 0, root: outDir });
    onTestFinished(() => server.close());
    const harness = await openHarness(server.url);
    await loadAndWriteNote(harness, 'build');
  });
});
