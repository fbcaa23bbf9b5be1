#!/usr/bin/env node
/**
 * Static server for the built app, used by the end-to-end tests and by `npm run start:fixtures`.
 *
 * Serves `dist/` with a single-page fallback to index.html. `sw.js` and `index.html` are sent with
 * `Cache-Control: no-cache` so the browser's update check always reaches the server: that is what
 * the update test relies on, and what a real deployment must do too.
 *
 * With `fixtures`, `test/fixtures/models/` is served at `/models/` (Range requests answered with
 * 206 by sirv), which is how tests point the app at tiny generated models instead of a model hub.
 * Without it `/models/` answers 404 rather than falling back to index.html, so a missing model
 * never looks like an HTML file to the loader.
 *
 * Every response carries the cross-origin isolation headers (cross-origin-isolation.json): without
 * them the page is not `crossOriginIsolated`, SharedArrayBuffer is missing and ONNX Runtime's WASM
 * backend runs on one thread.
 *
 * Programmatic use: `const server = await startServer({ port: 0 }); …; await server.close();`.
 * Tests close and restart it (on the same port, so the origin and its storage stay the same) to
 * prove the app works offline and to serve a new build.
 */
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import CROSS_ORIGIN_ISOLATION from './cross-origin-isolation.json' with { type: 'json' };

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// ESCRIBA_DIST: serve another build (engineers building in parallel in one checkout use their own).
export const DEFAULT_ROOT = resolve(REPO_ROOT, process.env.ESCRIBA_DIST ?? 'dist');
export const FIXTURE_MODELS_DIR = resolve(REPO_ROOT, 'test/fixtures/models');
export const DEFAULT_PORT = 4173;
const MODELS_PREFIX = '/models/';
const ALWAYS_REVALIDATE = new Set(['/sw.js', '/index.html', '/', '/manifest.webmanifest']);

/**
 * @param {{ port?: number, fixtures?: boolean, modelsDir?: string, root?: string, host?: string }} [options]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startServer({ port = DEFAULT_PORT, fixtures = false, modelsDir, root = DEFAULT_ROOT, host = '127.0.0.1' } = {}) {
  const appRoot = resolve(root);
  if (!existsSync(resolve(appRoot, 'index.html'))) {
    throw new Error(`No hay build en ${appRoot}: ejecute "npm run build" primero.`);
  }
  const app = sirv(appRoot, {
    single: true,
    etag: true,
    // Hashed assets could be cached forever, but tests swap whole builds under the same origin:
    // revalidating everything keeps what the browser sees equal to what is on disk.
    maxAge: 0,
    setHeaders(res, pathname) {
      if (ALWAYS_REVALIDATE.has(pathname)) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  // dev mode reads the folder on every request: fixture files written after start-up are served too.
  const modelsRoot = modelsDir ?? (fixtures ? FIXTURE_MODELS_DIR : undefined);
  const models = modelsRoot ? sirv(modelsRoot, { dev: true, etag: true, dotfiles: false }) : undefined;

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) res.setHeader(name, value);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith(MODELS_PREFIX)) {
      if (!models) return notFound(res);
      req.url = (req.url ?? '/').slice(MODELS_PREFIX.length - 1);
      return models(req, res, () => notFound(res));
    }
    return app(req, res, () => notFound(res));
  });
  // Keep-alive sockets would hold close() open (and keep "offline" tests secretly online).
  server.keepAliveTimeout = 1_000;

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(undefined);
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('El servidor no tiene dirección TCP');
  const url = `http://localhost:${address.port}`;

  return {
    url,
    port: address.port,
    close() {
      return new Promise((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose(undefined)));
        server.closeAllConnections();
      });
    },
  };
}

/** @param {import('node:http').ServerResponse} res */
function notFound(res) {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('No encontrado');
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const fixtures = process.argv.includes('--fixtures');
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const server = await startServer({ port, fixtures });
  console.log(`Escriba en ${server.url}${fixtures ? ` (modelos de prueba en ${server.url}/models/)` : ''}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
