/**
 * Which catalogue the app uses. A catalogue served by the app's own origin at /models/catalog.json
 * wins: that is how a clinic's server (or the test fixtures server) provisions models next to the
 * app. Otherwise the catalogue bundled with this build is used, so a plain install needs no server.
 */
import bundled from '../../models/catalog.json';
import { loadCatalog, parseCatalog, type LoadedCatalog } from './catalog';

export const SAME_ORIGIN_CATALOG_PATH = '/models/catalog.json';

export interface ActiveCatalog {
  catalog: LoadedCatalog;
  origin: 'bundled' | 'local-server';
}

export async function loadActiveCatalog(fetchImpl: typeof fetch = fetch): Promise<ActiveCatalog> {
  const local = await fetchImpl(SAME_ORIGIN_CATALOG_PATH, { cache: 'no-cache' }).catch(() => undefined);
  // An app server without models answers with its SPA fallback page or a 404: not a catalogue.
  if (local?.ok && local.headers.get('content-type')?.includes('json')) {
    return { catalog: await loadCatalog(await local.json()), origin: 'local-server' };
  }
  return { catalog: parseCatalog(bundled), origin: 'bundled' };
}
