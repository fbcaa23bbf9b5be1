#!/usr/bin/env node
/**
 * `npm run bench:note`: prints the note benchmark as JSON (see test/bench/note-bench.ts): for a
 * synthetic Spanish consultation and the note model the catalogue recommends, blocks, prompt and
 * output tokens, time to first token, tokens per second, total time, and the cost of the note
 * grammar (constrained against unconstrained tokens per second, same model, same run).
 *
 * Options (environment): BENCH_NOTE_MINUTES (default 15), BENCH_NOTE_DEVICE (wasm | webgpu;
 * default wasm), BENCH_NOTE_MAX_TOKENS (caps each generation's new tokens; default 1024, 0 for the
 * app's own limit).
 */
import { runBench } from './bench-runner.mjs';

const maxTokens = process.env.BENCH_NOTE_MAX_TOKENS;

await runBench(
  '/test/bench/note-bench.ts',
  ({ runNoteBench }, { devServerUrl, log }) =>
    runNoteBench({
      devServerUrl,
      minutes: Number(process.env.BENCH_NOTE_MINUTES ?? 15),
      device: process.env.BENCH_NOTE_DEVICE === 'webgpu' ? 'webgpu' : 'wasm',
      ...(maxTokens === undefined ? {} : { maxNewTokens: Number(maxTokens) > 0 ? Number(maxTokens) : null }),
      log,
    }),
  {
    // The note worker imports these only when it loads a model: found then, Vite would reload the page mid-run.
    optimizeDeps: ['@mlc-ai/web-xgrammar', '@mlc-ai/web-llm'],
    cacheDir: 'node_modules/.vite-bench-note',
  },
);
