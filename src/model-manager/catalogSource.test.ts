import { describe, expect, it } from 'vitest';
import bundled from '../../models/catalog.json';
import { InvalidCatalogError } from '../shared/errors';
import { SAME_ORIGIN_CATALOG_PATH, loadActiveCatalog, resolveRelativeHosts, type RememberedCatalog } from './catalogSource';

const ORIGIN = 'http://localhost:4173';

function answering(body: string, contentType: string, status = 200): typeof fetch {
  return async (input) => {
    expect(String(input)).toBe(SAME_ORIGIN_CATALOG_PATH);
    return new Response(body, { status, headers: { 'content-type': contentType } });
  };
}
const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;

function memory(initial?: unknown): RememberedCatalog & { value: unknown } {
  return {
    value: initial,
    async get() {
      return this.value;
    },
    async set(json) {
      this.value = json;
    },
  };
}

const onlyFirst = { ...bundled, models: bundled.models.slice(0, 1) };

describe('loadActiveCatalog', () => {
  it('uses the bundled catalogue when the app server has none (SPA fallback page, 404, offline)', async () => {
    for (const fetchImpl of [answering('<!doctype html>', 'text/html'), answering('no', 'text/plain', 404), offline]) {
      const active = await loadActiveCatalog(memory(), ORIGIN, fetchImpl);
      expect(active.origin).toBe('bundled');
      expect(active.catalog.models.map((m) => m.id)).toEqual(bundled.models.map((m) => m.id));
    }
  });

  it("prefers a catalogue served next to the app (a clinic's server, the fixtures server) and remembers it", async () => {
    const kept = memory();
    const active = await loadActiveCatalog(kept, ORIGIN, answering(JSON.stringify(onlyFirst), 'application/json'));
    expect(active.origin).toBe('local-server');
    expect(active.catalog.models.map((m) => m.id)).toEqual([bundled.models[0]!.id]);
    expect(kept.value).toEqual(onlyFirst);
  });

  it("starts offline with the clinic's catalogue from the last time online, not the bundled one", async () => {
    const active = await loadActiveCatalog(memory(onlyFirst), ORIGIN, offline);
    expect(active.origin).toBe('local-server');
    expect(active.catalog.models).toHaveLength(1);
  });

  it('refuses an invalid local catalogue loudly instead of silently using another one', async () => {
    const bad = answering('{"version":1,"models":[{"id":"X"}]}', 'application/json');
    await expect(loadActiveCatalog(memory(), ORIGIN, bad)).rejects.toBeInstanceOf(InvalidCatalogError);
  });
});

describe('loadActiveCatalog when something is off', () => {
  it('names a local catalogue that is not JSON as an invalid catalogue', async () => {
    await expect(loadActiveCatalog(memory(), ORIGIN, answering('{"version":', 'application/json'))).rejects.toBeInstanceOf(
      InvalidCatalogError,
    );
  });

  it('still uses a good local catalogue when remembering it fails (a full disk)', async () => {
    const full = { get: async () => undefined, set: () => Promise.reject(new DOMException('full', 'QuotaExceededError')) };
    const active = await loadActiveCatalog(full, ORIGIN, answering(JSON.stringify(onlyFirst), 'application/json'));
    expect(active.origin).toBe('local-server');
  });

  it('falls back to the bundled catalogue offline when the remembered one no longer parses', async () => {
    const active = await loadActiveCatalog(memory({ version: 99, models: 'old' }), ORIGIN, offline);
    expect(active.origin).toBe('bundled');
  });
});

describe('resolveRelativeHosts', () => {
  it('makes hosts that start with "/" absolute on the serving origin and leaves the rest', () => {
    expect(
      resolveRelativeHosts({ a: [{ host: '/models/hub/' }, { host: 'https://huggingface.co' }], name: '/x' }, ORIGIN),
    ).toEqual({ a: [{ host: `${ORIGIN}/models/hub` }, { host: 'https://huggingface.co' }], name: '/x' });
  });

  it('resolves a web-llm library given relative to the origin too', () => {
    expect(resolveRelativeHosts({ modelLib: '/models/libs/a.wasm' }, ORIGIN)).toEqual({ modelLib: `${ORIGIN}/models/libs/a.wasm` });
  });
});
