/**
 * A Vite dev server rooted at the repository, for pages that import the app's modules directly
 * (test/bench/*.html): the model-download spec and the benchmarks. Only on localhost.
 */
import { resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { REPO_ROOT } from './chromium';

export interface DevServer {
  /** `http://localhost:<port>` */
  url: string;
  vite: ViteDevServer;
  close(): Promise<void>;
}

export async function startDevServer(): Promise<DevServer> {
  const vite = await createServer({
    root: REPO_ROOT,
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    server: { port: 0, host: 'localhost', strictPort: false, hmr: false },
    // Pre-bundle what the download worker imports: discovered later, Vite would re-optimise and
    // reload the page in the middle of a test.
    optimizeDeps: { include: ['hash-wasm'] },
    logLevel: 'warn',
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite dev server has no TCP address');
  return { url: `http://localhost:${address.port}`, vite, close: () => vite.close() };
}
