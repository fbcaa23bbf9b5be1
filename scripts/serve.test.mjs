// The static server's promises to the e2e specs and to the fixture-model loader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './serve.mjs';

const root = mkdtempSync(join(tmpdir(), 'escriba-serve-test-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'sw.js'), '// service worker');
writeFileSync(join(root, 'app.js'), 'export {};');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('serve.mjs', () => {
  it('falls back to index.html for app routes but not for missing files', async () => {
    const server = await startServer({ port: 0, root });
    try {
      const route = await fetch(`${server.url}/consulta/123`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>app</title>');
      expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('makes the browser revalidate sw.js and index.html on every update check', async () => {
    const server = await startServer({ port: 0, root });
    try {
      expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
      expect((await fetch(`${server.url}/`)).headers.get('cache-control')).toBe('no-cache');
    } finally {
      await server.close();
    }
  });

  it('serves fixture models with Range only when asked to, and 404 otherwise', async () => {
    const plain = await startServer({ port: 0, root });
    try {
      expect((await fetch(`${plain.url}/models/README.md`)).status).toBe(404);
    } finally {
      await plain.close();
    }
    const withFixtures = await startServer({ port: 0, root, fixtures: true });
    try {
      const partial = await fetch(`${withFixtures.url}/models/README.md`, { headers: { Range: 'bytes=2-8' } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toMatch(/^bytes 2-8\/\d+$/);
      expect(await partial.text()).toBe('Fixture');
      expect((await fetch(`${withFixtures.url}/models/missing.json`)).status).toBe(404);
    } finally {
      await withFixtures.close();
    }
  });

  it('closes promptly and can be restarted on the same port', async () => {
    const first = await startServer({ port: 0, root });
    await fetch(`${first.url}/`); // leaves a keep-alive socket open
    await first.close();
    await expect(fetch(`${first.url}/`)).rejects.toThrow();
    const second = await startServer({ port: first.port, root });
    try {
      expect((await fetch(`${second.url}/`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('refuses to start without a build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'escriba-serve-empty-'));
    try {
      await expect(startServer({ port: 0, root: empty })).rejects.toThrow(/npm run build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
