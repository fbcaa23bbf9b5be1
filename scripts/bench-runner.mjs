/**
 * What every `npm run bench:*` script shares: a Vite dev server that both serves the bench's
 * browser pages and loads its TypeScript module in Node; the result is printed as JSON on stdout
 * (progress goes to stderr). Timing lives in benchmarks, never in tests.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { createServer } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string} modulePath the bench module, from the repo root (e.g. '/test/bench/download-bench.ts')
 * @param {(module: Record<string, any>, context: { devServerUrl: string, log: (message: string) => void }) => Promise<unknown>} run
 * @param {{ optimizeDeps?: string[], cacheDir?: string, modelsDir?: string }} [options] more dependencies for
 *   Vite to pre-bundle at start; a pre-bundle folder of the bench's own (from the repo root), which another
 *   dev server of the same checkout cannot re-optimise under a running bench (its page would get 504
 *   "Outdated Optimize Dep"); a model folder (catalog.json + hub/) to serve at /models/, as
 *   `npm run start:fixtures` or a clinic's server does, so the page loads the catalogue the app would
 */
export async function runBench(modulePath, run, { optimizeDeps = [], cacheDir, modelsDir } = {}) {
  const vite = await createServer({
    root: repoRoot,
    configFile: resolve(repoRoot, 'vite.config.ts'),
    server: { port: 0, host: 'localhost', strictPort: false, hmr: false },
    // As in test/support/dev-server.ts: found late, hash-wasm would make Vite reload the page mid-run.
    optimizeDeps: { include: ['hash-wasm', ...optimizeDeps] },
    ...(cacheDir ? { cacheDir: resolve(repoRoot, cacheDir) } : {}),
    logLevel: 'warn',
    plugins: modelsDir ? [serveModels(modelsDir)] : [],
  });
  let exitCode = 0;
  try {
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('Vite dev server has no TCP address');
    const module = await vite.ssrLoadModule(modulePath);
    const result = await run(module, {
      devServerUrl: `http://localhost:${address.port}`,
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
}

/**
 * `/models/` from `dir` (before Vite's own middlewares, so the repository's bundled models/ is not
 * what answers); anything missing is a 404, never another file. Module imports (`?import`, such as
 * catalogSource.ts importing the bundled models/catalog.json) are left to Vite.
 * @param {string} dir
 * @returns {import('vite').Plugin}
 */
function serveModels(dir) {
  const files = sirv(resolve(dir), { dev: true, etag: true, dotfiles: false });
  return {
    name: 'escriba-bench-models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        if (/[?&]import\b/.test(req.url ?? '')) return next();
        files(req, res, () => {
          res.statusCode = 404;
          res.end();
        });
      });
    },
  };
}
