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
 * Every response carries the security headers (security-headers.mjs): cross-origin isolation
 * (without it the page is not `crossOriginIsolated`, SharedArrayBuffer is missing and ONNX
 * Runtime's WASM backend runs on one thread), a Content-Security-Policy whose `connect-src` allows
 * only this origin and the hosts of the catalogues served (the bundled one and `/models/catalog.json`),
 * and a Permissions-Policy. With `reportCsp`, the policy asks the browser to report violations to
 * `/__csp-report`; they are kept in `cspViolations`, which the tests require to stay empty.
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
import { securityHeaders } from './security-headers.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// ESCRIBA_DIST: serve another build (engineers building in parallel in one checkout use their own).
export const DEFAULT_ROOT = resolve(REPO_ROOT, process.env.ESCRIBA_DIST ?? 'dist');
export const FIXTURE_MODELS_DIR = resolve(REPO_ROOT, 'test/fixtures/models');
export const DEFAULT_PORT = 4173;
const MODELS_PREFIX = '/models/';
const BUNDLED_CATALOG = resolve(REPO_ROOT, 'models/catalog.json');
const CSP_REPORT_PATH = '/__csp-report';
const ALWAYS_REVALIDATE = new Set(['/sw.js', '/index.html', '/', '/manifest.webmanifest']);

/**
 * @param {{ port?: number, fixtures?: boolean, modelsDir?: string, root?: string, host?: string, reportCsp?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, cspViolations: unknown[], close(): Promise<void> }>}
 */
export async function startServer({ port = DEFAULT_PORT, fixtures = false, modelsDir, root = DEFAULT_ROOT, host = '127.0.0.1', reportCsp = false } = {}) {
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

  const catalogues = [BUNDLED_CATALOG, ...(modelsRoot ? [resolve(modelsRoot, 'catalog.json')] : [])];
  const headers = securityHeaders({ catalogues, reportUri: reportCsp ? CSP_REPORT_PATH : undefined });
  const cspViolations = [];

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers())) res.setHeader(name, value);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (reportCsp && pathname === CSP_REPORT_PATH && req.method === 'POST') return collectReport(req, res, cspViolations);
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
    cspViolations,
    close() {
      return new Promise((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose(undefined)));
        server.closeAllConnections();
      });
    },
  };
}

/** A browser's CSP violation report (`application/csp-report` JSON): kept for the test to fail on. */
function collectReport(req, res, violations) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      violations.push(body['csp-report'] ?? body);
    } catch {
      violations.push({ unreadable: Buffer.concat(chunks).toString('utf8').slice(0, 500) });
    }
    res.statusCode = 204;
    res.end();
  });
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
