#!/usr/bin/env node
/**
 * `npm run bench:stt`: prints the speech-to-text benchmark as JSON (see test/bench/stt-bench.ts):
 * real-time factor, overhead against the plain transformers.js pipeline, backlog at stop in a
 * simulated live run, and peak memory, for a long consultation and the fixture Whisper model.
 *
 * Options (environment): BENCH_STT_MINUTES (default 11; the issue asks for at least 10),
 * BENCH_STT_DEVICE (wasm | webgpu; default wasm).
 */
import { runBench } from './bench-runner.mjs';

await runBench('/test/bench/stt-bench.ts', ({ runSttBench }, { devServerUrl, log }) =>
  runSttBench({
    devServerUrl,
    minutes: Number(process.env.BENCH_STT_MINUTES ?? 11),
    device: process.env.BENCH_STT_DEVICE === 'webgpu' ? 'webgpu' : 'wasm',
    log,
  }),
);
