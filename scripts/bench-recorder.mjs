#!/usr/bin/env node
/**
 * `npm run bench:recorder`: builds (via the npm script), then prints the recorder benchmark as
 * JSON. See test/bench/recorder-bench.ts for what is measured. Timing lives here, never in tests.
 *
 * Options (environment): BENCH_APPEND_SECONDS (default 3600), BENCH_RECORD_SECONDS (default 60;
 * 0 skips the recording in the built app, i.e. measures only the storage path).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The dev server both serves the append page (b) and loads the TypeScript bench module in Node.
const vite = await createServer({
  root: repoRoot,
  configFile: resolve(repoRoot, 'vite.config.ts'),
  server: { port: 0, host: 'localhost', strictPort: false, hmr: false },
  logLevel: 'warn',
});
let exitCode = 0;
try {
  await vite.listen();
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite dev server has no TCP address');
  const devServerUrl = `http://localhost:${address.port}`;
  const { runRecorderBench } = await vite.ssrLoadModule('/test/bench/recorder-bench.ts');
  const result = await runRecorderBench({
    devServerUrl,
    appendSeconds: Number(process.env.BENCH_APPEND_SECONDS ?? 3600),
    recordSeconds: Number(process.env.BENCH_RECORD_SECONDS ?? 60),
    log: (message) => console.error(message),
  });
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await vite.close();
}
process.exit(exitCode);
