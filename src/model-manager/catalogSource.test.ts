import { describe, expect, it } from 'vitest';
import bundled from '../../models/catalog.json';
import { InvalidCatalogError } from '../shared/errors';
import { SAME_ORIGIN_CATALOG_PATH, loadActiveCatalog } from './catalogSource';

function answering(body: string, contentType: string, status = 200): typeof fetch {
  return async (input) => {
    expect(String(input)).toBe(SAME_ORIGIN_CATALOG_PATH);
    return new Response(body, { status, headers: { 'content-type': contentType } });
  };
}

describe('loadActiveCatalog', () => {
  it('uses the bundled catalogue when the app server has none (SPA fallback page, 404, offline)', async () => {
    for (const fetchImpl of [
      answering('<!doctype html>', 'text/html'),
      answering('no', 'text/plain', 404),
      (() => Promise.reject(new TypeError('offline'))) as typeof fetch,
    ]) {
      const active = await loadActiveCatalog(fetchImpl);
      expect(active.origin).toBe('bundled');
      expect(active.catalog.models.map((m) => m.id)).toEqual(bundled.models.map((m) => m.id));
    }
  });

  it("prefers a catalogue served next to the app (a clinic's server, the fixtures server)", async () => {
    const onlyFirst = { ...bundled, models: bundled.models.slice(0, 1) };
    const active = await loadActiveCatalog(answering(JSON.stringify(onlyFirst), 'application/json'));
    expect(active.origin).toBe('local-server');
    expect(active.catalog.models.map((m) => m.id)).toEqual([bundled.models[0]!.id]);
  });

  it('refuses an invalid local catalogue loudly instead of silently using another one', async () => {
    await expect(loadActiveCatalog(answering('{"version":1,"models":[{"id":"X"}]}', 'application/json'))).rejects.toBeInstanceOf(
      InvalidCatalogError,
    );
  });
});
