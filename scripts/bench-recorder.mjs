#!/usr/bin/env node
/**
 * `npm run bench:recorder`: builds (via the npm script), then prints the recorder benchmark as
 * JSON. See test/bench/recorder-bench.ts for what is measured.
 *
 * Options (environment): BENCH_APPEND_SECONDS (default 3600), BENCH_RECORD_SECONDS (default 60;
 * 0 skips the recording in the built app, i.e. measures only the storage path).
 */
import { runBench } from './bench-runner.mjs';

await runBench('/test/bench/recorder-bench.ts', ({ runRecorderBench }, { devServerUrl, log }) =>
  runRecorderBench({
    devServerUrl,
    appendSeconds: Number(process.env.BENCH_APPEND_SECONDS ?? 3600),
    recordSeconds: Number(process.env.BENCH_RECORD_SECONDS ?? 60),
    log,
  }),
);
