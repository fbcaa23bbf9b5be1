/**
 * Which catalogue the app uses. A catalogue served by the app's own origin at /models/catalog.json
 * wins: that is how a clinic's server (or the test fixtures server) provisions models next to the
 * app. It may name its host relative to that origin ("/models/hub"), and it is remembered, so the
 * app started offline still knows the clinic's models. Otherwise the catalogue bundled with this
 * build is used, so a plain install needs no server.
 */
import bundled from '../../models/catalog.json';
import { InvalidCatalogError } from '../shared/errors';
import { loadCatalog, parseCatalog, type LoadedCatalog } from './catalog';

export const SAME_ORIGIN_CATALOG_PATH = '/models/catalog.json';

export interface ActiveCatalog {
  catalog: LoadedCatalog;
  origin: 'bundled' | 'local-server';
}

/** Where the last catalogue from the app's server is kept (the settings table). */
export interface RememberedCatalog {
  get(): Promise<unknown>;
  set(json: unknown): Promise<void>;
}

/** Fields that hold a URL a clinic catalogue may give relative to its origin: hosts and web-llm libraries. */
const RELATIVE_URL_KEYS = new Set(['host', 'modelLib']);

/** Turns `"host": "/models/hub"` (or a `modelLib`) into an absolute URL on `origin`, wherever one appears. */
export function resolveRelativeHosts(json: unknown, origin: string): unknown {
  if (Array.isArray(json)) return json.map((item) => resolveRelativeHosts(item, origin));
  if (json === null || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      RELATIVE_URL_KEYS.has(key) && typeof value === 'string' && value.startsWith('/')
        ? new URL(value, origin).href.replace(/\/+$/, '')
        : resolveRelativeHosts(value, origin),
    ]),
  );
}

export async function loadActiveCatalog(
  remembered: RememberedCatalog,
  origin: string = location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<ActiveCatalog> {
  const local = await fetchImpl(SAME_ORIGIN_CATALOG_PATH, { cache: 'no-cache' }).catch(() => undefined);
  // An app server without models answers with its SPA fallback page or a 404: not a catalogue.
  if (local?.ok && local.headers.get('content-type')?.includes('json')) {
    const text = await local.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InvalidCatalogError('El catálogo del servidor no es JSON válido', [String(error)], { cause: error });
    }
    const json = resolveRelativeHosts(parsed, origin);
    const catalog = await loadCatalog(json);
    // Remembering is for offline starts; a full disk must not stop the app from using it now.
    await remembered.set(json).catch(() => undefined);
    return { catalog, origin: 'local-server' };
  }
  if (local === undefined) {
    // Offline (the request itself failed): the clinic's catalogue from the last time online, unless
    // this version of Escriba no longer reads it; then the bundled one.
    const kept = await remembered.get().catch(() => undefined);
    if (kept !== undefined) {
      try {
        return { catalog: parseCatalog(kept), origin: 'local-server' };
      } catch {
        /* fall through to the bundled catalogue */
      }
    }
  }
  return { catalog: parseCatalog(bundled), origin: 'bundled' };
}
